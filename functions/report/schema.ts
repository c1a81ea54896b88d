/**
 * The whole report: a union discriminated by `formatVersion`, checked against the year it reports
 * on (format.md §3: the 2019 trial format for 2019–2020; §4: the 2021 format from 2021 on).
 * `parseReport` never throws: malformed input yields problems with paths.
 */
import { z } from 'zod';
import { report2019 } from './v2019';
import { report2021 } from './v2021';
import { parseJsonText } from './json-text';
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
    const named = acknowledgements.map((a) => (typeof a === 'object' && a !== null ? (a as { rule?: unknown; cell?: unknown }) : {}));
    const keys = named.map((a) => (a.rule === undefined || a.cell === undefined ? undefined : `${String(a.rule)} ${String(a.cell)}`));
    keys.forEach((key, i) => {
      if (key !== undefined && keys.indexOf(key) !== i) custom(['acknowledgements', i, 'cell'], 'duplicate_acknowledgement', { rule: named[i]!.rule, cell: named[i]!.cell });
    });
  }
  return issues;
}

export type Report = z.infer<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

/**
 * The format the report's year calls for, when the report declares another one or none.
 * Undefined when the declared format is the year's, or the year is unusable.
 */
function formatToAssume(input: unknown): FormatVersion | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const { year, formatVersion } = input as Record<string, unknown>;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2019) return undefined;
  const expected = formatVersionForYear(year);
  return formatVersion === expected ? undefined : expected;
}

const PARSE_OPTIONS = { reportInput: true };
const issuesOf = (result: z.ZodSafeParseResult<unknown>) => (result.success ? [] : result.error.issues);

export type ParseResult = { ok: true; report: Report } | { ok: false; problems: Problem[] };

/**
 * Every problem, in an order that puts the cause first. Without a valid `formatVersion` zod can
 * check nothing else: its problem with `formatVersion` comes first, then the report is checked in
 * its year's format. With the other format declared, the format_version problem
 * (crossFieldProblems) comes first, then the report is checked in whichever of the two formats it
 * fits better: a 2021 report labelled "2019" would otherwise get dozens of problems against tables
 * it never meant to fill, and one whose year is wrong would get them against the year's format.
 */
export function parseReport(input: unknown): ParseResult {
  const result = reportSchema.safeParse(input, PARSE_OPTIONS);
  const assumed = formatToAssume(input);
  const cross = crossFieldProblems(input);
  let issues = [...issuesOf(result), ...cross];
  if (assumed) {
    const inYearsFormat = issuesOf(reportSchema.safeParse({ ...(input as object), formatVersion: assumed }, PARSE_OPTIONS));
    const declared = (input as { formatVersion?: unknown }).formatVersion;
    if (declared === '2019' || declared === '2021') {
      const inDeclared = issuesOf(result);
      issues = [...cross, ...(inDeclared.length <= inYearsFormat.length ? inDeclared : inYearsFormat)];
    } else {
      issues.push(...inYearsFormat);
    }
  }
  if (issues.length === 0 && result.success) return { ok: true, report: result.data };
  return { ok: false, problems: problemsFromZod(new z.ZodError(issues)) };
}

/** Parses JSON text first, so malformed JSON is a problem at the root rather than an exception. */
export function parseReportJson(json: string): ParseResult {
  const parsed = parseJsonText(json);
  return parsed.ok ? parseReport(parsed.json) : { ok: false, problems: [parsed.problem] };
}

/** The JSON Schema of the report, generated from the zod schema for client-side validation. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The title lines as printed: the report's own, or the agency name and "YYYY年政府信息公开工作年度报告". */
export function reportTitle(report: Report): string[] {
  return report.title ?? [report.agency.name, `${report.year}年政府信息公开工作年度报告`];
}
