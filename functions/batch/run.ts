/**
 * Running a planned batch in one process (the CLI, the benchmark): the plan is stored first, then
 * each pending report is published with bounded concurrency and its result stored as soon as it
 * is known, then the summary is written. A crash or a stop loses nothing: what was published is
 * archived, what was decided is stored, and a new run skips what is archived (plan.ts).
 */
import { savePlan } from './plan';
import type { BatchPlan, BatchSummary, ReportResult } from './model';
import { forEachBounded } from './pool';
import { publishPlanned, type BatchPorts } from './report';
import { saveResult } from './results';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { buildSummary, storeSummary, type SummaryKeys } from './summary';

export interface Progress {
  /** Reports with a result, the already-published ones of the plan included. */
  done: number;
  total: number;
  /** The report that just finished. */
  result: ReportResult;
}

export interface RunOptions {
  /** Reports in flight at once; match it to the printer's concurrency. */
  concurrency: number;
  onProgress?: (progress: Progress) => void;
  /**
   * Stops taking new reports; those in flight finish (a print is not cut short: its report would
   * be recorded as failed when it merely was not finished) and the summary lists the rest as pending.
   */
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

export interface BatchRun {
  summary: BatchSummary;
  /** Where the summary is stored; absent when storing it failed (then `storeError` says why). */
  keys?: SummaryKeys;
  storeError?: Error;
}

export async function runBatch(plan: BatchPlan, ports: BatchPorts, options: RunOptions): Promise<BatchRun> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const results: ReportResult[] = [];
  const total = plan.pending.length + plan.already.length + plan.rejected.length;
  let done = total - plan.pending.length;
  const saved = await withRetry(() => savePlan(plan, ports.archive), retry, options.signal);
  // Without storage the run cannot publish anything either; say so once instead of per report.
  if (!saved.ok) return { summary: buildSummary(plan, results), storeError: saved.error as Error };

  let storeError: Error | undefined;
  await forEachBounded(plan.pending, options.concurrency, async (planned) => {
    const result = await publishPlanned(planned, ports, retry, { stopRetrying: options.signal });
    // Stopped while it waited to try again: not failed, only not finished, for a rerun to publish.
    if (options.signal?.aborted && result.outcome === 'failed' && result.error.transient) return;
    results.push(result);
    // A result that cannot be stored is still reported here; a rerun decides that report again.
    await saveResult(ports.archive, plan.year, plan.runId, result, retry).catch((error: Error) => (storeError ??= error));
    options.onProgress?.({ done: ++done, total, result });
  }, options.signal);

  const summary = buildSummary(plan, results);
  try {
    return { summary, keys: await storeSummary(ports.archive, summary), storeError };
  } catch (error) {
    return { summary, storeError: error as Error };
  }
}
