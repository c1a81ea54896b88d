/**
 * The deployment package itself, built as a deploy builds it (infra/lib/function-package.ts:
 * esbuild, `npm ci` of @sparticuz/chromium, the copied fonts), run in a fresh Node process the
 * way Lambda runs it: LAMBDA_TASK_ROOT at the package, the handler imported from index.mjs. It
 * proves the bundle starts and that every file the printer reads at run time was shipped (a
 * missing font shows only here: the in-tree tests read node_modules directly).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionPackage } from '../../infra/lib/function-package';
import { loadExample } from '../helpers/examples';
import { functionUrlEvent, type HttpCall } from '../helpers/lambda-events';

const TOKEN = 'bundle-test-token-0123456789';
let folder: string;
let taskRoot: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-bundle-'));
  taskRoot = buildFunctionPackage(join(folder, 'cdk.out'));
}, 300_000);
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Invokes the packaged `http` handler once per event, in one process (one warm container). */
async function invokePackaged(calls: HttpCall[]): Promise<{ results: { statusCode: number; isBase64Encoded: boolean; body: string; headers: Record<string, string> }[]; logs: string }> {
  const script = `
    const { http } = await import(process.env.LAMBDA_TASK_ROOT + '/index.mjs');
    const results = [];
    for (const event of JSON.parse(process.env.EVENTS)) results.push(await http(event, { awsRequestId: 'bundle-test' }));
    (await import('node:fs')).writeFileSync(process.env.RESULTS, JSON.stringify(results));
    process.exit(0);`;
  // The handler logs to stdout as on Lambda, so the results travel in a file; the logs explain a failure.
  const results = join(folder, 'results.json');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: folder,
    env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: taskRoot, NIANBAO_ARCHIVE: join(folder, 'archive'), NIANBAO_TOKEN: TOKEN, EVENTS: JSON.stringify(calls.map(functionUrlEvent)), RESULTS: results },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { results: JSON.parse(await readFile(results, 'utf8')), logs: stdout + stderr };
}

describe('the packaged Lambda function', () => {
  it('renders a PDF with the shipped Chromium and fonts, reports itself healthy and serves its OpenAPI document', async () => {
    const {
      results: [render, health, openapi],
      logs,
    } = await invokePackaged([
      { method: 'POST', path: '/v1/reports/render', body: loadExample('seed2020'), headers: { authorization: `Bearer ${TOKEN}` } },
      { method: 'GET', path: '/readyz' },
      { method: 'GET', path: '/openapi.json' },
    ]);
    expect(render!.statusCode, logs).toBe(200);
    expect(render!.isBase64Encoded).toBe(true);
    const pdf = Buffer.from(render!.body, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Each bundled face is embedded as a subset: the shipped font files were found and read.
    expect(pdf.toString('latin1').match(/\/FontFile2/g)?.length).toBeGreaterThanOrEqual(4);
    expect(health!.statusCode).toBe(200);
    expect(JSON.parse(health!.body)).toEqual({ status: 'ok', checks: { archive: 'ok', browser: 'ok' } });
    expect(openapi!.statusCode, logs).toBe(200);
    expect(Object.keys(JSON.parse(openapi!.body).paths)).toContain('/v1/reports/validate');
  });
});
