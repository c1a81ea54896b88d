/**
 * The whole report: a union discriminated by `formatVersion`, checked against the year it reports
 * on (format.md §3: the 2019 trial format for 2019–2020; §4: the 2021 format from 2021 on).
 * `parseReport` never throws: malformed input yields problems with paths.
 */
import { z } from 'zod';
import { report2019 } from './v2019';
import { report2021 } from './v2021';
import { problemsFromZod, type Problem } from './problems';

export type FormatVersion = '2019' | '2021';

/** The format a year's report must use. */
export function formatVersionForYear(year: number): FormatVersion {
  return year >= 2021 ? '2021' : '2019';
}

export const reportSchema = z.discriminatedUnion('formatVersion', [report2019, report2021]);

/**
 * Checks that span fields. They read the raw input defensively and run even when the shape is
 * wrong elsewhere, so a report learns everything that is wrong with it at once.
 */
function crossFieldProblems(input: unknown): z.core.$ZodIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const { year, formatVersion, publishedOn, acknowledgements } = input as Record<string, unknown>;
  const issues: z.core.$ZodIssue[] = [];
  const custom = (path: PropertyKey[], message: string, params: Record<string, unknown>) =>
    issues.push({ code: 'custom', path, message, params, input: undefined } as z.core.$ZodIssue);
  if (typeof year === 'number' && Number.isInteger(year) && year >= 2019) {
    const expected = formatVersionForYear(year);
    if ((formatVersion === '2019' || formatVersion === '2021') && formatVersion !== expected) {
      custom(['formatVersion'], 'format_version', { year, expected, found: formatVersion });
    }
    const minimum = `${year + 1}-01-01`;
    if (typeof publishedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(publishedOn) && publishedOn < minimum) {
      custom(['publishedOn'], 'published_too_early', { minimum });
    }
  }
  if (Array.isArray(acknowledgements)) {
    const rules = acknowledgements.map((a) => (typeof a === 'object' && a !== null ? (a as { rule?: unknown }).rule : undefined));
    rules.forEach((rule, i) => {
      if (rule !== undefined && rules.indexOf(rule) !== i) custom(['acknowledgements', i, 'rule'], 'duplicate_acknowledgement', { rule });
    });
  }
  return issues;
}

export type Report = z.infer<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

/**
 * Without a valid `formatVersion` zod cannot tell which tables to expect and reports that alone.
 * When the year is known, the report is also checked against that year's format, so the caller
 * learns everything else that is wrong in the same answer.
 */
function undeclaredVersionProblems(input: unknown): z.core.$ZodIssue[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [];
  const { year, formatVersion } = input as Record<string, unknown>;
  if (formatVersion === '2019' || formatVersion === '2021' || typeof year !== 'number' || !Number.isInteger(year) || year < 2019) return [];
  const assumed = reportSchema.safeParse({ ...input, formatVersion: formatVersionForYear(year) }, { reportInput: true });
  return assumed.success ? [] : assumed.error.issues;
}

export type ParseResult = { ok: true; report: Report } | { ok: false; problems: Problem[] };

export function parseReport(input: unknown): ParseResult {
  const result = reportSchema.safeParse(input, { reportInput: true });
  const issues = [...(result.success ? [] : result.error.issues), ...crossFieldProblems(input), ...undeclaredVersionProblems(input)];
  if (issues.length === 0 && result.success) return { ok: true, report: result.data };
  return { ok: false, problems: problemsFromZod(new z.ZodError(issues)) };
}

/** Parses JSON text first, so malformed JSON is a problem at the root rather than an exception. */
export function parseReportJson(json: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', rule: 'schema', zh: `JSON 格式错误：${detail}`, en: `malformed JSON: ${detail}` }] };
  }
  return parseReport(value);
}

/** The JSON Schema of the report, generated from the zod schema for client-side validation. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The title lines as printed: the report's own, or the agency name and "YYYY年政府信息公开工作年度报告". */
export function reportTitle(report: Report): string[] {
  return report.title ?? [report.agency.name, `${report.year}年政府信息公开工作年度报告`];
}
