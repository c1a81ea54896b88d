/**
 * The sums the rules compare each 总计 with, shown beside the typed total: a row's applicant
 * columns, the results (一)–(六) of a column for （七）总计, a group's four outcomes
 * . Display only: whether a total is wrong is the validator's to say (rules.ts), with blanks
 * read as it reads them.
 */
import { APPLICANT_COLUMNS, OUTCOME_COLUMNS, requestRows, requestsLayoutOf, REVIEW_GROUPS, type Report } from '../report';
import { getAt } from './model';

type Sums = Map<string, number | null>;

/** null when every addend is blank: there is nothing to compute. */
function sumOf(values: unknown[]): number | null {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0);
}

function computedTotals(report: Report): Sums {
  const sums: Sums = new Map();
  const table = report.sections.requests.table;
  const rows = requestRows(requestsLayoutOf(report));
  const addends = APPLICANT_COLUMNS.filter((c) => c.key !== 'total');
  const details = rows.filter((row) => row.path[0] === 'results' && row.path[1] !== 'total');
  for (const row of rows) {
    sums.set(`sections.requests.table.${row.path.join('.')}.total`, sumOf(addends.map((c) => getAt(table, [...row.path, c.key]))));
  }
  for (const c of addends) sums.set(`sections.requests.table.results.total.${c.key}`, sumOf(details.map((row) => getAt(table, [...row.path, c.key]))));
  for (const group of REVIEW_GROUPS) {
    const cells = report.sections.reviews.table[group.key];
    sums.set(`sections.reviews.table.${group.key}.total`, sumOf(OUTCOME_COLUMNS.filter((c) => c.key !== 'total').map((c) => cells[c.key])));
  }
  return sums;
}

/** Writes each sum into its <output>, marked when it differs from the typed figure. */
export function showTotals(root: ParentNode, report: Report): void {
  const sums = computedTotals(report);
  for (const output of Array.from(root.querySelectorAll<HTMLOutputElement>('output[data-computed]'))) {
    const key = output.dataset.computed!;
    const sum = sums.get(key) ?? null;
    const typed = getAt(report, key.split('.'));
    output.textContent = sum === null ? '' : `= ${sum}`;
    output.classList.toggle('differs', sum !== null && typeof typed === 'number' && typed !== sum);
  }
}
