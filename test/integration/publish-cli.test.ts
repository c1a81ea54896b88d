/**
 * `nianbao publish FILE…` end to end on both archive backends: real Chromium, real fonts, a real
 * folder and a real s3rver over HTTP. The invalid example stores nothing; a second run stores
 * nothing new; `archive ls` lists what was published.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAll, readObject } from '../../functions/archive/archive';
import { openArchive } from '../../functions/archive/from-config';
import { cli } from '../helpers/cli';
import { loadConfig } from '../../functions/config';
import { TEMPLATE_VERSION } from '../../functions/render/html';
import { validateReport } from '../../functions/report';
import { EXAMPLES, loadExample } from '../helpers/examples';
import { archiveEnvironments } from '../helpers/archive-backends';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver';

let s3rver: RunningS3rver;
let folder: string;
beforeAll(async () => {
  s3rver = await startS3rver();
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cli-publish-'));
});
afterAll(async () => {
  await s3rver?.stop();
  await rm(folder, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

const backends = archiveEnvironments(() => folder, () => s3rver, 'published');

describe.each(Object.entries(backends))('publish on %s', (_, environment) => {
  it('publishes the valid examples, refuses the invalid one, and is idempotent', async () => {
    const env = environment();
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const archive = await openArchive(loadConfig(env).archive);

    const first = await cli('publish', EXAMPLES.seed2020, EXAMPLES.consistent2021, EXAMPLES.violations2021);
    expect(first.code).toBe(1);
    expect(first.out).toHaveLength(2);
    expect(first.out[0]).toMatch(/^examples\/suqian-cdpf-2020\.json: published 2020\/suqian-cdpf\/[0-9a-f]{64}\.pdf \d+ page\(s\) \d+ bytes sha256 [0-9a-f]{64}$/);
    expect(first.out[1]).toMatch(/^examples\/jianghai-nrp-2021\.json: published 2021\/jianghai-nrp\//);
    expect(first.err).toHaveLength(validateReport(loadExample('violations2021')).errors.length);
    expect(first.err.every((line) => line.startsWith(`${EXAMPLES.violations2021}: sections.`))).toBe(true);

    const keys = (await Array.fromAsync(listAll(archive, ''))).flat();
    // Two versions (source, PDF, record each) and an audit entry for each publish.
    expect(keys.filter((key) => !key.startsWith('catalog/') && !key.startsWith('audit/'))).toHaveLength(6);
    expect(keys.filter((key) => key.startsWith('audit/'))).toHaveLength(2);
    expect(keys.some((key) => key.startsWith('2021/jianghai-nrp/') && key.endsWith('.record.json'))).toBe(true);

    const words = first.out[0]!.split(' ');
    const [pdfKey, sha256] = [words[2]!, words.at(-1)!];
    const pdf = await readObject(archive, pdfKey);
    expect(createHash('sha256').update(pdf!).digest('hex')).toBe(sha256);
    expect(new TextDecoder().decode(pdf!.subarray(0, 5))).toBe('%PDF-');
    const recordKey = keys.find((key) => key.startsWith('2020/suqian-cdpf/') && key.endsWith('.record.json'))!;
    const record = JSON.parse(new TextDecoder().decode((await readObject(archive, recordKey))!));
    expect(record).toMatchObject({ sha256, templateVersion: TEMPLATE_VERSION, printedBy: expect.stringMatching(/^HeadlessChrome\/\d+\.\d+\.\d+\.\d+$/) });

    const again = await cli('publish', EXAMPLES.seed2020, EXAMPLES.consistent2021);
    expect(again.code).toBe(0);
    expect(again.out).toEqual(first.out.map((line) => line.replace(': published ', ': already archived ')));
    // Nothing new is stored but the audit log's two entries, with the outcome unchanged.
    const afterAgain = (await Array.fromAsync(listAll(archive, ''))).flat();
    const newKeys = afterAgain.filter((key) => !keys.includes(key));
    expect(newKeys).toHaveLength(2);
    expect(newKeys.every((key) => key.startsWith('audit/'))).toBe(true);
    for (const key of newKeys) expect(JSON.parse(new TextDecoder().decode((await readObject(archive, key))!))).toMatchObject({ action: 'publish', outcome: 'unchanged' });

    const json = await cli('publish', '--json', EXAMPLES.seed2020, 'no-such.json');
    expect({ code: json.code, err: json.err }).toEqual({ code: 1, err: [] });
    expect(JSON.parse(json.out.join('\n'))).toEqual([
      { file: EXAMPLES.seed2020, ok: true, created: false, record: expect.objectContaining({ sha256, keys: expect.objectContaining({ pdf: pdfKey }) }), warnings: validateReport(loadExample('seed2020')).warnings },
      { file: 'no-such.json', ok: false, unreadable: { zh: '文件不存在', en: 'no such file' } },
    ]);

    const listed = await cli('archive', 'ls');
    expect(listed.out.map((line) => line.split('\t').slice(0, 3))).toEqual([
      ['2020', 'suqian-cdpf', 'current'],
      ['2021', 'jianghai-nrp', 'current'],
    ]);
  });
});

describe('publish usage', () => {
  it('exits 2 without files or with a bad setting, 1 for a missing file', async () => {
    expect((await cli('publish')).code).toBe(2);
    vi.stubEnv('NIANBAO_CONCURRENCY', 'many');
    const bad = await cli('publish', EXAMPLES.seed2020);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toContain('NIANBAO_CONCURRENCY');
    vi.unstubAllEnvs();
    vi.stubEnv('NIANBAO_ARCHIVE', join(folder, 'unused'));
    const missing = await cli('publish', 'no-such.json');
    expect(missing).toMatchObject({ code: 1, out: [], err: ['no-such.json: 文件不存在 / no such file'] });
  });
});
