/**
 * The publishing token read from Secrets Manager at run time, so that changing the secret's value
 * (by hand, `aws secretsmanager put-secret-value`, or by a rotation function) takes effect without
 * a deploy: a container uses a value for `cacheSeconds`, then reads the secret again on the next
 * request that needs it. Concurrent requests share one read. When a read fails, the value read
 * before is used until a read succeeds; with none, the request gets a 503 to retry. A value that
 * is no usable token (config.ts `publishingToken`) is refused the same way, and logged.
 * The endpoint is the SDK's (AWS_ENDPOINT_URL_SECRETS_MANAGER overrides it).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../logger';
import { publishingToken } from '../config';

export interface SecretTokenOptions {
  secretId: string;
  cacheSeconds: number;
  logger: Logger;
  now?: () => number;
}

const RETRY_AFTER_SECONDS = 5;

export function secretToken(options: SecretTokenOptions): () => Promise<string> {
  const client = new SecretsManagerClient({ maxAttempts: 3 });
  const now = options.now ?? Date.now;
  let cached: { value: string; until: number } | undefined;
  let reading: Promise<string> | undefined;

  async function read(): Promise<string> {
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
      const parsed = publishingToken.safeParse(SecretString);
      if (!parsed.success) throw new Error(`the secret's value is no usable token: ${parsed.error.issues[0]?.message ?? 'not a string'}`);
      cached = { value: parsed.data, until: now() + options.cacheSeconds * 1000 };
      return parsed.data;
    } catch (error) {
      options.logger.error({ msg: 'publishing token unreadable', secretId: options.secretId, error: (error as Error).message, usingEarlierValue: cached !== undefined });
      if (cached) return cached.value;
      throw new HTTPException(503, {
        message: 'the publishing token could not be read from Secrets Manager; retry after the Retry-After delay',
        res: new Response(null, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }),
        cause: error,
      });
    } finally {
      reading = undefined;
    }
  }

  return async () => (cached && now() < cached.until ? cached.value : (reading ??= read()));
}
