/**
 * The SQS sender (functions/aws/sqs-sender.ts) against a real SQS-compatible server (fauxqs):
 * more messages than one SendMessageBatch call takes all arrive, each once, as JSON.
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSqsSender } from '../../functions/aws/sqs-sender';

let sqs: Awaited<ReturnType<typeof startFauxqs>>;
let queueUrl: string;
beforeAll(async () => {
  sqs = await startFauxqs({ port: 0, logger: false });
  // fauxqs names queues sqs.<region>.localhost, which need not resolve here; the path names the queue.
  queueUrl = new URL(new URL(sqs.createQueue('sender-test').queueUrl).pathname, sqs.address).href;
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  // The SDK warns that the queue URL's host differs from the regional endpoint: intended here.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await sqs?.stop();
});

describe('createSqsSender', () => {
  it('throws at once without a queue URL', () => {
    expect(() => createSqsSender({} as never)).toThrow('missing required option `queueUrl`');
  });

  it('sends 23 messages in batches of ten, each arriving once as JSON', async () => {
    const messages = Array.from({ length: 23 }, (_, i) => ({ n: i, agency: `机关-${i}` }));
    await createSqsSender({ queueUrl }).send(messages);
    const client = new SQSClient({});
    const received: unknown[] = [];
    for (let round = 0; round < 10 && received.length < messages.length; round++) {
      const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
      received.push(...Messages.map((message) => JSON.parse(message.Body!)));
    }
    expect(received).toHaveLength(23);
    expect(received).toEqual(expect.arrayContaining(messages));
  });
});
