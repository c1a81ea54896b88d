/**
 * SQS batches for Lambda's event source mapping with partial batch responses: the records become
 * the queue-neutral delivered messages of batch/queued.ts, and only the ones to deliver again are
 * named in `batchItemFailures`, so SQS delivers those again (and dead-letters them after
 * maxReceiveCount) while the others are deleted
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html, "Implementing
 * partial batch responses"; the mapping needs ReportBatchItemFailures).
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { DeliveredMessage, Settlement } from '../batch/queued';

function jsonOrUndefined(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** `maxReceives`: the queue's maxReceiveCount, after which SQS dead-letters a message. */
export function deliveredOf(records: readonly SQSRecord[], maxReceives: number): DeliveredMessage[] {
  return records.map((record) => {
    const deliveries = Number(record.attributes.ApproximateReceiveCount);
    return { id: record.messageId, body: jsonOrUndefined(record.body), deliveries, final: deliveries >= maxReceives };
  });
}

export function batchResponseOf(settled: ReadonlyMap<string, Settlement>): SQSBatchResponse {
  return { batchItemFailures: [...settled].filter(([, settlement]) => settlement === 'retry').map(([itemIdentifier]) => ({ itemIdentifier })) };
}
