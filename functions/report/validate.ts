/**
 * The whole check of a report: shape (schema.ts), arithmetic rules (rules.ts), the labels it
 * printed (printed-labels.ts), the caller's acknowledgements of rule violations, and optional
 * cross-year warnings. This is what every entry point calls; it is pure and never throws on bad
 * input.
 */
import type { Acknowledgement } from './common';
import { checkCrossYear, type PreviousYearNumbers } from './cross-year';
import { printedLabelProblems } from './printed-labels';
import type { Problem } from './problems';
import { checkProse } from './prose';
import { checkRules } from './rules';
import { parseReport, type FormatVersion, type Report } from './schema';

export interface Validation {
  ok: boolean;
  report?: Report;
  formatVersion?: FormatVersion;
  /** What blocks publishing: schema problems and unacknowledged rule violations. */
  errors: Problem[];
  /** Blank cells, printed labels, cross-year heuristics, unmatched acknowledgements; never block publishing. */
  warnings: Problem[];
  /** Rule violations the report acknowledges, each matched by rule, cell and figures (kept with the archived record). */
  acknowledged: Problem[];
}

/** An acknowledgement covers one violation: the same rule, cell and figures. */
export function acknowledges(ack: Acknowledgement, violation: Problem): boolean {
  return ack.rule === violation.rule && ack.cell === violation.path && ack.expected === violation.expected && ack.found === violation.found;
}

/** The acknowledgement that would cover a violation, for messages that tell the author how. */
export function acknowledgementFor(violation: Problem): Omit<Acknowledgement, 'reason'> {
  return { rule: violation.rule as Acknowledgement['rule'], cell: violation.path, expected: Number(violation.expected), found: Number(violation.found) };
}

function unmatchedAcknowledgement(ack: Acknowledgement, index: number, violations: Problem[]): Problem {
  const sameCell = violations.find((v) => v.rule === ack.rule && v.path === ack.cell);
  const now = sameCell ? { zh: `，该处现为应 ${String(sameCell.expected)}、实 ${String(sameCell.found)}`, en: `; it is now expected ${String(sameCell.expected)}, found ${String(sameCell.found)}` } : { zh: '', en: '' };
  return {
    path: `acknowledgements[${index}]`,
    rule: 'ack',
    zh: `确认了 ${ack.rule} 在 ${ack.cell} 的违反（应 ${ack.expected}、实 ${ack.found}），但报告中没有这一违反${now.zh}`,
    en: `acknowledges ${ack.rule} at ${ack.cell} (expected ${ack.expected}, found ${ack.found}), but the report has no such violation${now.en}`,
  };
}

export function validateReport(input: unknown, options: { previous?: PreviousYearNumbers } = {}): Validation {
  const parsed = parseReport(input);
  if (!parsed.ok) return { ok: false, errors: parsed.problems, warnings: [], acknowledged: [] };
  const { report } = parsed;
  const { violations, blanks } = checkRules(report);
  const labels = printedLabelProblems(report);
  const acks = report.acknowledgements ?? [];
  const isAcknowledged = (v: Problem) => acks.some((ack) => acknowledges(ack, v));
  const acknowledged = violations.filter(isAcknowledged);
  const errors = [...labels.errors, ...violations.filter((v) => !isAcknowledged(v))];
  const unmatched = acks.flatMap((ack, i) => (violations.some((v) => acknowledges(ack, v)) ? [] : [unmatchedAcknowledgement(ack, i, violations)]));
  const warnings = [...blanks, ...labels.warnings, ...unmatched, ...checkProse(report)];
  const previousAgency = options.previous?.agencyId;
  if (previousAgency !== undefined && previousAgency !== report.agency.id) {
    errors.push({
      path: 'agency.id',
      rule: 'X-1',
      expected: previousAgency,
      found: report.agency.id,
      zh: `上年报告属于另一机关（${previousAgency}），不是 ${report.agency.id}，不能用于跨年度核对`,
      en: `last year's report is another agency's (${previousAgency}), not ${report.agency.id}'s: it cannot be used for the cross-year checks`,
    });
  } else if (options.previous) {
    warnings.push(...checkCrossYear(report, options.previous));
  }
  return { ok: errors.length === 0, report, formatVersion: report.formatVersion, errors, warnings, acknowledged };
}
