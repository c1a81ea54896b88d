/**
 * Which layout a report's tables are printed and checked in: its format version's, except that a
 * version B report that printed （六）其他处理 as one row keeps that row (v2021.ts).
 */
import type { ProactiveGroupLayout, RequestsLayout } from './labels';
import type { Report } from './schema';
import { PROACTIVE_LAYOUT_2019, REQUESTS_LAYOUT_2019 } from './v2019';
import { PROACTIVE_LAYOUT_2021, REQUESTS_LAYOUT_2021 } from './v2021';

/** True when section 三 prints （六）其他处理 as a single row. */
export function otherHandlingIsOneRow(report: Report): boolean {
  return !('noCorrection' in report.sections.requests.table.results.other);
}

export function requestsLayoutOf(report: Report): RequestsLayout {
  return otherHandlingIsOneRow(report) ? REQUESTS_LAYOUT_2019 : REQUESTS_LAYOUT_2021;
}

export function proactiveLayoutOf(report: Report): ProactiveGroupLayout[] {
  return report.formatVersion === '2019' ? PROACTIVE_LAYOUT_2019 : PROACTIVE_LAYOUT_2021;
}
