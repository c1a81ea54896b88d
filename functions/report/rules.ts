/**
 * The arithmetic consistency rules (勾稽关系) of docs/format.md §5, as pure functions of a parsed
 * report. R-5 (non-negative integers, decimal amounts) is enforced by the schema and reported
 * with its id there (problems.ts). Every violation names every cell it involves.
 *
 * Blank cells (null: the publication printed nothing there) are read so that no error is ever
 * caused by a blank alone (docs/format.md §5.1):
 * - a blank result (a row's 总计, a cell of （七）总计, a 总计 of section 四) is not checked; it
 *   takes the value it would have, and a warning says so;
 * - a blank addend counts as 0; when a rule then fails but a non-negative value in the blank
 *   would make it hold, that is a warning naming the blank and the value, not an error;
 * - every other blank gets a warning suggesting 0, so that a new report fills it in.
 */
import type { Cell } from './common';
import { APPLICANT_COLUMNS, OUTCOME_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS, requestRows, type ApplicantColumn, type RequestRowLayout } from './labels';
import { proactiveLayoutOf, requestsLayoutOf } from './layouts';
import type { Problem } from './problems';
import type { Report } from './schema';

export type ArithmeticRule = 'R-1' | 'R-2' | 'R-3' | 'R-4';
export const ARITHMETIC_RULES: Record<ArithmeticRule, { zh: string; en: string }> = {
  'R-1': { zh: '第三部分各列：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理', en: 'Section 3 (requests), each column: received + carried over = results total + carried forward' },
  'R-2': { zh: '第三部分各行：总计 = 各类申请人之和', en: 'Section 3 (requests), each row: total = sum of the applicant columns' },
  'R-3': { zh: '第三部分各列：（七）总计 = （一）至（六）各项之和', en: 'Section 3 (requests), each column: results total = sum of results (1)–(6)' },
  'R-4': { zh: '第四部分各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结', en: 'Section 4 (reviews and litigation), each group: total = upheld + corrected + other + pending' },
};
const RULE_ORDER: ArithmeticRule[] = ['R-1', 'R-2', 'R-3', 'R-4'];

const REQUESTS_PATH = 'sections.requests.table';
const REVIEWS_PATH = 'sections.reviews.table';
const REQUESTS_HEADING = SECTION_HEADINGS.requests;
const REVIEWS_HEADING = SECTION_HEADINGS.reviews;

/** A cell as the rules read it: its value, and whether that value stands in for a blank. */
interface Term {
  path: string;
  value: number;
  /** Blank as published (counted as 0), or a blank result given the value it would have. */
  blank: boolean;
  /** For a blank result: the rule that gave it its value (it is then not checked). */
  derivedBy?: ArithmeticRule;
}

/** What the rules found: violations (errors unless acknowledged) and what they say about blanks. */
export interface RuleFindings {
  violations: Problem[];
  /** One warning per blank cell: the value a rule gives it, or a suggestion to write 0. */
  blanks: Problem[];
}

const sum = (terms: Term[]) => terms.reduce((total, term) => total + term.value, 0);
/** Chinese labels quoted in messages drop their numbering ("一、", "（七）", "1."). */
const bare = (label: string) => label.replace(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/, '');
/** Said after figures when a blank was read as 0. */
const blanksNote = (terms: Term[]) => (terms.some((term) => term.blank) ? { zh: '（空白按 0 计）', en: ' (blanks read as 0)' } : { zh: '', en: '' });

/** An equation of a rule: the left side must add up to the right side. */
interface Equation {
  rule: ArithmeticRule;
  left: Term[];
  right: Term[];
  /** The cell the violation points at. */
  path: string;
  message: (left: number, right: number) => { zh: string; en: string };
}

/** Blanks a failed equation needs to be non-zero: which, and how much they must add up to. */
interface BlankNeed {
  rule: ArithmeticRule;
  terms: Term[];
  amount: number;
}

/**
 * Checks an equation: a violation when it fails with blanks read as 0 and no non-negative value
 * in a blank could make it hold; a need for the blanks when one could.
 */
function checkEquation(equation: Equation): { violation?: Problem; need?: BlankNeed } {
  const left = sum(equation.left);
  const right = sum(equation.right);
  if (left === right) return {};
  const short = left < right ? equation.left : equation.right;
  const blanks = short.filter((term) => term.blank);
  if (blanks.length > 0) return { need: { rule: equation.rule, terms: blanks, amount: Math.abs(left - right) } };
  const terms = [...equation.left, ...equation.right];
  const note = blanksNote(terms);
  const text = equation.message(left, right);
  return {
    violation: {
      rule: equation.rule,
      path: equation.path,
      paths: terms.map((term) => term.path),
      expected: left,
      found: right,
      zh: text.zh + note.zh,
      en: text.en + note.en,
    },
  };
}

interface RequestsGrid {
  rows: RequestRowLayout[];
  received: RequestRowLayout;
  carriedOver: RequestRowLayout;
  total: RequestRowLayout;
  carriedForward: RequestRowLayout;
  details: RequestRowLayout[];
  term: (row: RequestRowLayout, column: ApplicantColumn) => Term;
}

function cellAt(table: unknown, path: readonly string[]): Cell {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], table) as Cell;
}

/**
 * Section 三 with its blank results given the values they would have: each row's 总计 the sum of
 * its applicant columns (R-2), each cell of （七）总计 the sum of the items above it (R-3), and
 * （七）'s own 总计 the sum of its row.
 */
function requestsGrid(report: Report): RequestsGrid {
  const layout = requestsLayoutOf(report);
  const table = report.sections.requests.table;
  const rows = requestRows(layout);
  const [received, carriedOver] = layout.before as [RequestRowLayout, RequestRowLayout];
  const [carriedForward] = layout.after as [RequestRowLayout];
  const total = rows.find((row) => row.path.join('.') === 'results.total')!;
  const details = rows.filter((row) => row.path[0] === 'results' && row !== total);
  const path = (row: RequestRowLayout, column: string) => `${REQUESTS_PATH}.${row.path.join('.')}.${column}`;

  const terms = new Map<string, Term>();
  const given = (row: RequestRowLayout, column: ApplicantColumn): Term | undefined => {
    const value = cellAt(table, [...row.path, column]);
    return value === null ? undefined : { path: path(row, column), value, blank: false };
  };
  const term = (row: RequestRowLayout, column: ApplicantColumn): Term => terms.get(path(row, column))!;
  const resolve = (row: RequestRowLayout, column: ApplicantColumn, rule: ArithmeticRule, parts: () => Term[]) => {
    const known = given(row, column);
    if (known) {
      terms.set(known.path, known);
      return;
    }
    const value: Term = { path: path(row, column), value: sum(parts()), blank: true, derivedBy: rule };
    terms.set(value.path, value);
  };
  const addends = APPLICANT_COLUMNS.filter((column) => column.key !== 'total');

  for (const row of rows.filter((row) => row !== total)) {
    for (const column of addends) {
      terms.set(path(row, column.key), given(row, column.key) ?? { path: path(row, column.key), value: 0, blank: true });
    }
    resolve(row, 'total', 'R-2', () => addends.map((column) => term(row, column.key)));
  }
  for (const column of addends) resolve(total, column.key, 'R-3', () => details.map((row) => term(row, column.key)));
  resolve(total, 'total', 'R-2', () => addends.map((column) => term(total, column.key)));
  return { rows, received, carriedOver, total, carriedForward, details, term };
}

function requestsEquations(grid: RequestsGrid): Equation[] {
  const { received, carriedOver, total, carriedForward, details, term } = grid;
  const equations: Equation[] = [];
  const checked = (t: Term) => t.derivedBy === undefined;

  for (const column of APPLICANT_COLUMNS) {
    const cells = [received, carriedOver, total, carriedForward].map((row) => term(row, column.key));
    const [a, b, c, d] = cells as [Term, Term, Term, Term];
    equations.push({
      rule: 'R-1',
      left: [a, b],
      right: [c, d],
      path: c.path,
      message: (left, right) => ({
        zh: `${REQUESTS_HEADING}「${column.label}」列：本年新收（${a.value}）加上年结转（${b.value}）为 ${left}，应等于（七）总计（${c.value}）加结转下年度继续办理（${d.value}），实为 ${right}`,
        en: `section 3, column "${column.en}": received (${a.value}) + carried over (${b.value}) = ${left}, but results total (${c.value}) + carried forward (${d.value}) = ${right}`,
      }),
    });
    const result = term(total, column.key);
    if (checked(result)) {
      equations.push({
        rule: 'R-3',
        left: details.map((row) => term(row, column.key)),
        right: [result],
        path: result.path,
        message: (left) => ({
          zh: `${REQUESTS_HEADING}「${column.label}」列：（七）总计应为（一）至（六）各项之和 ${left}，实为 ${result.value}`,
          en: `section 3, column "${column.en}": the results total must be the sum of items (1)–(6), ${left}, but is ${result.value}`,
        }),
      });
    }
  }

  const addends = APPLICANT_COLUMNS.filter((column) => column.key !== 'total');
  for (const row of grid.rows) {
    const result = term(row, 'total');
    if (!checked(result)) continue;
    equations.push({
      rule: 'R-2',
      left: addends.map((column) => term(row, column.key)),
      right: [result],
      path: result.path,
      message: (left) => ({
        zh: `${REQUESTS_HEADING}「${bare(row.label)}」行：总计应为各类申请人之和 ${left}，实为 ${result.value}`,
        en: `section 3, row ${row.path.join('.')}: the total must be the sum of the applicant columns, ${left}, but is ${result.value}`,
      }),
    });
  }
  return equations;
}

/**
 * The 总计 column of adds up the other columns' equations and the rows' R-2
 * differences, so when the violations found there account for its difference exactly, it says
 * nothing new: the violations point at the cells that are actually inconsistent, and it goes.
 */
function withoutImpliedTotals(grid: RequestsGrid, violations: Problem[]): Problem[] {
  const found = (rule: ArithmeticRule, path: string) => violations.find((v) => v.rule === rule && v.path === path);
  const difference = (v: Problem | undefined) => (v ? Number(v.expected) - Number(v.found) : 0);
  /** R-2 difference of a row, as the 总计 column sees it: its 总计 less the sum of its parts. */
  const rowDifference = (row: RequestRowLayout) => -difference(found('R-2', grid.term(row, 'total').path));
  const columnDifferences = (rule: ArithmeticRule, row: RequestRowLayout) =>
    APPLICANT_COLUMNS.filter((c) => c.key !== 'total').reduce((total, c) => total + difference(found(rule, grid.term(row, c.key).path)), 0);

  const totalCell = grid.term(grid.total, 'total').path;
  const implied = new Set<Problem>();
  const r1 = found('R-1', totalCell);
  const r1Rows = rowDifference(grid.received) + rowDifference(grid.carriedOver) - rowDifference(grid.total) - rowDifference(grid.carriedForward);
  if (r1 && difference(r1) === columnDifferences('R-1', grid.total) + r1Rows) implied.add(r1);
  const r3 = found('R-3', totalCell);
  const r3Rows = grid.details.reduce((total, row) => total + rowDifference(row), 0) - rowDifference(grid.total);
  if (r3 && difference(r3) === columnDifferences('R-3', grid.total) + r3Rows) implied.add(r3);
  return violations.filter((v) => !implied.has(v));
}

/** Section 四, each group's cells: a blank 总计 given the sum of the outcomes. */
function reviewsTerms(report: Report): Term[][] {
  const parts = OUTCOME_COLUMNS.filter((column) => column.key !== 'total');
  return REVIEW_GROUPS.map((group) => {
    const cells = report.sections.reviews.table[group.key];
    const path = (column: string) => `${REVIEWS_PATH}.${group.key}.${column}`;
    const outcomes = parts.map((column): Term => ({ path: path(column.key), value: cells[column.key] ?? 0, blank: cells[column.key] === null }));
    const total: Term =
      cells.total === null ? { path: path('total'), value: sum(outcomes), blank: true, derivedBy: 'R-4' } : { path: path('total'), value: cells.total, blank: false };
    return [...outcomes, total];
  });
}

function reviewsEquations(groups: Term[][]): Equation[] {
  return REVIEW_GROUPS.flatMap((group, i): Equation[] => {
    const outcomes = groups[i]!.slice(0, -1);
    const total = groups[i]!.at(-1)!;
    if (total.derivedBy) return [];
    return [{
      rule: 'R-4',
      left: outcomes,
      right: [total],
      path: total.path,
      message: (partSum) => ({
        zh: `${REVIEWS_HEADING}「${group.label}」：总计应为结果维持、结果纠正、其他结果、尚未审结之和 ${partSum}，实为 ${total.value}`,
        en: `section 4, ${group.en}: the total must be upheld + corrected + other + pending, ${partSum}, but is ${total.value}`,
      }),
    }];
  });
}

/** Paths of every blank cell of section 二, in table order. */
function proactiveBlanks(report: Report): string[] {
  const table = report.sections.proactive.table as unknown as Record<string, Record<string, unknown>>;
  return proactiveLayoutOf(report).flatMap((group) =>
    group.rows.flatMap((row) =>
      row.cells.flatMap((key) => {
        const value = table[row.key]![key];
        const blank = value === null || (typeof value === 'object' && value !== null && (value as { value: unknown }).value === null);
        return blank ? [`sections.proactive.table.${row.key}.${key}${value === null ? '' : '.value'}`] : [];
      }),
    ),
  );
}

function blankWarnings(report: Report, cells: Term[], needs: BlankNeed[]): Problem[] {
  const warnings: Problem[] = [];
  for (const cell of cells) {
    const need = needs.find((n) => n.terms.some((t) => t.path === cell.path));
    if (cell.derivedBy) {
      warnings.push({
        path: cell.path,
        rule: 'blank',
        expected: cell.value,
        zh: `空白；按 ${cell.derivedBy} 应为 ${cell.value}，未作核对`,
        en: `blank; by ${cell.derivedBy} it would be ${cell.value}, so it is not checked`,
      });
    } else if (need) {
      const together = need.terms.length > 1;
      warnings.push({
        path: cell.path,
        rule: 'blank',
        expected: together ? undefined : need.amount,
        zh: together ? `空白，按 0 计；按 ${need.rule}，此格与同侧其他空白格合计应为 ${need.amount}` : `空白，按 0 计；按 ${need.rule} 应为 ${need.amount}`,
        en: together
          ? `blank, read as 0; by ${need.rule} this and the other blanks beside it would add up to ${need.amount}`
          : `blank, read as 0; by ${need.rule} it would be ${need.amount}`,
      });
    } else {
      warnings.push({ path: cell.path, rule: 'blank', zh: '空白，按 0 计；如为零，请填写 0', en: 'blank, read as 0; if it is zero, write 0' });
    }
  }
  return [
    ...proactiveBlanks(report).map((path): Problem => ({ path, rule: 'blank', zh: '空白；如为零，请填写 0', en: 'blank; if it is zero, write 0' })),
    ...warnings,
  ];
}

/** Every violation of R-1…R-4 in table order, and a warning for every blank cell. */
export function checkRules(report: Report): RuleFindings {
  const grid = requestsGrid(report);
  const reviews = reviewsTerms(report);
  const equations = [...requestsEquations(grid), ...reviewsEquations(reviews)];
  const checks = equations.map(checkEquation);
  const violations = withoutImpliedTotals(grid, checks.flatMap((check) => (check.violation ? [check.violation] : [])));
  const needs = checks.flatMap((check) => (check.need ? [check.need] : []));

  const requestCells = grid.rows.flatMap((row) => APPLICANT_COLUMNS.map((column) => grid.term(row, column.key)));
  const blanks = blankWarnings(report, [...requestCells, ...reviews.flat()].filter((term) => term.blank), needs);
  return { violations: violations.sort((a, b) => RULE_ORDER.indexOf(a.rule as ArithmeticRule) - RULE_ORDER.indexOf(b.rule as ArithmeticRule)), blanks };
}
