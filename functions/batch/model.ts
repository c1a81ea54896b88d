/**
 * The batch's stored documents: the plan, one result per report, and the summary. Each has a
 * zod schema because it is read back later, by another process (a rerun, a queue worker, the
 * summary assembler) and possibly by newer code, so what comes out of storage is checked.
 */
import { z } from 'zod';
import type { PublicationRecord } from '../archive/record';

/** report/problems.ts `Problem`, as stored. */
const problem = z.object({
  path: z.string(),
  rule: z.string(),
  zh: z.string(),
  en: z.string(),
  paths: z.array(z.string()).optional(),
  expected: z.union([z.number(), z.string()]).optional(),
  found: z.union([z.number(), z.string()]).optional(),
  omitted: z.number().int().optional(),
});

/** What a summary line needs from a publication record: where it is and how big. */
const published = z.object({
  name: z.string(),
  pdf: z.string(),
  record: z.string(),
  pages: z.number().int(),
  bytes: z.number().int(),
});
export type PublishedRef = z.infer<typeof published>;

export function publishedRefOf(record: PublicationRecord): PublishedRef {
  return { name: record.agency.name, pdf: record.keys.pdf, record: record.keys.record, pages: record.pages, bytes: record.bytes };
}

/** One agency's current draft, as the planner found it. */
const plannedReport = z.object({
  agencyId: z.string(),
  draftKey: z.string(),
  sourceSha256: z.string(),
});
export type PlannedReport = z.infer<typeof plannedReport>;

export const PLAN_SCHEMA = 'nianbao.batch-plan/1';

const missingAgency = z.object({ agencyId: z.string(), name: z.string() });
export type MissingAgency = z.infer<typeof missingAgency>;

export const batchPlanSchema = z.object({
  schema: z.literal(PLAN_SCHEMA),
  year: z.number().int(),
  runId: z.string(),
  createdAt: z.iso.datetime(),
  /** Drafts to validate, print and archive, one message each on a queue. */
  pending: z.array(plannedReport),
  /**
   * Drafts whose exact content was already published when the plan was made: final at once.
   * `newer`: the agency published another version since (A, then B, then the draft back to A),
   * so this one is archived but not current, which the immutable archive cannot change back.
   */
  already: z.array(plannedReport.extend({ published, newer: published.optional() })),
  /** Input files that could not become drafts (`batch --from DIR`): reported as invalid. */
  rejected: z.array(z.object({ source: z.string(), problems: z.array(problem) })),
  /**
   * Agencies the register says must report for the year that have neither a draft nor a published
   * version: nothing to publish, listed for a person to chase. Absent in plans made before the register.
   */
  missing: z.array(missingAgency).default([]),
});
export type BatchPlan = z.infer<typeof batchPlanSchema>;

export const RESULT_SCHEMA = 'nianbao.batch-result/1';

const resultBase = plannedReport.extend({
  schema: z.literal(RESULT_SCHEMA),
  finishedAt: z.iso.datetime(),
  /** Tries it took, the first included (transient storage and printer errors are retried). */
  attempts: z.number().int().positive(),
  ms: z.number().nonnegative(),
});

export const reportResultSchema = z.discriminatedUnion('outcome', [
  /** `earlier`: versions of the agency's report for the year published before this one, which it supersedes. */
  resultBase.extend({ outcome: z.literal('published'), published, earlier: z.number().int().nonnegative().optional() }),
  resultBase.extend({ outcome: z.literal('already'), published }),
  resultBase.extend({ outcome: z.literal('invalid'), problems: z.array(problem) }),
  resultBase.extend({
    outcome: z.literal('failed'),
    /** `transient`: storage or printer capacity, not the report; a later run may well succeed. */
    error: z.object({ name: z.string(), message: z.string(), transient: z.boolean() }),
  }),
]);
export type ReportResult = z.infer<typeof reportResultSchema>;
export type Outcome = ReportResult['outcome'];

export const SUMMARY_SCHEMA = 'nianbao.batch-summary/1';

/** One line of the summary: a report's result, or a rejected input file. */
export type SummaryLine =
  | (Pick<ReportResult, 'agencyId' | 'draftKey'> & { outcome: 'published' | 'already'; published: PublishedRef; earlier?: number; newer?: PublishedRef; attempts: number })
  | { agencyId?: string; draftKey?: string; source?: string; outcome: 'invalid'; problems: z.infer<typeof problem>[] }
  | (Pick<ReportResult, 'agencyId' | 'draftKey'> & { outcome: 'failed'; error: { name: string; message: string; transient: boolean }; attempts: number })
  | { agencyId: string; draftKey: string; outcome: 'pending' };

/** The agency id, or for a rejected file its name. */
export function whoOf(line: SummaryLine): string {
  return line.agencyId ?? ('source' in line ? line.source : undefined) ?? '';
}

export interface BatchSummary {
  schema: typeof SUMMARY_SCHEMA;
  year: number;
  runId: string;
  startedAt: string;
  /** Set once every planned report has a result. */
  finishedAt?: string;
  counts: Record<Outcome | 'pending' | 'total', number>;
  /** Failed first, then invalid, pending, published, already there; by agency within each. */
  reports: SummaryLine[];
  /** The plan's `missing`: agencies that must report and sent nothing. */
  missing: MissingAgency[];
}

/** Drafts that are archived, but as an older version than the agency's current one. */
export function notCurrent(summary: BatchSummary): (SummaryLine & { outcome: 'already' })[] {
  return summary.reports.filter((line): line is SummaryLine & { outcome: 'already' } => line.outcome === 'already' && line.newer !== undefined);
}
