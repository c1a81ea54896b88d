/**
 * `npm start` as an operator runs it: npm, then the server, then Chromium. By default in this
 * checkout; with NIANBAO_INSTALL in another folder, which .ci/production-install sets to a clean
 * clone after `npm ci --omit=dev`, so the same test proves that a production install prints.
 * The server prints a real PDF (bundled Chromium and fonts), and a SIGTERM sent to npm alone, as
 * a process manager or `kill` sends it, stops the server and the browser: no process is left.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port';
import { EXAMPLES } from '../helpers/examples';
import { alive, processTree } from '../helpers/process-tree';

const INSTALL = resolve(process.env.NIANBAO_INSTALL ?? '.');

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-npm-start-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 50));
  }
}

describe(`npm start in ${INSTALL}`, () => {
  it('serves, prints a PDF, and stops with Chromium on a SIGTERM to npm', async () => {
    const port = await closedPort();
    const npm = spawn('npm', ['start'], {
      cwd: INSTALL,
      env: { ...process.env, PORT: String(port), NIANBAO_ARCHIVE: join(folder, 'archive'), NIANBAO_TOKEN: 'a-token-for-this-test-only' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<void>((done) => npm.on('exit', () => done()));
    let tree = [npm.pid!];
    try {
      await until(() => output.includes('"msg":"listening"'), `the server to listen (output so far: ${output})`, 60_000);

      const response = await fetch(`http://127.0.0.1:${port}/v1/reports/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: await readFile(EXAMPLES.seed2020, 'utf8'),
      });
      expect(response.status, output).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      tree = processTree(npm.pid!);
      const names = tree.map((pid) => readFile(`/proc/${pid}/comm`, 'utf8').catch(() => ''));
      expect((await Promise.all(names)).map((name) => name.trim())).toEqual(expect.arrayContaining(['npm start', 'node', 'chromium']));

      npm.kill('SIGTERM');
      await exited;
      await until(() => tree.every((pid) => !alive(pid)), `every process of ${tree.join(', ')} to end`, 15_000);
      expect(output).toContain('"msg":"shutting down","signal":"SIGTERM"');
    } finally {
      // A failed run must not leave a server or a browser behind for the next test.
      for (const pid of tree) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
