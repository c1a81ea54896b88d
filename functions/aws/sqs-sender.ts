/**
 * Sends JSON messages to one SQS queue, ten to a SendMessageBatch call (the API's limit,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).
 * A batch call can succeed while some entries fail; those are sent again, and if any still fail
 * the send throws naming them, so the caller never believes a report was queued when it was not.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSender } from '../batch/queued';

export interface SqsSenderOptions {
  /**
   * The queue; the SDK sends to this URL's host (client-sqs `useQueueUrlAsEndpoint`), so an
   * SQS-compatible emulator is reached by its queue URL alone. Region and credentials come from
   * the SDK's default chain (AWS_REGION and the function's role on Lambda).
   */
  queueUrl: string;
  /** Rounds for entries that failed inside a successful batch call. @default 3 */
  entryAttempts?: number;
}

const ENTRIES_PER_CALL = 10;

export function createSqsSender(options: SqsSenderOptions): QueueSender {
  if (!options?.queueUrl) throw new TypeError('createSqsSender: missing required option `queueUrl`');
  const client = new SQSClient({ maxAttempts: 5, retryMode: 'standard' });
  const attempts = options.entryAttempts ?? 3;

  async function sendGroup(bodies: string[]): Promise<void> {
    let waiting = new Map(bodies.map((body, index) => [String(index), body]));
    for (let attempt = 1; attempt <= attempts && waiting.size > 0; attempt++) {
      const { Failed = [] } = await client.send(
        new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: [...waiting].map(([Id, MessageBody]) => ({ Id, MessageBody })) }),
      );
      waiting = new Map(Failed.map((failure) => [failure.Id!, waiting.get(failure.Id!)!]));
      if (Failed.some((failure) => failure.SenderFault)) {
        throw new Error(`SQS refused ${Failed.length} message(s): ${Failed.map((failure) => `${failure.Code}: ${failure.Message}`).join('; ')}`);
      }
    }
    if (waiting.size > 0) throw new Error(`SQS did not take ${waiting.size} message(s) after ${attempts} attempts`);
  }

  return {
    async send(messages) {
      const bodies = messages.map((message) => JSON.stringify(message));
      for (let i = 0; i < bodies.length; i += ENTRIES_PER_CALL) await sendGroup(bodies.slice(i, i + ENTRIES_PER_CALL));
    },
  };
}
