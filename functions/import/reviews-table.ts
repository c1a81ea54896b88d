/**
 * Section 四: fifteen numbers under a header of labels and no row labels, read in order and, if
 * flattened, cut so that each group of five adds up.
 */
import { labelId, OUTCOME_COLUMNS, REVIEW_GROUPS, REVIEWS_HEADER } from '../report/labels';
import { findOuterLabels } from './labels-found';
import { missingCells, quoteValues } from './rows';
import type { Run } from './runs';
import { candidateCells, COUNT, countOf, printedCells, type CellText } from './split';
import type { Findings } from './summary';

const GROUP = OUTCOME_COLUMNS.length;
const CELLS = GROUP * REVIEW_GROUPS.length;

const groupsAddUp = (cells: CellText[]) => {
  if (cells.length % GROUP !== 0) return true;
  const group = cells.slice(-GROUP).map(countOf);
  return group[4] === null || group.slice(0, 4).reduce((a: number, b) => a + (b ?? 0), 0) === group[4];
};

export function readReviewsTable(runs: Run[], leftover: string[], findings: Findings) {
  findings.cellsExpected += CELLS;
  // The table's numbers are its first runs: as many as make fifteen cells. What follows (a table
  // the report added after it, under a heading the importer did not take for a section) is not.
  let values = runs.flatMap((run) => run.values);
  let cells: CellText[][] = [];
  for (let count = 1; count <= runs.length && cells.length === 0; count++) {
    values = runs.slice(0, count).flatMap((run) => run.values);
    cells = candidateCells(values, CELLS, (t) => COUNT.test(t), groupsAddUp);
    if (cells.length === 0) cells = candidateCells(values, CELLS, (t) => COUNT.test(t));
    if (cells.length > 0) for (const run of runs.slice(count)) findings.unplace(`${run.label?.text ?? ''} ${quoteValues(run.values)}`);
  }
  const partial = cells.length === 0 ? printedCells(values, CELLS, (t) => COUNT.test(t)) : undefined;
  if (partial) {
    cells = [partial.cells];
    findings.cellsRead -= partial.missing;
    findings.needsPerson.push(missingCells('四: ', values, partial.missing));
  }
  const chosen = cells[0];
  if (!chosen) findings.needsPerson.push(`四: 印作「${quoteValues(values)}」，读不出 ${CELLS} 个数`);
  else {
    findings.cellsRead += CELLS;
    if (cells.length > 1) findings.needsPerson.push(`四: 印作「${quoteValues(values)}」，可读作 ${cells.length} 种，按「${chosen.join(' | ')}」读入，请核对`);
  }
  const table = Object.fromEntries(
    REVIEW_GROUPS.map((group, g) => [group.key, Object.fromEntries(OUTCOME_COLUMNS.map((column, c) => [column.key, countOf(chosen?.[g * GROUP + c] ?? null)]))]),
  );
  const outer: [string, string][] = [
    ...(Object.keys(REVIEWS_HEADER) as (keyof typeof REVIEWS_HEADER)[]).map((part): [string, string] => [labelId.reviewsHeader(part), REVIEWS_HEADER[part]]),
    ...REVIEW_GROUPS.filter((g) => g.key !== 'review').map((g): [string, string] => [labelId.reviewGroup(g.key), g.label]),
    ...REVIEW_GROUPS.flatMap((g) => OUTCOME_COLUMNS.map((c): [string, string] => [labelId.reviewColumn(g.key, c.key), c.label])),
  ];
  const pieces = [...leftover, ...runs.flatMap((run) => [...run.before, ...(run.label ? [run.label] : [])].map((t) => t.text))];
  const labels = findOuterLabels(pieces, outer);
  for (const quote of labels.unplaced) findings.unplace(quote);
  return { table, printedLabels: labels.printed };
}
