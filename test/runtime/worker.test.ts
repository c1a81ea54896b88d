/**
 * The Worker entry (functions/worker.ts) in Cloudflare's local runtime (issue 6): wrangler
 * bundles it as `wrangler deploy` would (size printed against the Workers limits), then
 * `unstable_startWorker` runs wrangler.toml in workerd with R2 simulated and persisted to a temp
 * folder, the static-assets fonts, and the Browser Rendering binding started locally on the
 * bundled Chromium (helpers/local-browser-rendering.ts). The archive is seeded through the same
 * ARCHIVE binding before the Worker starts.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { R2Bucket } from '@cloudflare/workers-types/latest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_startWorker } from 'wrangler';
import { createR2Archive } from '../../functions/archive/r2';
import { createFontAssets } from '../../functions/fonts/node-assets';
import { storePublication, type StoreResult } from '../../functions/archive/store';
import { importFile } from '../../functions/import/adapters';
import type { ImportResult } from '../../functions/import';
import { parseReport } from '../../functions/report';
import { renderPreviewHtml } from '../../functions/render/preview';
import { clockAt, publication } from '../contract/archive.contract';
import { loadExample, withRareCharacter } from '../helpers/examples';
import { useBundledChromiumForBrowserBinding } from '../helpers/local-browser-rendering';

/** Workers' compressed upload limits (https://developers.cloudflare.com/workers/platform/limits/#worker-size). */
const FREE_PLAN_KIB = 3 * 1024;
const TOKEN = 'worker-test-token-0123456789';

let folder: string;
let worker: Awaited<ReturnType<typeof unstable_startWorker>>;
let seeded: StoreResult;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-worker-'));
  const persist = join(folder, 'state');
  // getPlatformProxy's path is the folder `wrangler dev --persist-to` keeps under v3/.
  const seeding = await getPlatformProxy<{ ARCHIVE: R2Bucket }>({ configPath: 'wrangler.toml', persist: { path: join(persist, 'v3') } });
  try {
    seeded = await storePublication({ archive: createR2Archive({ bucket: seeding.env.ARCHIVE }), clock: clockAt('2022-01-26T08:00:00Z') }, publication());
  } finally {
    await seeding.dispose();
  }
  await useBundledChromiumForBrowserBinding(join(folder, 'cache'));
  worker = await unstable_startWorker({
    config: 'wrangler.toml',
    bindings: { NIANBAO_TOKEN: { type: 'secret_text', value: TOKEN } },
    dev: { persist, inspector: false, watch: false, logLevel: 'warn', server: { hostname: '127.0.0.1', port: 0 } },
  });
  await worker.ready;
});
afterAll(async () => {
  await worker?.dispose();
  await rm(folder, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  worker.fetch(`http://nianbao.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body) });
const get = (path: string) => worker.fetch(`http://nianbao.test${path}`);

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker within the free plan’s compressed size limit, with no Node-only module', async () => {
    const outdir = join(folder, 'bundle');
    const { stdout } = await promisify(execFile)('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    const [, total, gzip] = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout) ?? [];
    console.log(`Worker bundle: ${total} KiB, ${gzip} KiB gzip (limits: ${FREE_PLAN_KIB} KiB free, 10240 KiB paid, compressed)`);
    expect(Number(gzip)).toBeGreaterThan(0);
    expect(Number(gzip)).toBeLessThan(FREE_PLAN_KIB);
    expect((await readdir(outdir)).some((file) => file.endsWith('harfbuzz-subset.wasm'))).toBe(true);
    const bundle = await readFile(join(outdir, 'worker.js'), 'utf8');
    expect(bundle).not.toMatch(/from "node:(fs|fs\/promises|child_process|os|path|zlib)"/);
  });
});

describe('the Worker in the local runtime', () => {
  it('validates: 200 for a consistent report, 422 with JSON paths for planted violations', async () => {
    const ok = await post('/v1/reports/validate', loadExample('consistent2021'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, formatVersion: '2021' });
    const bad = await post('/v1/reports/validate', loadExample('violations2021'));
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { problems: { path: string }[] };
    expect(problem.problems.length).toBeGreaterThan(0);
    expect(problem.problems.every((p) => typeof p.path === 'string')).toBe(true);
  });

  it('serves the OpenAPI document generated from its routes, the report schema in it', async () => {
    const response = await get('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, object> } };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/reports/validate', '/v1/reports', '/v1/archive/{key}', '/openapi.json']));
    expect(document.components.schemas.Report).toBeDefined();
  });

  it('serves the authors’ workspace and its script from the Worker itself', async () => {
    const page = await get('/workspace');
    expect(page.status).toBe(200);
    const script = /src="(\/workspace\/app-[0-9a-f]{16}\.js)"/.exec(await page.text())![1]!;
    const response = await get(script);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await response.text()).length).toBeGreaterThan(100_000);
  });

  it('previews a self-contained HTML page, fonts subset in the Worker and inlined as data: URLs, the subsets of whole faces whether reduced faces served them or not', async () => {
    // Node's preview from whole faces only: the Worker serves the seed report from its reduced
    // faces, and with a rare character from whole ones, and the fonts must come out the same
    // bytes either way, as they then do in the printed PDF.
    const wholeFaces = createFontAssets({ reducedFaces: false });
    const rare = loadExample('seed2020');
    withRareCharacter(rare);
    for (const report of [loadExample('seed2020'), rare]) {
      const response = await post('/v1/reports/preview', report);
      expect(response.status).toBe(200);
      const html = await response.text();
      const inlined = html.match(/url\(data:font\/ttf;base64,[A-Za-z0-9+/=]+\)/g) ?? [];
      expect(inlined).toHaveLength(6);
      expect(html).not.toContain('url(fonts/');
      // Subsets, not whole faces: the six faces are 85 MB whole.
      expect(html.length).toBeLessThan(4 * 1024 * 1024);
      const parsed = parseReport(report);
      expect(parsed.ok && html === (await renderPreviewHtml(parsed.report, wholeFaces))).toBe(true);
    }
  });

  it('lists the archive and downloads an archived PDF with its SHA-256 as ETag', async () => {
    const list = await get('/v1/archive?year=2021');
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { sha256: string; links: { pdf: string } }[] };
    expect(items).toEqual([expect.objectContaining({ sha256: seeded.record.sha256, current: true, links: expect.objectContaining({ pdf: `/v1/archive/${seeded.record.keys.pdf}` }) })]);

    const download = await get(items[0]!.links.pdf);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('etag')).toBe(`"${seeded.record.sha256}"`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(seeded.record.sha256);
    expect((await get('/v1/archive/2021/jianghai-nrp/missing.pdf')).status).toBe(404);
  });

  it('prints through the Browser Rendering binding and publishes to R2: the PDF is listed and downloads byte for byte', async () => {
    const report = loadExample('seed2020');
    const render = await post('/v1/reports/render', report);
    expect(render.status).toBe(200);
    expect(render.headers.get('content-type')).toBe('application/pdf');
    const draft = new Uint8Array(await render.arrayBuffer());
    expect(new TextDecoder().decode(draft.subarray(0, 5))).toBe('%PDF-');

    expect((await post('/v1/reports', report)).status).toBe(401);
    const published = await post('/v1/reports', report, TOKEN);
    expect(published.status).toBe(201);
    const { record, links } = (await published.json()) as { record: { sha256: string; pages: number; year: number }; links: { pdf: string } };
    expect(record.pages).toBeGreaterThan(1);
    // Printing is reproducible: the draft printed in another session is the archived PDF.
    expect(createHash('sha256').update(draft).digest('hex')).toBe(record.sha256);
    const pdf = new Uint8Array(await (await get(links.pdf)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(record.sha256);
    const again = await post('/v1/reports', report, TOKEN);
    expect(again.status).toBe(200);
  });

  it('imports a published PDF and a Word file as Node does, and refuses an encrypted PDF with 422', async () => {
    const types = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
    for (const [kind, type] of Object.entries(types)) {
      const bytes = readFileSync(`test/fixtures/real/shuyang-fgj-2023/source.${kind}`);
      const response = await worker.fetch('http://nianbao.test/v1/imports', { method: 'POST', headers: { 'content-type': type }, body: bytes });
      expect(response.status, kind).toBe(200);
      const inWorker = (await response.json()) as ImportResult;
      expect(inWorker.report, kind).toMatchObject({ year: 2023, agency: { name: '沭阳县发展和改革局' } });
      expect(inWorker, kind).toEqual(await importFile(new Uint8Array(bytes), type));
    }
    const encrypted = await worker.fetch('http://nianbao.test/v1/imports', { method: 'POST', headers: { 'content-type': types.pdf }, body: readFileSync('test/fixtures/import/encrypted.pdf') });
    expect(encrypted.status).toBe(422);
    expect(await encrypted.json()).toMatchObject({ type: expect.stringContaining('unreadable-file'), en: expect.stringContaining('encrypted') });
  });
});

describe('the rate limit on preview and render', () => {
  const [, limit, period] = /\[\[ratelimits\]\][^[]*?simple = \{ limit = (\d+), period = (\d+) \}/.exec(readFileSync('wrangler.toml', 'utf8'))!.map(Number);

  it('refuses a client past the PRINT_LIMITER binding\'s limit with 429 and Retry-After, other clients and other routes unaffected', async () => {
    // Limited before the body is read, so an empty report (422) costs no font or browser. The
    // binding counts in fixed windows: at most one window starts during this loop, so the client
    // is refused after `limit` to 2 × `limit` requests.
    const client = { 'cf-connecting-ip': '198.51.100.7' };
    let allowed = 0;
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let sent = 0; sent <= 2 * limit! && !refused; sent++) {
      const response = await post(sent % 2 ? '/v1/reports/preview' : '/v1/reports/render', {}, undefined, client);
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(422);
        allowed++;
        await response.arrayBuffer();
      }
    }
    expect(refused?.status).toBe(429);
    expect(allowed).toBeGreaterThanOrEqual(limit!);
    expect(refused!.headers.get('retry-after')).toBe(String(period));
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused!.json()).toMatchObject({ status: 429, type: expect.stringContaining('rate-limited') });

    expect((await post('/v1/reports/preview', {}, undefined, { 'cf-connecting-ip': '198.51.100.8' })).status).toBe(422);
    expect((await post('/v1/reports/validate', {}, undefined, client)).status).toBe(422);
  });
});
