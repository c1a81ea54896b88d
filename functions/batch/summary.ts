/**
 * The summary of a run: counts and one line per report, from the plan and the per-report
 * results. The CLI builds it from the results it just collected; a queue-driven run assembles it
 * from the stored results once all are in. Both go through `buildSummary` and `storeSummary`,
 * so the two paths write the same documents.
 */
import type { Archive } from '../archive/archive';
import { NotFound } from '../errors';
import { summaryKeys } from './keys';
import { notCurrent, SUMMARY_SCHEMA, type BatchPlan, type BatchSummary, type ReportResult, type SummaryLine, whoOf } from './model';
import { readPlan } from './plan';
import { readResults, resultKeys } from './results';
import { writeJson } from './stored-json';
import { summaryPage } from './summary-page';

/** Lines a reader must act on come first. */
const ORDER: Record<SummaryLine['outcome'], number> = { failed: 0, invalid: 1, pending: 2, published: 3, already: 4 };

function lineOf(result: ReportResult): SummaryLine {
  const { agencyId, draftKey } = result;
  switch (result.outcome) {
    case 'published':
      return { agencyId, draftKey, outcome: 'published', published: result.published, ...(result.earlier ? { earlier: result.earlier } : {}), attempts: result.attempts };
    case 'already':
      return { agencyId, draftKey, outcome: 'already', published: result.published, attempts: result.attempts };
    case 'invalid':
      return { agencyId, draftKey, outcome: 'invalid', problems: result.problems };
    case 'failed':
      return { agencyId, draftKey, outcome: 'failed', error: result.error, attempts: result.attempts };
  }
}

/**
 * The run's summary; it finished when its last report did (when every report has a result), so
 * the same plan and results always give the same summary.
 */
export function buildSummary(plan: BatchPlan, results: Iterable<ReportResult>): BatchSummary {
  const byAgency = new Map<string, ReportResult>();
  let lastFinished = plan.createdAt;
  for (const result of results) {
    byAgency.set(result.agencyId, result);
    if (Date.parse(result.finishedAt) > Date.parse(lastFinished)) lastFinished = result.finishedAt;
  }
  const lines: SummaryLine[] = [
    ...plan.already.map(({ agencyId, draftKey, published, newer }): SummaryLine => ({ agencyId, draftKey, outcome: 'already', published, ...(newer ? { newer } : {}), attempts: 0 })),
    ...plan.rejected.map(({ source, problems }): SummaryLine => ({ source, outcome: 'invalid', problems })),
    ...plan.pending.map(({ agencyId, draftKey }) => {
      const result = byAgency.get(agencyId);
      return result ? lineOf(result) : { agencyId, draftKey, outcome: 'pending' as const };
    }),
  ];
  lines.sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome] || (whoOf(a) < whoOf(b) ? -1 : whoOf(a) > whoOf(b) ? 1 : 0));
  const counts = { total: lines.length, published: 0, already: 0, invalid: 0, failed: 0, pending: 0 } satisfies BatchSummary['counts'];
  for (const line of lines) counts[line.outcome]++;
  const finishedAt = counts.pending === 0 ? lastFinished : undefined;
  return { schema: SUMMARY_SCHEMA, year: plan.year, runId: plan.runId, startedAt: plan.createdAt, finishedAt, counts, reports: lines, missing: plan.missing };
}

/** Every draft is published and current: nothing for a person to do (the CLI's exit status 0). */
export function allPublished(summary: BatchSummary): boolean {
  const { invalid, failed, pending } = summary.counts;
  return invalid + failed + pending === 0 && notCurrent(summary).length === 0;
}


export type SummaryKeys = ReturnType<typeof summaryKeys>;

/**
 * Writes the JSON first, the page after; a run's summary is written once and then kept. A summary
 * is a function of the plan and the results alone (buildSummary), so two queue workers that
 * finish a run's last reports together, or a try after one that stored only the JSON, write the
 * same documents.
 */
export async function storeSummary(archive: Archive, summary: BatchSummary): Promise<SummaryKeys> {
  const keys = summaryKeys(summary.year, summary.runId);
  await writeJson(archive, keys.json, summary);
  await archive.putIfAbsent(keys.html, new TextEncoder().encode(await summaryPage(summary)));
  return keys;
}

/** Either the run is still under way, or its summary is stored at `keys`. */
export type Assembled =
  | { complete: false; pending: number }
  | { complete: true; summary: BatchSummary; keys: SummaryKeys };

/**
 * For queue-driven runs: stores the run's summary, built from its stored plan and results, once
 * every planned report has a result. It is called after every delivered batch, so it first counts
 * the result keys (one list) and reads the results only when all are in: reading them every time
 * made a run of n reports cost about n²/5 reads on SQS.
 */
export async function assembleSummary(year: number, runId: string, ports: { archive: Archive }): Promise<Assembled> {
  const plan = await readPlan(ports.archive, year, runId);
  if (!plan) throw new NotFound(`no batch run ${runId} for ${year}`);
  const stored = await resultKeys(ports.archive, year, runId);
  if (stored.size < plan.pending.length) return { complete: false, pending: plan.pending.length - stored.size };
  const summary = buildSummary(plan, await readResults(ports.archive, stored));
  if (summary.counts.pending > 0) return { complete: false, pending: summary.counts.pending };
  return { complete: true, summary, keys: await storeSummary(ports.archive, summary) };
}
