/**
 * The whole check of a report: shape (schema.ts), arithmetic rules (rules.ts), the caller's
 * acknowledgements of rule violations, and optional cross-year warnings. This is what every
 * entry point calls; it is pure and never throws on bad input.
 */
import { checkCrossYear, type PreviousYearNumbers } from './cross-year';
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
  /** Cross-year heuristics and unused acknowledgements; never block publishing. */
  warnings: Problem[];
  /** Rule violations the report acknowledges (kept with the archived record). */
  acknowledged: Problem[];
}

export function validateReport(input: unknown, options: { previous?: PreviousYearNumbers } = {}): Validation {
  const parsed = parseReport(input);
  if (!parsed.ok) return { ok: false, errors: parsed.problems, warnings: [], acknowledged: [] };
  const { report } = parsed;
  const violations = checkRules(report);
  const acknowledgedRules = new Set((report.acknowledgements ?? []).map((a) => a.rule));
  const acknowledged = violations.filter((v) => acknowledgedRules.has(v.rule as never));
  const errors = violations.filter((v) => !acknowledgedRules.has(v.rule as never));
  const warnings: Problem[] = (report.acknowledgements ?? [])
    .map((a, i) => ({ ack: a, i }))
    .filter(({ ack }) => !violations.some((v) => v.rule === ack.rule))
    .map(({ ack, i }) => ({
      path: `acknowledgements[${i}]`,
      rule: ack.rule,
      zh: `确认了规则 ${ack.rule} 的违反，但报告并未违反该规则`,
      en: `rule ${ack.rule} is acknowledged, but the report does not break it`,
    }));
  if (options.previous) warnings.push(...checkCrossYear(report, options.previous));
  warnings.push(...checkProse(report));
  return { ok: errors.length === 0, report, formatVersion: report.formatVersion, errors, warnings, acknowledged };
}
