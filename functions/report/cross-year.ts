/**
 * Cross-year heuristics of docs/format.md §5, reported as warnings: real reports break them for
 * legitimate reasons (e.g. 规章 counted with amendments), so they never block publishing.
 * The caller supplies last year's report or just the numbers these checks need.
 */
import { z } from 'zod';
import { applicantRow, cell } from './common';
import { LAST_YEAR } from './years';
import { APPLICANT_COLUMNS } from './labels';
import type { Problem } from './problems';
import type { Report } from './schema';

const inForce = z.strictObject({ inForce: cell });

/** The numbers of last year's report that this year's report must continue; blanks are not compared. */
export const previousYearNumbers = z.strictObject({
  year: z.int().min(2018).max(LAST_YEAR),
  /** The agency whose report they are, when known: another agency's numbers are refused. */
  agencyId: z.string().optional(),
  carriedForward: applicantRow,
  rules: inForce.optional(),
  normativeDocuments: inForce.optional(),
});
export type PreviousYearNumbers = z.infer<typeof previousYearNumbers>;

export function numbersOf(report: Report): PreviousYearNumbers {
  const proactive = report.sections.proactive.table;
  const numbers: PreviousYearNumbers = { year: report.year, agencyId: report.agency.id, carriedForward: report.sections.requests.table.carriedForward };
  if ('issued' in proactive.rules && 'issued' in proactive.normativeDocuments) {
    numbers.rules = { inForce: proactive.rules.inForce };
    numbers.normativeDocuments = { inForce: proactive.normativeDocuments.inForce };
  }
  return numbers;
}

const DOCUMENT_KINDS = [
  { key: 'rules', label: '规章', en: 'rules' },
  { key: 'normativeDocuments', label: '行政规范性文件', en: 'normative documents' },
] as const;

export function checkCrossYear(report: Report, previous: PreviousYearNumbers): Problem[] {
  if (previous.year !== report.year - 1) {
    return [{
      path: '',
      rule: 'X-1',
      zh: `提供的上年数据属于 ${previous.year} 年，应为 ${report.year - 1} 年，未作跨年度核对`,
      en: `the previous-year numbers are for ${previous.year}, not ${report.year - 1}: cross-year checks skipped`,
    }];
  }
  const warnings: Problem[] = [];
  const carriedOver = report.sections.requests.table.carriedOver;
  for (const column of APPLICANT_COLUMNS) {
    const expected = previous.carriedForward[column.key];
    const found = carriedOver[column.key];
    if (expected !== null && found !== null && expected !== found) {
      warnings.push({
        path: `sections.requests.table.carriedOver.${column.key}`,
        rule: 'X-1',
        expected,
        found,
        zh: `二、上年结转政府信息公开申请数量「${column.label}」为 ${found}，与上年报告“结转下年度继续办理”的 ${expected} 不一致`,
        en: `carried over from last year, column "${column.en}", is ${found}, but last year's report carried forward ${expected}`,
      });
    }
  }
  const proactive = report.sections.proactive.table;
  for (const kind of DOCUMENT_KINDS) {
    const now = proactive[kind.key];
    const before = previous[kind.key];
    if (!before || !('issued' in now)) continue;
    if (before.inForce === null || now.issued === null || now.repealed === null || now.inForce === null) continue;
    const expected = before.inForce + now.issued - now.repealed;
    if (expected !== now.inForce) {
      warnings.push({
        path: `sections.proactive.table.${kind.key}.inForce`,
        rule: 'X-2',
        expected,
        found: now.inForce,
        zh: `${kind.label}现行有效件数为 ${now.inForce}，按上年 ${before.inForce} 件加本年制发 ${now.issued} 件减废止 ${now.repealed} 件应为 ${expected}（修订计入制发时可能不一致，请核对）`,
        en: `${kind.en} in force: ${now.inForce}, but last year's ${before.inForce} + ${now.issued} issued − ${now.repealed} repealed = ${expected} (amendments counted as issued can explain this; please check)`,
      });
    }
  }
  return warnings;
}
