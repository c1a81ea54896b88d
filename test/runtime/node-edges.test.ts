/**
 * The Node server's edges over real sockets (issue 18, points 2 and 4): a body that stalls gets
 * 408 at the deadline and its connection closed; connections past the cap are closed at once; a
 * client that goes away is logged as 499, not as a failure; /livez and /readyz answer what they
 * promise, with an archive folder the server may not write and with a browser that cannot run;
 * a token made for a run is shown on the terminal and never logged.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/logger';
import { loadConfig, type Config } from '../../functions/config';
import { startNodeServer, type RunningServer, type Terminal } from '../../functions/node';
import { loadExample } from '../helpers/examples';

const TOKEN = 'node-edges-token-0123456789';
let folder: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-node-edges-'));
});
afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
  await rm(folder, { recursive: true, force: true });
});

const run = promisify(execFile);
const noTerminal: Terminal = { isTTY: false, write: () => {} };

async function start(settings: Partial<Config> = {}, terminal = noTerminal) {
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = { info: (fields) => logs.push(fields), error: (fields) => logs.push({ level: 'error', ...fields }) };
  const root = join(folder, `archive-${started.length}`);
  const config: Config = { ...loadConfig({}), archive: { kind: 'fs', root }, port: 0, token: TOKEN, concurrency: 1, maxQueued: 4, rateLimitPerMinute: 0, ...settings };
  const server = await startNodeServer(config, logger, terminal);
  started.push(server);
  const until = async (found: (line: Record<string, unknown>) => boolean, ms = 20_000) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const line = logs.find(found);
      if (line) return line;
    }
    throw new Error(`no such log line within ${ms} ms; logged: ${JSON.stringify(logs)}`);
  };
  return { server, logs, until, port: Number(new URL(server.url).port) };
}

/** A raw connection and everything the server sends on it until it closes. */
function rawConnection(port: number): { socket: Socket; received: () => string; closed: Promise<number> } {
  const socket = connect(port, '127.0.0.1');
  const opened = Date.now();
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  socket.on('error', () => {});
  return { socket, received: () => text, closed: new Promise((resolve) => socket.on('close', () => resolve(Date.now() - opened))) };
}

const postHead = (path: string, length: number) => `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

describe('request bodies and connections', () => {
  it('answers an upload that stalls with 408 at the deadline, and closes its connection', async () => {
    const { port, until } = await start({ requestTimeoutSeconds: 1 });
    const upload = rawConnection(port);
    // 9 MB announced, 1 MB sent, then nothing: the attack that held 300 MB for 300 s.
    upload.socket.write(postHead('/v1/reports/validate', 9 * 1024 * 1024) + '{"x":"' + 'a'.repeat(1024 * 1024));
    const closedAfter = await upload.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(1000);
    expect(closedAfter).toBeLessThan(4000);
    const [head, body] = upload.received().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 /);
    expect(head).toContain('content-type: application/problem+json');
    expect(JSON.parse(body!)).toMatchObject({ status: 408, title: 'The body did not arrive in time', en: 'the body did not arrive within 1 s' });
    expect(await until((line) => line.msg === 'request')).toMatchObject({ method: 'POST', path: '/v1/reports/validate', status: 408 });
  });

  it('closes connections past NIANBAO_MAX_CONNECTIONS at once, and takes new ones when a place frees', async () => {
    const { server, port, logs } = await start({ maxConnections: 3 });
    const held = [rawConnection(port), rawConnection(port), rawConnection(port)];
    for (const connection of held) connection.socket.write(postHead('/v1/reports/validate', 1000) + '{');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const extras = [rawConnection(port), rawConnection(port)];
    for (const extra of extras) {
      expect(await extra.closed).toBeLessThan(1000);
      expect(extra.received()).toBe('');
    }
    expect(logs.filter((line) => line.msg === 'connection closed: NIANBAO_MAX_CONNECTIONS reached')).toEqual([expect.objectContaining({ level: 'error', limit: 3, dropped: 1 })]);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const live = rawConnection(port);
    live.socket.write('GET /livez HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n');
    await live.closed;
    expect(live.received()).toMatch(/^HTTP\/1\.1 200 /);
    for (const connection of held) connection.socket.destroy();
    await server.close();
  });

  it('logs a client that goes away while its PDF prints as 499, not as a failure, and counts it', async () => {
    const { server, port, logs, until } = await start();
    const body = JSON.stringify(loadExample('seed2020'));
    const client = rawConnection(port);
    client.socket.write(postHead('/v1/reports/render', Buffer.byteLength(body)) + body);
    await until((line) => line.msg === 'print.browser_launching');
    client.socket.destroy();
    expect(await until((line) => line.msg === 'request' && line.path === '/v1/reports/render')).toMatchObject({ status: 499 });
    expect(logs.filter((line) => line.level === 'error')).toEqual([]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('nianbao_http_responses_total{method="POST",code="499"} 1\n');
    expect(metrics).toMatch(/nianbao_documents_printed_total\{outcome="abandoned"\} 1\n/);
  });

  it('logs a client that goes away half-way through its body as 499', async () => {
    const { port, logs, until } = await start();
    const client = rawConnection(port);
    client.socket.write(postHead('/v1/reports/validate', 100_000) + '{"year":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.socket.destroy();
    expect(await until((line) => line.msg === 'request')).toMatchObject({ path: '/v1/reports/validate', status: 499 });
    expect(logs.filter((line) => line.level === 'error')).toEqual([]);
  });
});

describe('/livez and /readyz', () => {
  it('are ready when the archive takes a write and the browser starts', async () => {
    const { server } = await start();
    expect(await (await fetch(`${server.url}/livez`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { archive: 'ok', browser: 'ok' } });
  });

  it('are live but not ready when the browser cannot be run, and the server keeps serving', async () => {
    const notRunnable = join(folder, 'not-a-browser');
    await writeFile(notRunnable, '\x7fELF', { mode: 0o644 });
    const { server, logs } = await start({ chromiumPath: notRunnable });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'degraded', checks: { archive: 'ok', browser: 'failed' } });
    expect(logs.find((line) => line.msg === 'readiness check failed')).toMatchObject({ check: 'browser', error: `the browser ${notRunnable} cannot be run (CHROMIUM_PATH): EACCES` });
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
  });

  it('are not ready on an archive folder the server may not write, where publishing would fail', async () => {
    // The server runs as a user the folder is read-only for: as root, mode bits do not bind.
    const root = join(folder, 'read-only');
    await mkdir(root);
    await chmod(root, 0o555);
    await chmod(folder, 0o755); // the way to it stays open
    const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // Built here, by a user who may write dist/; the server's user only reads the build.
    await run(process.execPath, ['bin/cli-bundle.js']);
    const child = spawn(process.execPath, ['bin/nianbao.js', 'serve'], {
      ...unprivileged,
      env: { PATH: process.env.PATH, HOME: tmpdir(), NIANBAO_ARCHIVE: root, PORT: String(port), NIANBAO_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      for (let waited = 0; !output.includes('"listening"'); waited += 50) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`the server did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks.archive).toBe('failed');
      expect(output).toMatch(/"readiness check failed".*"check":"archive".*EACCES/);
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      const publish = await fetch(`http://127.0.0.1:${port}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(loadExample('seed2020')) });
      expect(publish.status).toBe(503);
    } finally {
      const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode)));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('a publishing token made for the run', () => {
  it('is shown once on an interactive terminal, and never logged', async () => {
    const shown: string[] = [];
    const { server, logs } = await start({ token: undefined }, { isTTY: true, write: (text) => shown.push(text) });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(shown).toEqual([`NIANBAO_TOKEN is not set: the publishing token for this run (shown once, never logged) is\n  ${server.token}\n`]);
    expect(JSON.stringify(logs)).not.toContain(server.token);
    expect(logs).toContainEqual({ msg: 'NIANBAO_TOKEN is not set: a publishing token for this run was shown on the terminal' });
    const publish = (token: string) => fetch(`${server.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect((await publish(server.token!)).status).toBe(422);
    expect((await publish('another-token-0123456789')).status).toBe(401);
  });

  it('goes to the real terminal of `nianbao serve` (a pseudo-terminal from script(1)), once, outside every log line', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const command = `${process.execPath} bin/nianbao.js serve`; // what `npm start` runs
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: tmpdir(), NIANBAO_ARCHIVE: join(folder, 'terminal'), PORT: String(port) }, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    try {
      for (let waited = 0; !output.includes('"listening"'); waited += 50) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`the server did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const token = /the publishing token for this run \(shown once, never logged\) is\r?\n {2}(\S+)/.exec(output)?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(output.split(token!)).toHaveLength(2);
      const logLines = output.split(/\r?\n/).filter((line) => line.startsWith('{'));
      expect(logLines.some((line) => line.includes('a publishing token for this run was shown on the terminal'))).toBe(true);
      const publish = await fetch(`http://127.0.0.1:${port}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
      expect(publish.status).toBe(422);
    } finally {
      const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode)));
      child.stdin.end('\x03'); // Ctrl-C on the terminal: the server shuts down, then script(1) exits
      await exited;
    }
  });

  it('is not made without a terminal: publishing stays closed, and the log says why', async () => {
    const shown: string[] = [];
    const { server, logs } = await start({ token: undefined }, { isTTY: false, write: (text) => shown.push(text) });
    expect(server.token).toBeUndefined();
    expect(shown).toEqual([]);
    expect(logs).toContainEqual({ msg: 'NIANBAO_TOKEN is not set and there is no terminal to show a token on: only tokens issued by `nianbao token add` publish and write drafts' });
    const publish = await fetch(`${server.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer anything-0123456789' }, body: '{}' });
    expect(publish.status).toBe(401);
    expect((await publish.json()).en).toBe('send "Authorization: Bearer <token>" with a valid credential (issued by `nianbao token add`, or the server\'s NIANBAO_TOKEN)');
  });
});
