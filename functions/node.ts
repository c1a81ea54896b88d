/**
 * Entry: the Node server with the embedded defaults (`npm start` = `nianbao serve`). Reads the
 * environment once, builds the adapters (filesystem or S3 archive, bundled Chromium and fonts),
 * hands them to the one app and serves it with Node's limits on slow requests and connections;
 * at start it sweeps what interrupted writes left in a folder archive; on SIGTERM/SIGINT it stops
 * accepting, lets the documents in flight finish, and exits. Nothing else lives here: an entry
 * only wires adapters to the app.
 */
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp, DEFAULT_APP_CONFIG } from './app';
import type { Archive } from './archive/archive';
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

/**
 * Removes what interrupted writes left in a folder archive. Storage that cannot be read now does
 * not stop the start: the server comes up not ready (/readyz) and serves once storage is back.
 */
async function sweepStrayWrites(archive: Archive, logger: Logger): Promise<void> {
  try {
    for (const stray of (await archive.sweepStrayWrites?.()) ?? []) {
      logger.info({ msg: 'removed a file left by an interrupted write', path: stray.path, bytes: stray.bytes, modifiedAt: stray.modifiedAt.toISOString() });
    }
  } catch (error) {
    logger.error({ msg: 'could not look for files left by interrupted writes', error: (error as Error).message });
  }
}

/** One line for the first connection closed at the cap, then at most one a minute with a count: a flood must not flood the log. */
function logDrops(limit: number, logger: Logger): () => void {
  let dropped = 0;
  let loggedAt = -Infinity;
  return () => {
    dropped++;
    if (performance.now() - loggedAt < 60_000) return;
    logger.error({ msg: 'connection closed: NIANBAO_MAX_CONNECTIONS reached', limit, dropped });
    dropped = 0;
    loggedAt = performance.now();
  };
}

export interface RunningServer {
  url: string;
  /** The publishing token: NIANBAO_TOKEN, or one made for this run and shown on the terminal. */
  token?: string;
  /** Stops accepting, finishes the requests and documents in flight, releases the browser. */
  close(): Promise<void>;
}

/** Where a token made for this run is shown: the operator's terminal, never the log. */
export interface Terminal {
  isTTY: boolean;
  write(text: string): void;
}

const stderrTerminal: Terminal = { isTTY: process.stderr.isTTY === true, write: (text) => process.stderr.write(text) };

/** Node's deadline comes after the app's, which answers with a problem the client can read. */
const NODE_DEADLINE_MARGIN_MS = 5_000;

/** Node's check of request deadlines runs this often (its default, 30 s, would double a short deadline). */
const deadlineCheckMs = (timeoutMs: number) => Math.min(30_000, Math.max(100, timeoutMs / 10));

export async function startNodeServer(config: Config = loadConfig(process.env), logger: Logger = jsonLines, terminal: Terminal = stderrTerminal): Promise<RunningServer> {
  const archive = await openArchive(config.archive);
  // In the background: the sweep walks the whole folder, and only removes files no write still holds.
  void sweepStrayWrites(archive, logger);
  const fonts = createFontAssets();
  const printer = createChromiumPrinter({
    assets: fonts,
    concurrency: config.concurrency,
    maxQueued: config.maxQueued,
    executablePath: config.chromiumPath,
    logger: { info: (event, fields) => logger.info({ msg: event, ...fields }), warn: (event, fields) => logger.error({ msg: event, ...fields }) },
  });
  // Without NIANBAO_TOKEN, a run started from a terminal makes a random token and shows it there
  // once; a service (no terminal: systemd, a container) has nowhere private to show one, so only
  // the tokens issued by `nianbao token add` open publishing. Either way publishing is never open by accident, and a token
  // never reaches a log, where everyone who reads logs would hold it.
  const token = config.token ?? (terminal.isTTY ? randomBytes(24).toString('base64url') : undefined);
  const app = createApp({
    printer,
    archive,
    fonts,
    clock: systemClock,
    logger,
    config: { ...DEFAULT_APP_CONFIG, token, jwt: config.jwt, corsOrigins: config.corsOrigins, bodyTimeoutMs: config.requestTimeoutSeconds * 1000 },
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
    // The app answers a body that has not arrived in time with 408; Node's own deadline, a little
    // later, closes whatever the app never reads (headers that never end), and connections beyond
    // the cap are closed at once: slow or stalled uploads cannot pile up holding memory and sockets.
    const requestTimeout = config.requestTimeoutSeconds * 1000 + NODE_DEADLINE_MARGIN_MS;
    const serverOptions = { requestTimeout, headersTimeout: Math.min(requestTimeout, 60_000), connectionsCheckingInterval: deadlineCheckMs(requestTimeout) };
    const started = serve({ fetch, port: config.port, hostname: config.host, serverOptions }, () => resolve(started));
    started.maxConnections = config.maxConnections;
    started.on('drop', logDrops(config.maxConnections, logger));
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
  if (!config.token && token) {
    terminal.write(`NIANBAO_TOKEN is not set: the publishing token for this run (shown once, never logged) is\n  ${token}\n`);
    logger.info({ msg: 'NIANBAO_TOKEN is not set: a publishing token for this run was shown on the terminal' });
  } else if (!token) {
    logger.info({ msg: 'NIANBAO_TOKEN is not set and there is no terminal to show a token on: only tokens issued by `nianbao token add` publish and write drafts' });
  }

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
