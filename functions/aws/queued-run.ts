/**
 * The batch driven through a queue (issue 7, "on AWS, a scheduled planner that puts one SQS
 * message per report and a worker consuming them"): the planner side stores the plan and queues
 * one message per pending report; the worker side settles one delivered batch and then tries to
 * assemble the summary of each run it touched, which stores it once the last result is in
 * (batch/summary.ts `assembleSummary`). The planner side takes any `QueueSender`, so the
 * Cloudflare entry can hand in its Queue; the worker side reads SQS records.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from '../app';
import { batchMessageSchema, handleBatchMessage, messagesOf } from '../batch/message';
import { planBatch, savePlan } from '../batch/plan';
import type { BatchPorts } from '../batch/report';
import { assembleSummary } from '../batch/summary';
import { settleSqsBatch } from './sqs-batch';
import type { QueueSender } from './sqs-sender';

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

export async function consumeBatchMessages(
  records: readonly SQSRecord[],
  ports: BatchPorts,
  options: { maxReceives: number; logger: Logger },
): Promise<SQSBatchResponse> {
  const runs = new Map<string, { year: number; runId: string }>();
  const response = await settleSqsBatch(
    records,
    async (body, delivery) => {
      const result = await handleBatchMessage(body, ports, { finalAttempt: delivery.final });
      const { year, runId } = batchMessageSchema.parse(body);
      runs.set(`${year}/${runId}`, { year, runId });
      options.logger.info({ msg: 'batch report', year, runId, agencyId: result.agencyId, outcome: result.outcome });
    },
    options,
  );
  await assembleRuns(runs.values(), ports, options.logger);
  return response;
}

/**
 * Tries to assemble the summary of each run a delivered batch touched; a run whose last result
 * just came in gets its summary stored. Queue-neutral, so every queue consumer settles runs alike.
 */
export async function assembleRuns(runs: Iterable<{ year: number; runId: string }>, ports: Pick<BatchPorts, 'archive' | 'clock'>, logger: Logger): Promise<void> {
  for (const { year, runId } of runs) {
    try {
      const { complete, keys } = await assembleSummary(year, runId, ports);
      if (complete) logger.info({ msg: 'batch summary stored', year, runId, summary: keys?.html });
    } catch (error) {
      // The reports themselves are done; the next delivered batch (or the planner run again) assembles again.
      logger.error({ msg: 'batch summary not assembled', year, runId, error: String(error) });
    }
  }
}
