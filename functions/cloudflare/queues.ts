/**
 * The batch on Cloudflare Queues (https://developers.cloudflare.com/queues/): the cron trigger's
 * planner sends one message per report through `sendBatch`, and the Worker's queue consumer
 * publishes each one, then tries to assemble the summary of every run it touched (batch/summary.ts
 * stores it once the last result is in); the consumer of the dead-letter queue records the reports
 * the queue gave up on as failed, so the summary completes. The
 * planning itself is the queue-neutral `startQueuedRun` (batch/queued.ts); only delivery and
 * acknowledgement are Cloudflare's here.
 */
import type { MessageBatch, Queue } from '@cloudflare/workers-types/latest';
import type { Logger } from '../logger';
import type { BatchMessage } from '../batch/message';
import type { BatchPorts } from '../batch/report';
import { publishDelivered, settleDeadLetters, type QueueSender } from '../batch/queued';

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
  /** The batch consumer's `max_retries` in wrangler.toml: on the delivery after it, a transient failure is recorded as failed. */
  maxRetries: number;
  /** The batch queue's `dead_letter_queue` in wrangler.toml, whose batches are settled as dead letters. */
  deadLetterQueue: string;
  logger: Logger;
}

/**
 * The wait before a message asked to retry comes again: a minute, doubling per delivery, within
 * Cloudflare's 12 hours; without it every delivery came within seconds, before storage or Browser
 * Rendering had any time to recover.
 */
export const retryDelaySeconds = (attempts: number) => Math.min(60 * 2 ** (attempts - 1), 12 * 3600);

/**
 * Settles one delivered batch of the batch queue or of its dead-letter queue (batch/queued.ts):
 * `ack` when the report has its result, `retry` (with a delay) when the queue should deliver it
 * again. `attempts` counts deliveries, the first being 1
 * (https://developers.cloudflare.com/queues/configuration/javascript-apis/#message).
 */
export async function consumeQueueBatch(batch: MessageBatch<unknown>, ports: BatchPorts, options: ConsumeOptions): Promise<void> {
  const deadLetters = batch.queue === options.deadLetterQueue;
  const delivered = batch.messages.map((message) => ({ id: message.id, body: message.body, deliveries: message.attempts, final: !deadLetters && message.attempts > options.maxRetries }));
  const settled = deadLetters
    ? await settleDeadLetters(delivered, ports, options.logger, options.maxRetries + 1)
    : await publishDelivered(delivered, ports, options.logger);
  for (const message of batch.messages) {
    if (settled.get(message.id) === 'retry') message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    else message.ack();
  }
}
