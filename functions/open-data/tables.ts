/**
 * A report's tables (sections 二, 三 and 四) as open data: one row per printed cell, named by its
 * JSON path and by the official labels of its row and column (printed-labels.ts), so a reader
 * never depends on how one agency worded its table. Pure: runs in every runtime.
 */
import { APPLICANT_COLUMNS, labelId, OUTCOME_COLUMNS, requestRows, REVIEW_GROUPS } from '../report/labels';
import { proactiveLayoutOf, requestsLayoutOf } from '../report/layouts';
import { officialLabels } from '../report/printed-labels';
import type { Report } from '../report/schema';

export interface TableCell {
  section: 'proactive' | 'requests' | 'reviews';
  rowLabelId: string;
  rowLabel: string;
  columnLabelId: string;
  columnLabel: string;
  /** Where the value is in the report, e.g. `sections.requests.table.received.total`. */
  path: string;
  /** As printed: a count, a signed change or a decimal amount; "" for a blank cell. */
  value: string;
  /** 元 or 万元 for an amount, "" for a count. */
  unit: string;
}

/** The columns of a table's CSV, in order, named as TableCell's fields. */
export const CELL_FIELDS = ['section', 'rowLabelId', 'rowLabel', 'columnLabelId', 'columnLabel', 'path', 'value', 'unit'] as const;

interface Amount {
  value: string | null;
  unit?: string;
}

function valueAt(report: Report, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], report);
}

/** A count cell, or an amount cell named by its `.value` path. */
function cellAt(report: Report, path: string[]): Pick<TableCell, 'path' | 'value' | 'unit'> {
  const found = valueAt(report, path) as number | null | Amount;
  if (found !== null && typeof found === 'object') {
    return { path: [...path, 'value'].join('.'), value: found.value ?? '', unit: found.unit ?? '' };
  }
  return { path: path.join('.'), value: found === null ? '' : String(found), unit: '' };
}

/** Every table cell of the report, in printed order: section 二, then 三, then 四. */
export function tableCells(report: Report): TableCell[] {
  const labels = officialLabels(report);
  const label = (id: string) => labels.get(id)!;
  const cells: TableCell[] = [];
  const add = (section: TableCell['section'], rowLabelId: string, columnLabelId: string, path: string[]) =>
    cells.push({ section, rowLabelId, rowLabel: label(rowLabelId), columnLabelId, columnLabel: label(columnLabelId), ...cellAt(report, path) });

  for (const group of proactiveLayoutOf(report)) {
    for (const row of group.rows) {
      row.cells.forEach((cell, i) => add('proactive', labelId.proactiveRow(row.key), labelId.proactiveColumn(group, i), ['sections', 'proactive', 'table', row.key, cell]));
    }
  }
  for (const row of requestRows(requestsLayoutOf(report))) {
    for (const column of APPLICANT_COLUMNS) add('requests', labelId.requestRow(row.path), labelId.requestColumn(column.key), ['sections', 'requests', 'table', ...row.path, column.key]);
  }
  for (const group of REVIEW_GROUPS) {
    // 行政复议 has no group label of its own: its header names it.
    const rowLabelId = group.key === 'review' ? labelId.reviewsHeader('review') : labelId.reviewGroup(group.key);
    for (const column of OUTCOME_COLUMNS) add('reviews', rowLabelId, labelId.reviewColumn(group.key, column.key), ['sections', 'reviews', 'table', group.key, column.key]);
  }
  return cells;
}
