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
  labelId,
  OUTCOME_COLUMNS,
  PROACTIVE_CONTENT_LABEL,
  printedLabel,
  proactiveLayoutOf,
  REQUESTS_HEADER,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  SECTION_HEADINGS,
  SECTION_ORDER,
  reportTitle,
  requestsLayoutOf,
  type ApplicantRow,
  type Block,
  type Cell,
  type Report,
  type RequestRowLayout,
} from '../../functions/report';
import { formatAmount, formatChineseDate, formatCount, type Amount } from '../../functions/render/formatting';

export type Run = string[];

/** The runs of a table, named so that a failure says which part of which table. */
export interface TableRuns {
  header: Run[];
  rows: Run[];
}

/** A blank cell prints nothing, so it is no part of a run. */
const printedOnly = (texts: string[]) => texts.filter((text) => text !== '');

export function proactiveRuns(report: Report): TableRuns[] {
  const table = report.sections.proactive.table as unknown as Record<string, Record<string, Cell | Amount>>;
  const printed = (value: Cell | Amount, column: string) => (value !== null && typeof value === 'object' ? formatAmount(value, column) : formatCount(value));
  const label = (id: string, official: string) => printedLabel(report, id, official);
  return proactiveLayoutOf(report).map((group) => {
    const columns = group.columns.map((column, i) => label(labelId.proactiveColumn(group, i), column));
    return {
      header: [[label(labelId.proactiveCaption(group), group.caption)], [label(labelId.proactiveContent, PROACTIVE_CONTENT_LABEL), ...columns]],
      rows: group.rows.map((row) => printedOnly([label(labelId.proactiveRow(row.key), row.label), ...row.cells.map((key, i) => printed(table[row.key]![key]!, columns[i]!))])),
    };
  });
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
    return APPLICANT_COLUMNS.map((column) => formatCount(cells[column.key]));
  };
  const label = (item: { path: string[]; label: string }) => printedLabel(report, labelId.requestRow(item.path), item.label);
  const header = (part: keyof typeof REQUESTS_HEADER) => printedLabel(report, labelId.requestHeader(part), REQUESTS_HEADER[part]);
  const labelled = (row: RequestRowLayout): Run => printedOnly([label(row), ...values(row)]);
  const [naturalPerson, ...others] = APPLICANT_COLUMNS.map((column) => printedLabel(report, labelId.requestColumn(column.key), column.label));
  const total = others.pop()!;
  return {
    header: [[header('note'), header('applicants'), naturalPerson!, header('organisations'), total, ...others]],
    rows: [
      ...layout.before.map(labelled),
      [header('results')],
      ...layout.results.flatMap((item) => ('rows' in item ? [[label(item)], ...item.rows.map(labelled)] : [labelled(item)])),
      ...layout.after.map(labelled),
    ],
  };
}

/** Section 四: three header rows and the fifteen values (format.md §3.4). */
export function reviewsRuns(report: Report): TableRuns {
  const label = (id: string, official: string) => printedLabel(report, id, official);
  const outcomes = (group: (typeof REVIEW_GROUPS)[number]) => OUTCOME_COLUMNS.map((column) => label(labelId.reviewColumn(group.key, column.key), column.label));
  const [review, direct, afterReview] = REVIEW_GROUPS;
  const table = report.sections.reviews.table;
  const values = printedOnly(REVIEW_GROUPS.flatMap((group) => OUTCOME_COLUMNS.map((column) => formatCount(table[group.key][column.key]))));
  return {
    header: [
      [label(labelId.reviewsHeader('review'), REVIEWS_HEADER.review), label(labelId.reviewsHeader('litigation'), REVIEWS_HEADER.litigation)],
      [...outcomes(review), label(labelId.reviewGroup(direct.key), direct.label), label(labelId.reviewGroup(afterReview.key), afterReview.label)],
      [...outcomes(direct), ...outcomes(afterReview)],
    ],
    rows: values.length > 0 ? [values] : [],
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
  const [overview, proactive, requests, reviews, problems, other] = SECTION_ORDER.map((key) => [printedLabel(report, labelId.heading(key), SECTION_HEADINGS[key])]);
  return [
    ...reportTitle(report).map((line) => [line]),
    ...blockRuns(report.introduction),
    overview!,
    ...blockRuns(sections.overview.blocks),
    proactive!,
    ...blockRuns(sections.proactive.blocks),
    ...proactiveRuns(report).flatMap(tableRuns),
    requests!,
    ...blockRuns(sections.requests.blocks),
    ...tableRuns(requestsRuns(report)),
    reviews!,
    ...blockRuns(sections.reviews.blocks),
    ...tableRuns(reviewsRuns(report)),
    problems!,
    ...blockRuns(sections.problems.blocks),
    other!,
    ...blockRuns(sections.other.blocks),
    ...(report.signature ? [[report.signature.name], [formatChineseDate(report.signature.date)]] : []),
  ];
}
