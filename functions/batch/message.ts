/**
 * The queue-driven batch (AWS SQS, Cloudflare Queues; the entries belong to issue 6): a planner
 * stores the plan and sends one message per pending report; each consumer calls
 * `handleBatchMessage`; `assembleSummary` (summary.ts) writes the summary once all results are in.
 * Queues deliver at least once, so a message seen again returns the stored result and does
 * nothing else; publish() is idempotent beneath that in any case.
 */
import { z } from 'zod';
import { parseAgencyId, parseYear } from '../archive/keys';
import { parseDraftKey } from '../drafts/keys';
import { parseRunId } from './keys';
import type { BatchPlan, ReportResult } from './model';
import { publishPlanned, type BatchPorts } from './report';
import { readResult, saveResult } from './results';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';

/** Checked on receipt: a queue body is input from outside this process. */
export const batchMessageSchema = z.object({
  year: z.number().transform((y) => parseYear(y)),
  runId: z.string().transform((id) => parseRunId(id)),
  agencyId: z.string().transform((id) => parseAgencyId(id)),
  draftKey: z.string().refine((key) => parseDraftKey(key) !== null, 'not a draft key'),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
/** What a queue carries; `handleBatchMessage` checks it again on receipt. */
export type BatchMessage = z.input<typeof batchMessageSchema>;

/** One message per report still to publish. */
export function messagesOf(plan: BatchPlan): BatchMessage[] {
  return plan.pending.map((planned) => ({ year: plan.year, runId: plan.runId, ...planned }));
}

export interface MessageOptions {
  retry?: RetryPolicy;
  /**
   * false while the queue will deliver the message again: then a transient failure is thrown, so
   * the queue retries later (and finally dead-letters it), instead of being recorded as failed.
   * @default true
   */
  finalAttempt?: boolean;
  signal?: AbortSignal;
}

export async function handleBatchMessage(message: unknown, ports: BatchPorts, options: MessageOptions = {}): Promise<ReportResult> {
  const { year, runId, ...planned } = batchMessageSchema.parse(message);
  const retry = options.retry ?? DEFAULT_RETRY;
  const earlier = await readResult(ports.archive, year, runId, planned.agencyId);
  if (earlier) return earlier;

  const result = await publishPlanned(planned, ports, retry, { cancel: options.signal });
  if (result.outcome === 'failed' && result.error.transient && options.finalAttempt === false) {
    throw new RetryLater(`${planned.agencyId}: ${result.error.name}: ${result.error.message}`);
  }
  if (await saveResult(ports.archive, year, runId, result, retry)) return result;
  // Another delivery of the same message stored its result first; that one counts.
  return (await readResult(ports.archive, year, runId, planned.agencyId)) ?? result;
}

/** The report hit a transient error and the queue should deliver the message again. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}
