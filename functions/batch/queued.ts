/**
 * The batch driven through a queue, whatever the queue (issue 7: SQS on AWS, Queues on
 * Cloudflare): the planner stores the plan and sends one message per pending report through a
 * `QueueSender`; each consumer, after settling a delivered batch with `handleBatchMessage`, tries
 * to assemble the summary of every run it touched (summary.ts stores it once the last result is
 * in). Only delivery and acknowledgement differ per cloud (aws/queued-run.ts, cloudflare/queues.ts).
 */
import type { Logger } from '../app';
import { messagesOf } from './message';
import { planBatch, savePlan } from './plan';
import type { BatchPorts } from './report';
import { assembleSummary } from './summary';

/** Sends batch messages on the cloud's own queue. */
export interface QueueSender {
  send(messages: readonly unknown[]): Promise<void>;
}

export interface StartedRun {
  year: number;
  runId: string;
  queued: number;
  already: number;
  rejected: number;
}

export async function startQueuedRun(year: number, ports: Omit<BatchPorts, 'printer'>, queue: QueueSender): Promise<StartedRun> {
  const plan = await planBatch(year, ports);
  await savePlan(plan, ports.archive);
  const messages = messagesOf(plan);
  await queue.send(messages);
  // Nothing to print: no worker will run, so the summary is written now.
  if (messages.length === 0) await assembleSummary(year, plan.runId, ports);
  return { year, runId: plan.runId, queued: messages.length, already: plan.already.length, rejected: plan.rejected.length };
}

/**
 * Tries to assemble the summary of each run a delivered batch touched; a run whose last result
 * just came in gets its summary stored. Queue-neutral, so every queue consumer settles runs alike.
 */
export async function assembleRuns(runs: Iterable<{ year: number; runId: string }>, ports: Pick<BatchPorts, 'archive' | 'clock'>, logger: Logger): Promise<void> {
  for (const { year, runId } of runs) {
    try {
      const assembled = await assembleSummary(year, runId, ports);
      if (assembled.complete) logger.info({ msg: 'batch summary stored', year, runId, summary: assembled.keys.html });
    } catch (error) {
      // The reports themselves are done; the next delivered batch (or the planner run again) assembles again.
      logger.error({ msg: 'batch summary not assembled', year, runId, error: String(error) });
    }
  }
}
