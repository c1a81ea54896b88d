/**
 * Load test of the local server (issue 5): `nianbao serve` in a child process with the embedded
 * defaults, then render and publish requests at concurrency 1, 4 and 16, each for a bounded time,
 * from autocannon on loopback. Prints requests/s, p50/p99 latency, responses by status and the
 * peak memory of the server's process tree (Node + Chromium). Publish bodies differ per request
 * (a counter in the introduction), so every publish prints and stores a new report.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { peakWhile } from './memory';

const SECONDS_PER_RUN = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
const CONCURRENCIES = [1, 4, 16];
const TOKEN = 'bench-load-token-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy');
}

interface Row {
  route: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  peakMiB: number;
}

export async function benchLoad(): Promise<Row[]> {
  const folder = await mkdtemp(join(tmpdir(), 'nianbao-bench-load-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['bin/nianbao.js', 'serve'], {
    env: { ...process.env, PORT: String(port), NIANBAO_ARCHIVE: join(folder, 'archive'), NIANBAO_TOKEN: TOKEN, NIANBAO_RATE_LIMIT: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const rows: Row[] = [];
  try {
    await waitForHealth(url);
    const seed = JSON.parse(readFileSync('examples/suqian-cdpf-2020.json', 'utf8'));
    // One warm-up document so the first row does not pay the browser launch.
    await fetch(`${url}/v1/reports/render`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(seed) });
    let counter = 0;
    const routes = [
      { route: 'render', path: '/v1/reports/render', headers: { 'content-type': 'application/json' }, body: () => JSON.stringify(seed) },
      {
        route: 'publish',
        path: '/v1/reports',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: () => {
          const report = structuredClone(seed);
          report.introduction[0].text += `（压力测试第${++counter}份）`;
          return JSON.stringify(report);
        },
      },
    ];
    for (const { route, path, headers, body } of routes) {
      for (const connections of CONCURRENCIES) {
        const { result, peakMiB } = await peakWhile(server.pid!, 100, () =>
          autocannon({
            url: url + path,
            method: 'POST',
            connections,
            duration: SECONDS_PER_RUN,
            headers,
            requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
          }),
        );
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
        rows.push({ route, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses, errors: result.errors + result.timeouts, peakMiB });
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(folder, { recursive: true, force: true });
  }

  console.log(`\nLoad test: nianbao serve (defaults, rate limit off), autocannon ${SECONDS_PER_RUN} s per row, seed report`);
  console.log('route    conns  req/s   p50 ms  p99 ms  responses by status        errors  peak MiB (server tree)');
  for (const row of rows) {
    const statuses = Object.entries(row.statuses).map(([code, n]) => `${code}×${n}`).join(' ');
    console.log(
      `${row.route.padEnd(8)} ${String(row.connections).padStart(5)}  ${row.rps.toFixed(2).padStart(6)}  ${String(row.p50).padStart(6)}  ${String(row.p99).padStart(6)}  ${statuses.padEnd(26)} ${String(row.errors).padStart(6)}  ${row.peakMiB.toFixed(0).padStart(8)}`,
    );
  }
  const fiveHundreds = rows.reduce((n, row) => n + Object.entries(row.statuses).filter(([code]) => code.startsWith('5') && code !== '503').reduce((m, [, c]) => m + c, 0), 0);
  console.log(`5xx other than 503: ${fiveHundreds}`);
  return rows;
}


