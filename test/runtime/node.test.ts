/**
 * The Node entry end to end over real HTTP on a free port: publish, list and download; one log
 * line per request; and a shutdown that finishes the document in flight (issue 5).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/logger';
import { loadConfig, type Config } from '../../functions/config';
import { startNodeServer, type RunningServer } from '../../functions/node';
import { loadExample } from '../helpers/examples';

const TOKEN = 'node-test-token-0123456789';
let folder: string;
let server: RunningServer;
const logs: Record<string, unknown>[] = [];
const logger: Logger = { info: (fields) => logs.push(fields), error: (fields) => logs.push({ level: 'error', ...fields }) };

/** The defaults of an empty environment, with a folder of its own, a free port and the test token. */
const configAt = (root: string, settings: Partial<Config> = {}): Config => ({ ...loadConfig({}), archive: { kind: 'fs', root }, port: 0, host: '127.0.0.1', token: TOKEN, concurrency: 1, maxQueued: 4, ...settings });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-node-'));
  server = await startNodeServer(configAt(join(folder, 'archive')), logger);
});
afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

/** Resolves once the server's printer has a document in hand (its /metrics say so). */
async function printingStarted(url: string): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (/^nianbao_(documents_printing|print_queue_depth) [1-9]/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Node server', () => {
  it('publishes, lists and downloads over real HTTP, logging one line per request', async () => {
    const published = await post('/v1/reports', loadExample('consistent2021'), TOKEN);
    expect(published.status).toBe(201);
    const { record, links } = await published.json();

    const listing = await (await fetch(`${server.url}/v1/archive?year=2021`)).json();
    expect(listing.items.map((item: { sha256: string }) => item.sha256)).toEqual([record.sha256]);

    const pdf = new Uint8Array(await (await fetch(server.url + links.pdf)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(record.sha256);

    const page = await (await fetch(`${server.url}/archive?year=2021&q=江海`)).text();
    expect(page).toContain(links.pdf);

    const requests = logs.filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([
      ['POST', '/v1/reports', 201],
      ['GET', '/v1/archive', 200],
      ['GET', links.pdf, 200],
      ['GET', '/archive', 200],
    ]);
    for (const line of requests) {
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(line.ms).toEqual(expect.any(Number));
    }
  });

  it('answers HEAD of an archived file with its headers, opening nothing', async () => {
    const listing = await (await fetch(`${server.url}/v1/archive?year=2021`)).json();
    const pdf = `/v1/archive/${listing.items[0].keys.pdf}`;
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let request = 0; request < 30; request++) {
      const head = await fetch(server.url + pdf, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(listing.items[0].bytes);
    }
    // Each HEAD used to open the file for a body that was never read or closed.
    expect(openFiles()).toBeLessThan(before + 5);
  });

  it('refuses to start on a port in use with a line naming the setting, not a crash', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startNodeServer(configAt(join(folder, 'other'), { port, rateLimitPerMinute: 0 }), logger)).rejects.toMatchObject({
      name: 'ConfigError',
      message: `cannot listen on 127.0.0.1:${port} (HOST, PORT): EADDRINUSE`,
    });
  });

  it('closes a busy keep-alive connection after its answer once shutting down, so the server can finish closing', async () => {
    // A second server of its own: this one is closed by the test.
    const own = await startNodeServer(configAt(join(folder, 'keep-alive'), { rateLimitPerMinute: 0 }), logger);
    const agent = new Agent({ keepAlive: true });
    const get = (path: string) => new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      request(own.url + path, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
      }).on('error', reject).end();
    });
    try {
      expect(await get('/readyz')).toMatchObject({ status: 200, connection: 'keep-alive' });
      const rendering = new Promise((resolve) => {
        const body = JSON.stringify(loadExample('seed2020'));
        request(own.url + '/v1/reports/render', { agent, method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode, connection: response.headers.connection }));
        }).end(body);
      });
      // Shut down only once the document is being printed: a fixed wait raced a loaded machine.
      await printingStarted(own.url);
      const closing = own.close();
      expect(await rendering).toEqual({ status: 200, connection: 'close' });
      await closing;
    } finally {
      agent.destroy();
      await own.close();
    }
  });

  it('finishes the document in flight when it shuts down, then refuses connections', async () => {
    const inFlight = post('/v1/reports/render', loadExample('seed2020'));
    await printingStarted(server.url);
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
    await closing;
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
  });
});
