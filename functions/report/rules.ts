/**
 * The arithmetic consistency rules (勾稽关系) of docs/format.md §5, as pure functions of a parsed
 * report. R-5 (non-negative integers, decimal amounts) is enforced by the schema and reported
 * with its id there (problems.ts). Every violation names every cell it involves.
 */
import type { ApplicantRow } from './common';
import { APPLICANT_COLUMNS, OUTCOME_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS, requestRows, type RequestRowLayout, type RequestsLayout } from './labels';
import type { Problem } from './problems';
import type { Report } from './schema';
import { REQUESTS_LAYOUT_2019 } from './v2019';
import { REQUESTS_LAYOUT_2021 } from './v2021';

export type ArithmeticRule = 'R-1' | 'R-2' | 'R-3' | 'R-4';
export const ARITHMETIC_RULES: Record<ArithmeticRule, { zh: string; en: string }> = {
  'R-1': { zh: '第三部分各列：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理', en: 'Section 三, each column: received + carried over = results total + carried forward' },
  'R-2': { zh: '第三部分各行：总计 = 各类申请人之和', en: 'Section 三, each row: total = sum of the applicant columns' },
  'R-3': { zh: '第三部分各列：（七）总计 = （一）至（六）各项之和', en: 'Section 三, each column: results total = sum of results (一)–(六)' },
  'R-4': { zh: '第四部分各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结', en: 'Section 四, each group: total = upheld + corrected + other + pending' },
};

const REQUESTS_PATH = 'sections.requests.table';
const REVIEWS_PATH = 'sections.reviews.table';
const REQUESTS_HEADING = SECTION_HEADINGS.requests;
const REVIEWS_HEADING = SECTION_HEADINGS.reviews;

export function requestsLayoutOf(report: Report): RequestsLayout {
  return report.formatVersion === '2019' ? REQUESTS_LAYOUT_2019 : REQUESTS_LAYOUT_2021;
}

function rowAt(table: unknown, row: RequestRowLayout): ApplicantRow {
  return row.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], table) as ApplicantRow;
}

const cellPath = (row: RequestRowLayout, column: string) => `${REQUESTS_PATH}.${row.path.join('.')}.${column}`;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** Chinese labels quoted in messages drop their numbering ("一、", "（七）", "1."). */
const bare = (label: string) => label.replace(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/, '');

function requestsRules(report: Report): Problem[] {
  const layout = requestsLayoutOf(report);
  const table = report.sections.requests.table;
  const rows = requestRows(layout);
  const [received, carriedOver] = layout.before as [RequestRowLayout, RequestRowLayout];
  const [carriedForward] = layout.after as [RequestRowLayout];
  const total = rows.find((row) => row.path.join('.') === 'results.total')!;
  const details = rows.filter((row) => row.path[0] === 'results' && row !== total);
  const problems: Problem[] = [];

  for (const column of APPLICANT_COLUMNS) {
    const value = (row: RequestRowLayout) => rowAt(table, row)[column.key];
    const left = value(received) + value(carriedOver);
    const right = value(total) + value(carriedForward);
    if (left !== right) {
      problems.push({
        rule: 'R-1',
        path: cellPath(total, column.key),
        paths: [received, carriedOver, total, carriedForward].map((row) => cellPath(row, column.key)),
        expected: left,
        found: right,
        zh: `${REQUESTS_HEADING}「${column.label}」列：本年新收（${value(received)}）加上年结转（${value(carriedOver)}）为 ${left}，应等于（七）总计（${value(total)}）加结转下年度继续办理（${value(carriedForward)}），实为 ${right}`,
        en: `section 三, column "${column.label}" (${column.en}): received (${value(received)}) + carried over (${value(carriedOver)}) = ${left}, but results total (${value(total)}) + carried forward (${value(carriedForward)}) = ${right}`,
      });
    }
    const detailSum = sum(details.map(value));
    if (detailSum !== value(total)) {
      problems.push({
        rule: 'R-3',
        path: cellPath(total, column.key),
        paths: [...details, total].map((row) => cellPath(row, column.key)),
        expected: detailSum,
        found: value(total),
        zh: `${REQUESTS_HEADING}「${column.label}」列：（七）总计应为（一）至（六）各项之和 ${detailSum}，实为 ${value(total)}`,
        en: `section 三, column "${column.label}" (${column.en}): the results total must be the sum of items (一)–(六), ${detailSum}, but is ${value(total)}`,
      });
    }
  }

  const parts = APPLICANT_COLUMNS.filter((column) => column.key !== 'total');
  for (const row of rows) {
    const cells = rowAt(table, row);
    const partSum = sum(parts.map((column) => cells[column.key]));
    if (partSum !== cells.total) {
      problems.push({
        rule: 'R-2',
        path: cellPath(row, 'total'),
        paths: APPLICANT_COLUMNS.map((column) => cellPath(row, column.key)),
        expected: partSum,
        found: cells.total,
        zh: `${REQUESTS_HEADING}「${bare(row.label)}」行：总计应为各类申请人之和 ${partSum}，实为 ${cells.total}`,
        en: `section 三, row "${row.label}": the total must be the sum of the applicant columns, ${partSum}, but is ${cells.total}`,
      });
    }
  }
  return problems;
}

function reviewsRules(report: Report): Problem[] {
  const table = report.sections.reviews.table;
  const parts = OUTCOME_COLUMNS.filter((column) => column.key !== 'total');
  return REVIEW_GROUPS.flatMap((group): Problem[] => {
    const cells = table[group.key];
    const partSum = sum(parts.map((column) => cells[column.key]));
    if (partSum === cells.total) return [];
    const path = (column: string) => `${REVIEWS_PATH}.${group.key}.${column}`;
    return [{
      rule: 'R-4',
      path: path('total'),
      paths: OUTCOME_COLUMNS.map((column) => path(column.key)),
      expected: partSum,
      found: cells.total,
      zh: `${REVIEWS_HEADING}「${group.label}」：总计应为结果维持、结果纠正、其他结果、尚未审结之和 ${partSum}，实为 ${cells.total}`,
      en: `section 四, ${group.en}: the total must be upheld + corrected + other + pending, ${partSum}, but is ${cells.total}`,
    }];
  });
}

/** Every violation of R-1…R-4, in table order; an empty list means the report is consistent. */
export function checkRules(report: Report): Problem[] {
  const problems = [...requestsRules(report), ...reviewsRules(report)];
  const order: ArithmeticRule[] = ['R-1', 'R-2', 'R-3', 'R-4'];
  return problems.sort((a, b) => order.indexOf(a.rule as ArithmeticRule) - order.indexOf(b.rule as ArithmeticRule));
}
