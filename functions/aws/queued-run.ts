/**
 * The batch consumers on SQS (issue 7, "a worker consuming them"): the worker publishes the
 * report of each record of the batch queue, and the dead-letter function records the report of
 * each record SQS gave up on as failed, so every run's summary completes. Both settle through
 * batch/queued.ts and answer with a partial batch response. Planning is queue-neutral:
 * batch/queued.ts `startQueuedRun`.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from '../logger';
import { publishDelivered, settleDeadLetters } from '../batch/queued';
import type { BatchPorts } from '../batch/report';
import { batchResponseOf, deliveredOf } from './sqs-batch';

export interface ConsumeOptions {
  /** The batch queue's maxReceiveCount. */
  maxReceives: number;
  logger: Logger;
}

export async function consumeBatchMessages(records: readonly SQSRecord[], ports: BatchPorts, options: ConsumeOptions): Promise<SQSBatchResponse> {
  return batchResponseOf(await publishDelivered(deliveredOf(records, options.maxReceives), ports, options.logger));
}

export async function consumeDeadLetters(records: readonly SQSRecord[], ports: Pick<BatchPorts, 'archive' | 'clock'>, options: ConsumeOptions): Promise<SQSBatchResponse> {
  // A dead letter is never final: SQS keeps it until it is settled or its retention ends.
  return batchResponseOf(await settleDeadLetters(deliveredOf(records, Infinity), ports, options.logger, options.maxReceives));
}
