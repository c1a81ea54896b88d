/**
 * The publishing token read from Secrets Manager (functions/aws/secret-token.ts) through the AWS
 * SDK, over HTTP, from a local stand-in of the API: what a container does before it has ever
 * read a usable value (503 to retry, the cause logged), and that concurrent requests share a read.
 * The cache and the rotation, as the Lambda entry uses them, are tested in test/runtime/lambda.test.ts.
 */
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../functions/logger';
import { secretToken } from '../../../functions/aws/secret-token';
import { startFakeSecretsManager, type FakeSecretsManager } from '../../helpers/secrets-manager';

let secretsManager: FakeSecretsManager;
const secrets = new Map([['good', 'a-usable-token-0123456789'], ['short', 'too-short'], ['spaced', 'a token with spaces in it']]);
beforeAll(async () => {
  secretsManager = await startFakeSecretsManager(secrets);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await secretsManager?.stop();
});

function recordingLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, info: (fields) => void lines.push(fields), error: (fields) => void lines.push({ level: 'error', ...fields }) };
}

async function refusal(read: () => Promise<string>): Promise<HTTPException> {
  const error = await read().then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(HTTPException);
  return error as HTTPException;
}

describe('secretToken', () => {
  it('reads the secret once for concurrent requests and keeps it for the cache period', async () => {
    const before = secretsManager.reads;
    const read = secretToken({ secretId: 'good', cacheSeconds: 60, logger: recordingLogger() });
    expect(await Promise.all([read(), read(), read()])).toEqual(Array(3).fill(secrets.get('good')));
    expect(await read()).toBe(secrets.get('good'));
    expect(secretsManager.reads).toBe(before + 1);
  });

  it('answers 503 with Retry-After while no usable value was ever read, naming the cause in the log only', async () => {
    for (const secretId of ['short', 'spaced', 'missing']) {
      const logger = recordingLogger();
      const refused = await refusal(secretToken({ secretId, cacheSeconds: 60, logger }));
      expect(refused.status).toBe(503);
      expect(refused.getResponse().headers.get('retry-after')).toBe('5');
      expect(refused.message).not.toContain(secrets.get(secretId) ?? 'missing');
      expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', msg: 'publishing token unreadable', secretId, usingEarlierValue: false })]);
    }
    secretsManager.failing = true;
    try {
      expect((await refusal(secretToken({ secretId: 'good', cacheSeconds: 60, logger: recordingLogger() }))).status).toBe(503);
    } finally {
      secretsManager.failing = false;
    }
  });

  it('keeps the value read last when a later read fails or finds no usable token', async () => {
    let now = 0;
    const logger = recordingLogger();
    const read = secretToken({ secretId: 'good', cacheSeconds: 1, logger, now: () => now });
    expect(await read()).toBe(secrets.get('good'));
    secrets.set('good', 'short');
    now = 2000;
    expect(await read()).toBe('a-usable-token-0123456789');
    expect(logger.lines).toEqual([expect.objectContaining({ msg: 'publishing token unreadable', usingEarlierValue: true, error: expect.stringContaining('at least 16 characters') })]);
  });
});
