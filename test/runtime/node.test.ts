/**
 * The Node entry end to end over real HTTP on a free port: publish, list and download; one log
 * line per request; and a shutdown that finishes the document in flight (issue 5).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/app';
import { startNodeServer, type RunningServer } from '../../functions/node';
import { loadExample } from '../helpers/examples';

const TOKEN = 'node-test-token-0123456789';
let folder: string;
let server: RunningServer;
const logs: Record<string, unknown>[] = [];
const logger: Logger = { info: (fields) => logs.push(fields), error: (fields) => logs.push({ level: 'error', ...fields }) };

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-node-'));
  server = await startNodeServer({ archive: { kind: 'fs', root: join(folder, 'archive') }, port: 0, host: '127.0.0.1', token: TOKEN, concurrency: 1, maxQueued: 4, rateLimitPerMinute: 120 }, logger);
});
afterAll(async () => {
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

describe('the Node server', () => {
  it('publishes, lists and downloads over real HTTP, logging one line per request', async () => {
    const published = await post('/v1/reports', loadExample('consistent2021'), TOKEN);
    expect(published.status).toBe(201);
    const { record, links } = await published.json();

    const listing = await (await fetch(`${server.url}/v1/archive?year=2021`)).json();
    expect(listing.items.map((item: { sha256: string }) => item.sha256)).toEqual([record.sha256]);

    const pdf = new Uint8Array(await (await fetch(server.url + links.pdf)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(record.sha256);

    const page = await (await fetch(`${server.url}/archive?q=江海`)).text();
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

  it('finishes the document in flight when it shuts down, then refuses connections', async () => {
    const inFlight = post('/v1/reports/render', loadExample('seed2020'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closing = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
