/**
 * The batch on Cloudflare Queues (https://developers.cloudflare.com/queues/): the cron trigger's
 * planner sends one message per report through `sendBatch`, and the Worker's queue consumer
 * publishes each one with the batch's own `handleBatchMessage`, then tries to assemble the
 * summary of every run it touched (batch/summary.ts stores it once the last result is in). The
 * planning itself is the queue-neutral `startQueuedRun` (batch/queued.ts); only delivery and
 * acknowledgement are Cloudflare's here.
 */
import type { MessageBatch, Queue } from '@cloudflare/workers-types/latest';
import type { Logger } from '../app';
import { batchMessageSchema, handleBatchMessage, type BatchMessage } from '../batch/message';
import type { BatchPorts } from '../batch/report';
import { assembleRuns, type QueueSender } from '../batch/queued';

/** `sendBatch` takes at most 100 messages per call (https://developers.cloudflare.com/queues/platform/limits/). */
const MESSAGES_PER_CALL = 100;

export function cloudflareQueueSender(queue: Queue<BatchMessage>): QueueSender {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += MESSAGES_PER_CALL) {
        await queue.sendBatch(messages.slice(i, i + MESSAGES_PER_CALL).map((body) => ({ body: body as BatchMessage })));
      }
    },
  };
}

/**
 * The year whose reports a run started at `time` publishes: the one before, since each year's
 * report is due by 31 January of the next (《政府信息公开条例》第五十条).
 */
export function reportYearAt(time: Date): number {
  return time.getUTCFullYear() - 1;
}

export interface ConsumeOptions {
  /** The consumer's `max_retries` in wrangler.toml: on the delivery after it, a transient failure is recorded as failed. */
  maxRetries: number;
  logger: Logger;
}

/**
 * Settles one delivered batch message by message: `ack` when the report has its result, `retry`
 * when it failed transiently and the queue will deliver it again (after `max_retries` it goes to
 * the dead-letter queue). `attempts` counts deliveries, the first being 1
 * (https://developers.cloudflare.com/queues/configuration/javascript-apis/#message).
 */
export async function consumeQueueBatch(batch: MessageBatch<unknown>, ports: BatchPorts, options: ConsumeOptions): Promise<void> {
  const runs = new Map<string, { year: number; runId: string }>();
  for (const message of batch.messages) {
    const parsed = batchMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // Fails the same way on every delivery: dropped, and said so.
      options.logger.error({ msg: 'queue message malformed', messageId: message.id, error: parsed.error.message });
      message.ack();
      continue;
    }
    const { year, runId } = parsed.data;
    try {
      const result = await handleBatchMessage(message.body, ports, { finalAttempt: message.attempts > options.maxRetries });
      runs.set(`${year}/${runId}`, { year, runId });
      options.logger.info({ msg: 'batch report', year, runId, agencyId: result.agencyId, outcome: result.outcome });
      message.ack();
    } catch (error) {
      // RetryLater, or storage failing while the result was read or stored: deliver it again.
      options.logger.error({ msg: 'queue message failed', messageId: message.id, attempts: message.attempts, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      message.retry();
    }
  }
  await assembleRuns(runs.values(), ports, options.logger);
}
