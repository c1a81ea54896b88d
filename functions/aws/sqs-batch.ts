/**
 * Settles one SQS batch for Lambda's event source mapping with partial batch responses: each
 * record is handled on its own, and only the ones that threw are named in `batchItemFailures`,
 * so SQS delivers those again (and dead-letters them after maxReceiveCount) while the others are
 * deleted (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html,
 * "Implementing partial batch responses"; the mapping needs ReportBatchItemFailures). Records run
 * one after another: the container has one browser and prints one document at a time.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from '../app';

export interface Delivery {
  /** SQS will not deliver this message again: the queue's maxReceiveCount is reached. */
  final: boolean;
}

export async function settleSqsBatch(
  records: readonly SQSRecord[],
  handle: (body: unknown, delivery: Delivery) => Promise<void>,
  options: { maxReceives: number; logger: Logger },
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    const receives = Number(record.attributes.ApproximateReceiveCount);
    try {
      await handle(JSON.parse(record.body), { final: receives >= options.maxReceives });
    } catch (error) {
      options.logger.error({ msg: 'queue message failed', messageId: record.messageId, receives, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
