/**
 * What a reader must find in a printed report, built from the report model alone: every label
 * comes from the label modules (functions/report: labels.ts, v2019.ts, v2021.ts), every number
 * from the report's JSON, never retyped here. The expectation is a list of runs in document
 * order; a run is texts that stand next to each other on one page, such as a table row (its
 * label, then its cells' values) or a paragraph. Between runs other text may come: page
 * numbers and the header a table repeats on a new page.
 */
import {
  APPLICANT_COLUMNS,
  OUTCOME_COLUMNS,
  PROACTIVE_CONTENT_LABEL,
  PROACTIVE_LAYOUT_2019,
  PROACTIVE_LAYOUT_2021,
  REQUESTS_HEADER,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  SECTION_HEADINGS,
  reportTitle,
  requestsLayoutOf,
  type ApplicantRow,
  type Block,
  type Report,
  type RequestRowLayout,
} from '../../functions/report';
import { formatAmount, formatChineseDate, type Amount } from '../../functions/render/formatting';

export type Run = string[];

/** The runs of a table, named so that a failure says which part of which table. */
export interface TableRuns {
  header: Run[];
  rows: Run[];
}

export function proactiveRuns(report: Report): TableRuns[] {
  const layout = report.formatVersion === '2019' ? PROACTIVE_LAYOUT_2019 : PROACTIVE_LAYOUT_2021;
  const table = report.sections.proactive.table as unknown as Record<string, Record<string, number | Amount>>;
  const printed = (value: number | Amount, column: string) => (typeof value === 'number' ? String(value) : formatAmount(value, column));
  return layout.map((group) => ({
    header: [[group.caption], [PROACTIVE_CONTENT_LABEL, ...group.columns]],
    rows: group.rows.map((row) => [row.label, ...row.cells.map((key, i) => printed(table[row.key]![key]!, group.columns[i]!))]),
  }));
}

/**
 * Section 三: the header in reading order (the note, "申请人情况", then the column labels as
 * their merged cells stack), then each row's label and its seven values. A merged label
 * ("三、本年度办理结果", "（三）不予公开") is a run of its own before the first row it spans.
 */
export function requestsRuns(report: Report): TableRuns {
  const layout = requestsLayoutOf(report);
  const values = (row: RequestRowLayout) => {
    const cells = row.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], report.sections.requests.table) as ApplicantRow;
    return APPLICANT_COLUMNS.map((column) => String(cells[column.key]));
  };
  const labelled = (row: RequestRowLayout): Run => [row.label, ...values(row)];
  const [naturalPerson, ...others] = APPLICANT_COLUMNS.map((column) => column.label);
  const total = others.pop()!;
  return {
    header: [[REQUESTS_HEADER.note, REQUESTS_HEADER.applicants, naturalPerson!, REQUESTS_HEADER.organisations, total, ...others]],
    rows: [
      ...layout.before.map(labelled),
      [REQUESTS_HEADER.results],
      ...layout.results.flatMap((item) => ('rows' in item ? [[item.label], ...item.rows.map(labelled)] : [labelled(item)])),
      ...layout.after.map(labelled),
    ],
  };
}

/** Section 四: three header rows and the fifteen values (format.md §3.4). */
export function reviewsRuns(report: Report): TableRuns {
  const outcomes = OUTCOME_COLUMNS.map((column) => column.label);
  const table = report.sections.reviews.table;
  return {
    header: [
      [REVIEWS_HEADER.review, REVIEWS_HEADER.litigation],
      [...outcomes, REVIEW_GROUPS[1].label, REVIEW_GROUPS[2].label],
      [...outcomes, ...outcomes],
    ],
    rows: [REVIEW_GROUPS.flatMap((group) => OUTCOME_COLUMNS.map((column) => String(table[group.key][column.key])))],
  };
}

/** A paragraph reads as its run-in heading followed by its text; a sub-heading as itself; an image as its caption. */
export function blockRuns(blocks: Block[]): Run[] {
  return blocks.flatMap((block): Run[] => {
    if (block.type === 'image') return block.caption ? [[block.caption]] : [];
    if (block.type === 'subheading') return [[block.text]];
    return [[`${block.heading ?? ''}${block.text ?? ''}`]];
  });
}

const tableRuns = (table: TableRuns): Run[] => [...table.header, ...table.rows];

/**
 * The whole report in reading order. Section 六 lists the report's own blocks only: text the
 * renderer adds there (the 信息处理费 sentence, "无") may stand between them.
 */
export function reportRuns(report: Report): Run[] {
  const { sections } = report;
  return [
    ...reportTitle(report).map((line) => [line]),
    ...blockRuns(report.introduction),
    [SECTION_HEADINGS.overview],
    ...blockRuns(sections.overview.blocks),
    [SECTION_HEADINGS.proactive],
    ...blockRuns(sections.proactive.blocks),
    ...proactiveRuns(report).flatMap(tableRuns),
    [SECTION_HEADINGS.requests],
    ...blockRuns(sections.requests.blocks),
    ...tableRuns(requestsRuns(report)),
    [SECTION_HEADINGS.reviews],
    ...blockRuns(sections.reviews.blocks),
    ...tableRuns(reviewsRuns(report)),
    [SECTION_HEADINGS.problems],
    ...blockRuns(sections.problems.blocks),
    [SECTION_HEADINGS.other],
    ...blockRuns(sections.other.blocks),
    ...(report.signature ? [[report.signature.name], [formatChineseDate(report.signature.date)]] : []),
  ];
}
