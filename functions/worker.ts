/**
 * Entry: Cloudflare Workers (wrangler.toml). Reads the env once per isolate, builds the adapters
 * — the archive in R2 through its binding (archive/r2.ts), printing through Browser Rendering
 * (print/cloudflare.ts), fonts subset from the static-assets binding (fonts/cloudflare-assets.ts)
 * — and serves the one app; the cron trigger plans the year's batch and the queue consumer
 * publishes it (cloudflare/queues.ts). Nothing else lives here: an entry only wires
 * adapters to the app.
 */
import type { BrowserWorker } from '@cloudflare/puppeteer';
import type { ExecutionContext, Fetcher, MessageBatch, Queue, R2Bucket, RateLimit, ScheduledController } from '@cloudflare/workers-types/latest';
import hbSubset from 'harfbuzzjs/dist/harfbuzz-subset.wasm';
import { createApp, DEFAULT_APP_CONFIG } from './app';
import type { Logger } from './logger';
import { createR2Archive } from './archive/r2';
import { scheduledRunId } from './batch/keys';
import { startQueuedRun } from './batch/queued';
import type { BatchMessage } from './batch/message';
import { systemClock } from './clock';
import { cloudflareQueueSender, consumeQueueBatch, reportYearAt } from './cloudflare/queues';
import { bindingRateLimiter, connectingClient } from './cloudflare/rate-limit';
import { loadConfig } from './config';
import { createCloudflarePrinter } from './print/cloudflare';
import { createCloudflareFontAssets } from './fonts/cloudflare-assets';

/** The bindings and variables wrangler.toml declares; NIANBAO_TOKEN is a secret (`wrangler secret put`). */
export interface Env {
  ARCHIVE: R2Bucket;
  BROWSER: BrowserWorker;
  ASSETS: Fetcher;
  BATCH_QUEUE: Queue<BatchMessage>;
  /** Guards preview and render, which cost a browser each. */
  PRINT_LIMITER: RateLimit;
  NIANBAO_TOKEN?: string;
}

/** Must equal `max_retries` and `dead_letter_queue` of the batch queue's consumer in wrangler.toml. */
const QUEUE_MAX_RETRIES = 3;
const DEAD_LETTER_QUEUE = 'nianbao-batch-dlq';
/** Must equal `simple.period` of PRINT_LIMITER in wrangler.toml. */
const PRINT_LIMIT_PERIOD_SECONDS = 60;

/** Workers Logs stores console output, one JSON object a line (https://developers.cloudflare.com/workers/observability/logs/workers-logs/). */
const logger: Logger = { info: (fields) => console.log(JSON.stringify(fields)), error: (fields) => console.error(JSON.stringify(fields)) };

function portsOf(env: Env) {
  const config = loadConfig(env as unknown as Record<string, string | undefined>);
  const archive = createR2Archive({ bucket: env.ARCHIVE });
  // The assets binding answers any URL by its path; the host is never contacted.
  const fonts = createCloudflareFontAssets({ subsetter: hbSubset, fetchAsset: (path) => env.ASSETS.fetch(new URL(path, 'https://assets.local/').href) as unknown as Promise<Response> });
  const printer = createCloudflarePrinter({
    browser: env.BROWSER,
    assets: fonts,
    logger: { info: (event, fields) => logger.info({ msg: event, ...fields }), warn: (event, fields) => logger.error({ msg: event, ...fields }) },
  });
  return { config, archive, fonts, printer, clock: systemClock };
}

/** Bindings are the same for every request an isolate serves, so the adapters are built once. */
let ports: ReturnType<typeof portsOf> | undefined;
const portsFor = (env: Env) => (ports ??= portsOf(env));

let app: ReturnType<typeof createApp> | undefined;
function appFor(env: Env) {
  const { config, ...rest } = portsFor(env);
  // Without NIANBAO_TOKEN publishing answers 401.
  return (app ??= createApp({
    ...rest,
    logger,
    config: { ...DEFAULT_APP_CONFIG, token: config.token, jwt: config.jwt, corsOrigins: config.corsOrigins },
    rateLimiter: bindingRateLimiter(env.PRINT_LIMITER, PRINT_LIMIT_PERIOD_SECONDS),
    clientOf: connectingClient,
  }));
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => appFor(env).fetch(request, env, ctx),

  async scheduled(controller: ScheduledController, env: Env) {
    const { archive, clock } = portsFor(env);
    const firedAt = new Date(controller.scheduledTime);
    const run = await startQueuedRun(reportYearAt(firedAt), { archive, clock }, cloudflareQueueSender(env.BATCH_QUEUE), scheduledRunId(firedAt));
    logger.info({ msg: 'batch planned', cron: controller.cron, ...run });
  },

  async queue(batch: MessageBatch<unknown>, env: Env) {
    await consumeQueueBatch(batch, portsFor(env), { maxRetries: QUEUE_MAX_RETRIES, deadLetterQueue: DEAD_LETTER_QUEUE, logger });
  },
};
