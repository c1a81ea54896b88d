/**
 * Entry: AWS Lambda. One bundle, one export per function that infra/lib/nianbao-stack.ts defines:
 * `http` serves the one Hono app to API Gateway (REST v1, HTTP API v2) and function URLs through
 * Hono's aws-lambda adapter; `planner` (EventBridge Scheduler, or by hand) plans a year's batch
 * and queues one SQS message per report; `worker` (the SQS event source) publishes them.
 * Separate exports rather than one handler that guesses by event shape, because each function
 * needs its own memory, timeout, IAM grants and concurrency cap, and a named handler cannot be
 * reached by an event it was not built for. Reads the environment once
 * per container, builds the adapters on the first invocation and keeps them (with the warm
 * browser) for every later one in the same container. Nothing else lives here: an entry
 * only wires adapters to the app.
 */
import './young-generation';
import { join } from 'node:path';
import type { Handler, SQSHandler } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp, DEFAULT_APP_CONFIG } from './app';
import type { Logger } from './logger';
import { openArchive } from './archive/from-config';
import { withinPayloadLimit } from './aws/payload-limit';
import { perContainer } from './aws/per-container';
import { consumeBatchMessages, consumeDeadLetters } from './aws/queued-run';
import { startQueuedRun, type StartedRun } from './batch/queued';
import { scheduledRunIdOf, yearToPlan } from './aws/schedule-event';
import { secretToken } from './aws/secret-token';
import { loadBatchQueueSettings, loadTokenSecretSettings } from './aws/settings';
import { createSqsSender } from './aws/sqs-sender';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { createChromiumPrinter } from './print/chromium';
import { createFontAssets } from './fonts/node-assets';

const config = loadConfig(process.env);
const queue = loadBatchQueueSettings(process.env);
const tokenSecret = loadTokenSecretSettings(process.env);

/**
 * Lambda's runtime adds the timestamp, level and request id to each line when the function's log
 * format is JSON (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html).
 */
const logger: Logger = { info: (fields) => console.info(fields), error: (fields) => console.error(fields) };

/**
 * An execution environment serves one invocation at a time
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html), so a second browser
 * would never print; Lambda scales by adding containers instead.
 */
const DOCUMENTS_AT_ONCE = 1;

/**
 * Printer budgets whose usual path adds up to less than the HTTP function's 60 s timeout
 * (infra/lib/nianbao-stack.ts): launch, open the page, load, print, close it, ask the version,
 * 18 + 2 + 10 + 25 + 2 + 2 = 59 s, so a document that takes too long gets the app's 504 problem
 * instead of Lambda cutting the invocation off with no answer. The rare paths can go past it: a
 * second launch after a browser that exited while starting, a document printed again after its
 * browser exited or hung, a second load for a font asked for late, memory relief. A 50-page report
 * prints in about a second (Page.printToPDF alone takes ~13 ms a page); opening a page takes ~20 ms.
 */
const BUDGETS = { launchTimeoutMs: 18_000, pageTimeoutMs: 2_000, loadTimeoutMs: 10_000, printTimeoutMs: 25_000 };

/**
 * The deployment package keeps the font packages and harfbuzzjs under node_modules beside the
 * bundle (infra/lib/bundling.ts); LAMBDA_TASK_ROOT is that folder, /var/task. Outside Lambda the
 * project's own node_modules serve.
 */
const nodeModules = process.env.LAMBDA_TASK_ROOT ? join(process.env.LAMBDA_TASK_ROOT, 'node_modules') : undefined;

function printing() {
  const fonts = createFontAssets({ nodeModules, reducedFaces: false });
  const printer = createChromiumPrinter({
    assets: fonts,
    concurrency: DOCUMENTS_AT_ONCE,
    maxQueued: config.maxQueued,
    executablePath: config.chromiumPath,
    ...BUDGETS,
    logger: { info: (event, fields) => logger.info({ msg: event, ...fields }), warn: (event, fields) => logger.error({ msg: event, ...fields }) },
  });
  return { fonts, printer };
}

/** The token from Secrets Manager (NIANBAO_TOKEN_SECRET, as the stack sets it), else NIANBAO_TOKEN. */
function tokenSource() {
  const { secretId, cacheSeconds } = tokenSecret;
  return secretId ? secretToken({ secretId, cacheSeconds, logger }) : config.token;
}

async function httpHandler() {
  const { fonts, printer } = printing();
  const app = createApp({
    printer,
    fonts,
    archive: await openArchive(config.archive),
    clock: systemClock,
    logger,
    // Without a token publishing answers 401: a function has no console to print a token to.
    // Every invocation is paid for and a container's memory is not shared, so an in-memory
    // per-client limiter would limit nothing: validate, preview, render and imports take a credential as
    // publishing does, and the stack can cap the function's concurrency (httpMaxConcurrency).
    config: { ...DEFAULT_APP_CONFIG, token: tokenSource(), jwt: config.jwt, checksNeedToken: true, corsOrigins: config.corsOrigins },
    healthChecks: { browser: () => printer.warm() },
  });
  return handle(app);
}

const httpOnce = perContainer(httpHandler);

export const http: Handler<LambdaEvent> = async (event, context) => withinPayloadLimit(await (await httpOnce())(event, context), context.awsRequestId, logger);

const workerPorts = perContainer(async () => ({ printer: printing().printer, archive: await openArchive(config.archive), clock: systemClock }));

export const worker: SQSHandler = async (event) =>
  consumeBatchMessages(event.Records, await workerPorts(), { maxReceives: queue.maxReceives, logger });

const deadLetterPorts = perContainer(async () => ({ archive: await openArchive(config.archive), clock: systemClock }));

/** The batch queue's dead-letter queue: records each report SQS gave up on as failed (no browser). */
export const deadLetters: SQSHandler = async (event) =>
  consumeDeadLetters(event.Records, await deadLetterPorts(), { maxReceives: queue.maxReceives, logger });

const plannerPorts = perContainer(async () => {
  if (!queue.queueUrl) throw new ConfigError('NIANBAO_BATCH_QUEUE_URL is not set: the planner needs the batch queue');
  return { archive: await openArchive(config.archive), clock: systemClock, sender: createSqsSender({ queueUrl: queue.queueUrl }) };
});

export const planner: Handler<unknown, StartedRun> = async (event) => {
  const { sender, ...ports } = await plannerPorts();
  const started = await startQueuedRun(yearToPlan(event), ports, sender, scheduledRunIdOf(event));
  logger.info({ msg: 'batch planned', ...started });
  return started;
};
