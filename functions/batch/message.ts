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
import { RESULT_SCHEMA, type BatchPlan, type ReportResult } from './model';
import { publishPlanned, type BatchPorts } from './report';
import { readResult, storeResultOnce } from './results';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';

/** A value checked by one of the archive's key parsers, whose error becomes the schema's issue (safeParse never throws). */
const parsedBy = <T>(parse: (value: unknown) => T) =>
  z.unknown().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });

/** Checked on receipt: a queue body is input from outside this process. */
export const batchMessageSchema = z.object({
  year: parsedBy(parseYear),
  runId: parsedBy(parseRunId),
  agencyId: parsedBy(parseAgencyId),
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
  const earlier = await readResult(ports.archive, year, runId, planned.agencyId, retry);
  if (earlier) return earlier;

  const result = await publishPlanned(planned, ports, retry, { cancel: options.signal });
  if (result.outcome === 'failed' && result.error.transient && options.finalAttempt === false) {
    throw new RetryLater(`${planned.agencyId}: ${result.error.name}: ${result.error.message}`);
  }
  return storeResultOnce(ports.archive, year, runId, result, retry);
}

/**
 * Settles a message the queue gave up on and moved to its dead-letter queue: every delivery threw
 * (storage failing when its result was read or stored) or never returned (the worker timed out or
 * ran out of memory). Its report is recorded as failed, so that the run's summary still completes
 * and names it; a result that a delivery stored after all is kept. A later run publishes it.
 */
export async function settleDeadLetter(message: unknown, ports: Pick<BatchPorts, 'archive' | 'clock'>, deliveries: number, retry = DEFAULT_RETRY): Promise<ReportResult> {
  const { year, runId, ...planned } = batchMessageSchema.parse(message);
  const earlier = await readResult(ports.archive, year, runId, planned.agencyId, retry);
  if (earlier) return earlier;
  const result: ReportResult = {
    schema: RESULT_SCHEMA,
    ...planned,
    outcome: 'failed',
    error: {
      name: 'DeadLettered',
      message: `the queue gave up on this report after ${deliveries} deliveries (the worker timed out, ran out of memory, or could not reach the storage: see its logs); run the batch again to publish it`,
      transient: true,
    },
    attempts: Math.max(1, deliveries),
    ms: 0,
    finishedAt: ports.clock.now().toISOString(),
  };
  return storeResultOnce(ports.archive, year, runId, result, retry);
}

/** The report hit a transient error and the queue should deliver the message again. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}
