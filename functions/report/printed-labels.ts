/**
 * Labels as the publication printed them. The official wording (labels.ts and the layouts) stays
 * the identifier that data, rules and messages use; a report may carry the wording it printed
 * (`printedLabels`, by label id), the PDF prints that, and the validator warns once per departure
 * so that a new report learns the official wording.
 */
import {
  APPLICANT_COLUMNS,
  labelId,
  OUTCOME_COLUMNS,
  PROACTIVE_CONTENT_LABEL,
  REQUESTS_HEADER,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  SECTION_HEADINGS,
  SECTION_ORDER,
  type RequestGroupLayout,
  type RequestRowLayout,
} from './labels';
import { otherHandlingIsOneRow, proactiveLayoutOf, requestsLayoutOf } from './layouts';
import type { Problem } from './problems';
import type { Report } from './schema';

/** Every label the report's tables and headings print: id → official wording. */
export function officialLabels(report: Report): Map<string, string> {
  const labels = new Map<string, string>();
  for (const section of SECTION_ORDER) labels.set(labelId.heading(section), SECTION_HEADINGS[section]);

  labels.set(labelId.proactiveContent, PROACTIVE_CONTENT_LABEL);
  for (const group of proactiveLayoutOf(report)) {
    labels.set(labelId.proactiveCaption(group), group.caption);
    group.columns.forEach((column, i) => labels.set(labelId.proactiveColumn(group, i), column));
    for (const row of group.rows) labels.set(labelId.proactiveRow(row.key), row.label);
  }

  const layout = requestsLayoutOf(report);
  for (const part of Object.keys(REQUESTS_HEADER) as (keyof typeof REQUESTS_HEADER)[]) labels.set(labelId.requestHeader(part), REQUESTS_HEADER[part]);
  for (const column of APPLICANT_COLUMNS) labels.set(labelId.requestColumn(column.key), column.label);
  const items: (RequestRowLayout | RequestGroupLayout)[] = [...layout.before, ...layout.results, ...layout.after];
  for (const item of items) {
    labels.set(labelId.requestRow(item.path), item.label);
    if ('rows' in item) for (const row of item.rows) labels.set(labelId.requestRow(row.path), row.label);
  }

  for (const part of Object.keys(REVIEWS_HEADER) as (keyof typeof REVIEWS_HEADER)[]) labels.set(labelId.reviewsHeader(part), REVIEWS_HEADER[part]);
  for (const group of REVIEW_GROUPS) {
    if (group.key !== 'review') labels.set(labelId.reviewGroup(group.key), group.label);
    for (const column of OUTCOME_COLUMNS) labels.set(labelId.reviewColumn(group.key, column.key), column.label);
  }
  return labels;
}

/** The wording to print for a label: the report's own, or the official one. */
export function printedLabel(report: Report, id: string, official: string): string {
  return report.printedLabels?.[id] ?? official;
}

const quote = (text: string) => `「${text}」`;

/**
 * Unknown label ids are errors (a typo would silently print the official wording); every printed
 * wording that departs from the official one, and a version B report's （六）其他处理 printed as
 * one row, are warnings.
 */
export function printedLabelProblems(report: Report): { errors: Problem[]; warnings: Problem[] } {
  const official = officialLabels(report);
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  for (const [id, text] of Object.entries(report.printedLabels ?? {})) {
    const path = `printedLabels.${id}`;
    const expected = official.get(id);
    if (expected === undefined) {
      errors.push({ path, rule: 'schema', zh: `没有编号为 ${id} 的标签`, en: `there is no label with the id ${id}` });
    } else if (text !== expected) {
      warnings.push({
        path,
        rule: 'label',
        expected,
        found: text,
        zh: `印作${quote(text)}，规定格式为${quote(expected)}；PDF 按原样印出`,
        en: `printed as "${text}"; the official wording is "${expected}"; the PDF prints it as published`,
      });
    }
  }
  if (report.formatVersion === '2021' && otherHandlingIsOneRow(report)) {
    warnings.push({
      path: 'sections.requests.table.results.other',
      rule: 'label',
      zh: '（六）其他处理印作一行；2021年格式将其分为三行（不补正、不缴费、其他）',
      en: 'item (6), other handling, is printed as one row; the 2021 format splits it into three (no correction, unpaid fees, other)',
    });
  }
  return { errors, warnings };
}
