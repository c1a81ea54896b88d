/**
 * The AWS-only settings of the batch functions, read from the environment the CDK stack sets
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

const environment = z.object({
  NIANBAO_BATCH_QUEUE_URL: z.url({ protocol: /^https?$/, error: 'expected the queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>)' }).optional(),
  NIANBAO_BATCH_MAX_RECEIVES: z.coerce.number({ error: 'expected a whole number from 1 to 1000' }).int().min(1).max(1000).default(5),
});

export function loadBatchQueueSettings(env: { [name: string]: string | undefined }): BatchQueueSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0])}=${JSON.stringify(present[String(issue.path[0])] ?? '')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return { queueUrl: parsed.data.NIANBAO_BATCH_QUEUE_URL, maxReceives: parsed.data.NIANBAO_BATCH_MAX_RECEIVES };
}
