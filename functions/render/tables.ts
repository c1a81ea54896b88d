/**
 * The three statistical tables as rows of cells with their merges, built from the layouts of the
 * report model (functions/report: labels.ts, v2019.ts, v2021.ts), so that every printed label
 * comes from one place and the templates only draw cells. Structures follow docs/format.md §3.2
 * and §4.2 (section 二), §3.3 and §4.3 (section 三) and §3.4 (section 四).
 */
import {
  APPLICANT_COLUMNS,
  labelId,
  OUTCOME_COLUMNS,
  PROACTIVE_CONTENT_LABEL,
  printedLabel,
  proactiveLayoutOf,
  REQUESTS_HEADER,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  requestsLayoutOf,
  type ApplicantRow,
  type Cell,
  type Report,
  type RequestRowLayout,
} from '../report';
import { formatAmount, formatCount, type Amount } from './formatting';

/**
 * A cell: `kind` is its class when its role needs a style of its own; spans are null when 1 so
 * that the markup carries no rowspan="1".
 */
export interface CellView {
  text: string;
  kind: string | null;
  rowspan: number | null;
  colspan: number | null;
}

const span = (n: number) => (n > 1 ? n : null);
const cell = (text: string, { rowspan = 1, colspan = 1, kind = null as string | null } = {}): CellView => ({
  text,
  kind,
  rowspan: span(rowspan),
  colspan: span(colspan),
});

/** Section 二: a grid of the 信息内容 column and three value columns (as published reports draw it). */
const PROACTIVE_VALUE_COLUMNS = 3;

export interface ProactiveGroupView {
  caption: CellView;
  header: CellView[];
  rows: { label: string; cells: CellView[] }[];
}

/**
 * Groups with fewer than three columns let their last column take the rest of the grid:
 * version B's single "本年处理决定数量" spans columns 2–4 (§4.2), version A's "本年增/减" and
 * "采购总金额" span 3–4 (as published reports print them).
 */
function spreadColumns<T>(values: T[], toCell: (value: T, colspan: number) => CellView): CellView[] {
  const rest = PROACTIVE_VALUE_COLUMNS - values.length + 1;
  return values.map((value, i) => toCell(value, i === values.length - 1 ? rest : 1));
}

function proactiveValue(value: Cell | Amount, columnLabel: string): string {
  return value !== null && typeof value === 'object' ? formatAmount(value, columnLabel) : formatCount(value);
}

export function proactiveTableView(report: Report): ProactiveGroupView[] {
  const table = report.sections.proactive.table as unknown as Record<string, Record<string, Cell | Amount>>;
  const label = (id: string, official: string) => printedLabel(report, id, official);
  return proactiveLayoutOf(report).map((group) => {
    const columns = group.columns.map((column, i) => label(labelId.proactiveColumn(group, i), column));
    return {
      caption: cell(label(labelId.proactiveCaption(group), group.caption), { colspan: PROACTIVE_VALUE_COLUMNS + 1, kind: 'caption' }),
      header: [cell(label(labelId.proactiveContent, PROACTIVE_CONTENT_LABEL)), ...spreadColumns(columns, (text, colspan) => cell(text, { colspan }))],
      rows: group.rows.map((row) => ({
        label: label(labelId.proactiveRow(row.key), row.label),
        cells: spreadColumns(
          row.cells.map((key, i) => proactiveValue(table[row.key]![key]!, columns[i]!)),
          (text, colspan) => cell(text, { colspan }),
        ),
      })),
    };
  });
}

export interface RequestsTableView {
  note: string;
  applicants: string;
  organisations: string;
  naturalPerson: string;
  organisationColumns: string[];
  total: string;
  rows: { labels: CellView[]; values: string[] }[];
  /** See figuresClass. */
  figures: string;
}

/**
 * Counts of up to four digits fit the narrow value columns of sections 三 and 四 at the tables'
 * 10.5pt. A table with longer ones is marked with their length (`figures-5` … `figures-9`; the
 * schema allows up to 100000000) and report.css sets its figures smaller to fit: a figure broken
 * over two lines reads, and is extracted from the PDF, as two numbers.
 */
function figuresClass(values: readonly string[]): string {
  const widest = Math.max(0, ...values.map((value) => value.length));
  return widest > 4 ? `figures-${widest}` : '';
}

/** The label part of section 三 is three columns wide (§3.3): 一、二、四 span all three. */
const REQUEST_LABEL_COLUMNS = 3;

function applicantValues(table: unknown, row: RequestRowLayout): string[] {
  const values = row.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], table) as ApplicantRow;
  return APPLICANT_COLUMNS.map((column) => formatCount(values[column.key]));
}

export function requestsTableView(report: Report): RequestsTableView {
  const layout = requestsLayoutOf(report);
  const table = report.sections.requests.table;
  const rows: RequestsTableView['rows'] = [];
  const label = (item: { path: string[]; label: string }) => printedLabel(report, labelId.requestRow(item.path), item.label);
  const header = (part: keyof typeof REQUESTS_HEADER) => printedLabel(report, labelId.requestHeader(part), REQUESTS_HEADER[part]);
  const outer = (row: RequestRowLayout) => rows.push({ labels: [cell(label(row), { colspan: REQUEST_LABEL_COLUMNS })], values: applicantValues(table, row) });

  layout.before.forEach(outer);
  const resultRowCount = layout.results.reduce((n, item) => n + ('rows' in item ? item.rows.length : 1), 0);
  // "三、本年度办理结果" is one merged cell beside every result row; a group label such as
  // "（三）不予公开" is merged beside its sub-items and has no row of its own (§3.3).
  const resultsLabel = cell(header('results'), { rowspan: resultRowCount, kind: 'results' });
  for (const item of layout.results) {
    const first = rows.length;
    if ('rows' in item) {
      item.rows.forEach((row, i) => {
        const group = i === 0 ? [cell(label(item), { rowspan: item.rows.length, kind: 'group' })] : [];
        rows.push({ labels: [...group, cell(label(row))], values: applicantValues(table, row) });
      });
    } else {
      rows.push({ labels: [cell(label(item), { colspan: REQUEST_LABEL_COLUMNS - 1 })], values: applicantValues(table, item) });
    }
    if (first === layout.before.length) rows[first]!.labels.unshift(resultsLabel);
  }
  layout.after.forEach(outer);

  const [naturalPerson, ...rest] = APPLICANT_COLUMNS.map((column) => printedLabel(report, labelId.requestColumn(column.key), column.label));
  const total = rest.pop()!;
  return {
    note: header('note'),
    applicants: header('applicants'),
    organisations: header('organisations'),
    naturalPerson: naturalPerson!,
    organisationColumns: rest,
    total,
    rows,
    figures: figuresClass(rows.flatMap((row) => row.values)),
  };
}

export interface ReviewsTableView {
  review: string;
  litigation: string;
  /** The outcome heads of 行政复议, then each litigation group with its own. */
  outcomes: string[];
  litigationGroups: { label: string; outcomes: string[] }[];
  values: string[];
  /** See figuresClass. */
  figures: string;
}

/** Section 四: fifteen value columns under two header levels, no row label (§3.4). */
export function reviewsTableView(report: Report): ReviewsTableView {
  const table = report.sections.reviews.table;
  const [review, ...litigationGroups] = REVIEW_GROUPS;
  const values = REVIEW_GROUPS.flatMap((group) => OUTCOME_COLUMNS.map((column) => formatCount(table[group.key][column.key])));
  const outcomes = (group: (typeof REVIEW_GROUPS)[number]) =>
    OUTCOME_COLUMNS.map((column) => printedLabel(report, labelId.reviewColumn(group.key, column.key), column.label));
  const header = (part: keyof typeof REVIEWS_HEADER) => printedLabel(report, labelId.reviewsHeader(part), REVIEWS_HEADER[part]);
  return {
    review: header('review'),
    litigation: header('litigation'),
    outcomes: outcomes(review),
    litigationGroups: litigationGroups.map((group) => ({ label: printedLabel(report, labelId.reviewGroup(group.key), group.label), outcomes: outcomes(group) })),
    values,
    figures: figuresClass(values),
  };
}
