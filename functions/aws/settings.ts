/**
 * The AWS-only settings of the functions, read from the environment the CDK stack sets
 * (infra/lib/nianbao-stack.ts), in the manner of config.ts: once, in the entry, with errors that
 * name the variable. Kept apart from config.ts because no other runtime has them.
 */
import { z } from 'zod';
import { ConfigError } from '../config';

export interface BatchQueueSettings {
  /** Where the planner sends one message per report (NIANBAO_BATCH_QUEUE_URL). */
  queueUrl?: string;
  /**
   * The queue's redrive maxReceiveCount (NIANBAO_BATCH_MAX_RECEIVES): on that delivery a report
   * that still fails transiently is recorded as failed instead of being sent to the dead-letter
   * queue; the dead-letter function records what reaches that queue anyway. @default 5
   */
  maxReceives: number;
}

export interface TokenSecretSettings {
  /** The Secrets Manager secret (name or ARN) that holds the publishing token (NIANBAO_TOKEN_SECRET). */
  secretId?: string;
  /** How long a token read from it is used before it is read again (NIANBAO_TOKEN_CACHE_SECONDS). @default 60 */
  cacheSeconds: number;
}

const wholeNumber = (min: number, max: number) => z.coerce.number({ error: `expected a whole number from ${min} to ${max}` }).int().min(min).max(max);

const batchEnvironment = z.object({
  NIANBAO_BATCH_QUEUE_URL: z.url({ protocol: /^https?$/, error: 'expected the queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)' }).optional(),
  NIANBAO_BATCH_MAX_RECEIVES: wholeNumber(1, 1000).default(5),
});

const tokenEnvironment = z.object({
  NIANBAO_TOKEN_SECRET: z.string().optional(),
  NIANBAO_TOKEN_CACHE_SECONDS: wholeNumber(0, 3600).default(60),
});

function parseEnvironment<Schema extends z.ZodObject>(schema: Schema, env: { [name: string]: string | undefined }): z.infer<Schema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0])}=${JSON.stringify(present[String(issue.path[0])] ?? '')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function loadBatchQueueSettings(env: { [name: string]: string | undefined }): BatchQueueSettings {
  const parsed = parseEnvironment(batchEnvironment, env);
  return { queueUrl: parsed.NIANBAO_BATCH_QUEUE_URL, maxReceives: parsed.NIANBAO_BATCH_MAX_RECEIVES };
}

export function loadTokenSecretSettings(env: { [name: string]: string | undefined }): TokenSecretSettings {
  const parsed = parseEnvironment(tokenEnvironment, env);
  return { secretId: parsed.NIANBAO_TOKEN_SECRET, cacheSeconds: parsed.NIANBAO_TOKEN_CACHE_SECONDS };
}
