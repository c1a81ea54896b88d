/**
 * Entry: the Node server with the embedded defaults (`npm start` = `nianbao serve`). Reads the
 * environment once, builds the adapters (filesystem or S3 archive, bundled Chromium and fonts),
 * hands them to the one app and serves it; on SIGTERM/SIGINT it stops accepting, lets the
 * documents in flight finish, and exits. Nothing else lives here: an entry only wires
 * adapters to the app.
 */
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp, DEFAULT_APP_CONFIG } from './app';
import type { Logger } from './logger';
import { openArchive } from './archive/from-config';
import { systemClock } from './clock';
import { ConfigError, loadConfig, type Config } from './config';
import { createTokenBucketLimiter } from './http/rate-limit';
import { createChromiumPrinter } from './print/chromium';
import { createFontAssets } from './fonts/node-assets';

const jsonLines: Logger = {
  info: (fields) => process.stdout.write(JSON.stringify({ level: 'info', time: new Date().toISOString(), ...fields }) + '\n'),
  error: (fields) => process.stderr.write(JSON.stringify({ level: 'error', time: new Date().toISOString(), ...fields }) + '\n'),
};

export interface RunningServer {
  url: string;
  token: string;
  /** Stops accepting, finishes the requests and documents in flight, releases the browser. */
  close(): Promise<void>;
}

export async function startNodeServer(config: Config = loadConfig(process.env), logger: Logger = jsonLines): Promise<RunningServer> {
  const archive = await openArchive(config.archive);
  const fonts = createFontAssets();
  const printer = createChromiumPrinter({
    assets: fonts,
    concurrency: config.concurrency,
    maxQueued: config.maxQueued,
    executablePath: config.chromiumPath,
    logger: { info: (event, fields) => logger.info({ msg: event, ...fields }), warn: (event, fields) => logger.error({ msg: event, ...fields }) },
  });
  // Without NIANBAO_TOKEN a random token is made for this run and printed once, so publishing
  // is never open to anyone by accident.
  const token = config.token ?? randomBytes(24).toString('base64url');
  const app = createApp({
    printer,
    archive,
    fonts,
    clock: systemClock,
    logger,
    config: { ...DEFAULT_APP_CONFIG, token },
    rateLimiter: config.rateLimitPerMinute > 0 ? createTokenBucketLimiter({ capacity: Math.max(1, config.rateLimitPerMinute / 4), refillPerSecond: config.rateLimitPerMinute / 60 }) : undefined,
    clientOf: (c) => getConnInfo(c).remote.address,
    healthChecks: { browser: () => printer.warm() },
  });

  // While shutting down, every answer closes its connection: a keep-alive client that was busy at
  // the signal would otherwise go on sending requests (new publishes too), and the server never
  // finished closing.
  let draining = false;
  const fetch: typeof app.fetch = async (request, ...rest) => {
    const response = await app.fetch(request, ...rest);
    if (draining) response.headers.set('connection', 'close');
    return response;
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(started));
    // A port in use or a host that does not resolve: a line naming the setting, not a stack trace.
    started.once('error', (error: NodeJS.ErrnoException) => {
      void printer.close();
      reject(new ConfigError(`cannot listen on ${config.host}:${config.port} (HOST, PORT): ${error.code ?? error.message}`));
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ msg: 'listening', url, archive: config.archive.kind === 'fs' ? config.archive.root : `s3://${config.archive.bucket}/${config.archive.prefix}` });
  if (!config.token) logger.info({ msg: 'NIANBAO_TOKEN is not set: publishing token for this run', token });

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await printer.close();
      })()),
  };
}

/** `nianbao serve`: runs until a signal, then shuts down cleanly. */
export async function serveUntilSignalled(): Promise<void> {
  const running = await startNodeServer();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      jsonLines.info({ msg: 'shutting down', signal });
      running.close().then(resolve, (error) => {
        jsonLines.error({ msg: 'shutdown failed', error: String(error) });
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
