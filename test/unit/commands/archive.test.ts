/**
 * `nianbao archive ls [YEAR [AGENCY]]` through the CLI's command table, with the archive named by
 * NIANBAO_ARCHIVE as an operator would set it: a local folder, and an S3 bucket on a real s3rver.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../../functions/archive/archive';
import { openArchive } from '../../../functions/archive/from-config';
import { createFsArchive } from '../../../functions/archive/fs';
import { addRecord, decodeIndex, emptyIndex, encodeIndex, type CatalogIndex } from '../../../functions/archive/catalog-index';
import { buildDirectory, encodeDirectory } from '../../../functions/archive/catalog-directory';
import { AGENCY_DIRECTORY_KEY, catalogIndexKey } from '../../../functions/archive/keys';
import { RECORD_SCHEMA } from '../../../functions/archive/record';
import { storePublication } from '../../../functions/archive/store';
import { startTestApp } from '../../helpers/app';
import { cli } from '../../helpers/cli';
import { loadConfig } from '../../../functions/config';
import { clockAt, publication } from '../../contract/archive.contract';
import { archiveEnvironments } from '../../helpers/archive-backends';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver';

/** Three versions: a corrected 2021 report beside its first edition, and another agency's 2020 one. */
async function publishSample(archive: Archive) {
  const at = (iso: string) => ({ archive, clock: clockAt(iso) });
  const first = await storePublication(at('2022-01-26T08:00:00Z'), publication());
  const corrected = await storePublication(at('2022-03-01T08:00:00Z'), publication({ source: { corrected: true } }));
  const other = await storePublication(
    at('2021-01-20T08:00:00Z'),
    publication({ year: 2020, agencyId: 'suqian-cdpf', formatVersion: '2019', source: { year: 2020 } }),
  );
  return { first: first.record, corrected: corrected.record, other: other.record };
}

let s3rver: RunningS3rver;
let folder: string;
beforeAll(async () => {
  s3rver = await startS3rver();
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cli-archive-'));
});
afterAll(async () => {
  await s3rver?.stop();
  await rm(folder, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const backends = archiveEnvironments(() => folder, () => s3rver, 'cli');

describe.each(Object.entries(backends))('archive ls on %s', (_, environment) => {
  it('lists every version, newest first per agency and year, the newest current', async () => {
    const env = environment();
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const { first, corrected, other } = await publishSample(await openArchive(loadConfig(env).archive));

    const all = await cli('archive', 'ls');
    expect(all.code).toBe(0);
    expect(all.out).toEqual([
      `2020\tsuqian-cdpf\tcurrent\t2021-01-20T08:00:00.000Z\t9 pages\t${other.bytes} bytes\t${other.keys.pdf}`,
      `2021\tjianghai-nrp\tcurrent\t2022-03-01T08:00:00.000Z\t9 pages\t${corrected.bytes} bytes\t${corrected.keys.pdf}`,
      `2021\tjianghai-nrp\tolder\t2022-01-26T08:00:00.000Z\t9 pages\t${first.bytes} bytes\t${first.keys.pdf}`,
    ]);
    expect((await cli('archive', 'ls', '2021')).out).toEqual(all.out.slice(1));
    expect((await cli('archive', 'ls', '2021', 'jianghai-nrp')).out).toEqual(all.out.slice(1));
    const none = await cli('archive', 'ls', '2021', 'suqian-cdpf');
    expect(none).toEqual({ code: 0, out: [], err: ['nianbao archive: no published versions match'] });

    const verify = await cli('archive', 'verify', '2021');
    expect(verify).toEqual({ code: 0, out: [corrected, first].map((record) => `2021\tjianghai-nrp\t${record.keys.record}\tok`), err: [] });
  });
});

describe.each(Object.entries(backends))('the catalog on %s: verify reports drift, reindex rebuilds it', (_, environment) => {
  it('names each version missing from the catalog or different there, exits 1, and is clean after reindex', async () => {
    const env = { ...environment(), NIANBAO_ARCHIVE: `${environment().NIANBAO_ARCHIVE}-drift` };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const archive = await openArchive(loadConfig(env).archive);
    const { first, corrected, other } = await publishSample(archive);
    // The 2021 index loses both its versions; the 2020 one holds another name than the record.
    const replace = async (year: number, change: (index: CatalogIndex) => void) => {
      const key = catalogIndexKey(year);
      const stored = await archive.readDocument(key);
      const index = { ...emptyIndex(year), journalMark: decodeIndex(stored!.body, year, key).journalMark };
      change(index);
      expect(await archive.replaceDocument(key, encodeIndex(index), stored!.version)).not.toBeNull();
    };
    await replace(2021, () => {});
    await replace(2020, (index) => addRecord(index, { ...other, agency: { ...other.agency, name: '改过的名字' } }));
    // The directory holds the first edition as 2021's current, under another name, a 2019 that has no record, and no suqian-cdpf.
    const directory = await archive.readDocument(AGENCY_DIRECTORY_KEY);
    const stale = buildDirectory([{ ...first, agency: { ...first.agency, name: '旧名' } }, { ...first, year: 2019 }]);
    expect(await archive.replaceDocument(AGENCY_DIRECTORY_KEY, encodeDirectory(stale), directory!.version)).not.toBeNull();

    const drifted = await cli('archive', 'verify');
    expect(drifted.code).toBe(1);
    expect(drifted.out.filter((line) => line.startsWith('catalog'))).toEqual([
      `catalog\t${other.keys.record}\tdiffers in the catalog from its record`,
      `catalog\t${corrected.keys.record}\tmissing from the catalog`,
      `catalog\t${first.keys.record}\tmissing from the catalog`,
      `catalog\t${corrected.keys.record}\tnot its year’s current version in the agency directory`,
      `catalog\t${corrected.keys.record}\tnamed otherwise in the agency directory`,
      `catalog\t${other.keys.record}\tnot its year’s current version in the agency directory`,
      'catalog\t2019/jianghai-nrp/\tin the agency directory, but the agency has no record that year',
    ]);
    expect(drifted.err).toEqual(['nianbao archive: the catalog differs from the records in 7 place(s); `nianbao archive reindex` rebuilds it']);

    expect(await cli('archive', 'reindex')).toEqual({ code: 0, out: ['catalog rebuilt: 3 version(s) in 2 year(s)'], err: [] });
    const clean = await cli('archive', 'verify');
    expect(clean.code).toBe(0);
    expect(clean.out.filter((line) => line.startsWith('catalog'))).toEqual([]);
    expect(await cli('archive', 'reindex', '2021')).toMatchObject({ code: 2 });
  });
});

describe('archive verify', () => {
  it('names a PDF whose bytes changed in storage and a source that is gone, and exits 1', async () => {
    const root = join(folder, 'tampered');
    vi.stubEnv('NIANBAO_ARCHIVE', root);
    const { first, corrected, other } = await publishSample(await openArchive(loadConfig({ NIANBAO_ARCHIVE: root }).archive));
    const pdfFile = join(root, ...first.keys.pdf.split('/'));
    await rm(pdfFile); // read-only: replaced, as a careless hand would
    await writeFile(pdfFile, '%PDF-1.7 changed');
    await rm(join(root, ...other.keys.source.split('/')));

    const verify = await cli('archive', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.out).toEqual([
      `2020\tsuqian-cdpf\t${other.keys.record}\tsource ${other.keys.source} is missing`,
      `2021\tjianghai-nrp\t${corrected.keys.record}\tok`,
      `2021\tjianghai-nrp\t${first.keys.record}\tPDF ${first.keys.pdf} has SHA-256 ${createHash('sha256').update('%PDF-1.7 changed').digest('hex')}, its record says ${first.sha256}`,
    ]);
    expect(verify.err).toEqual(['nianbao archive: 2 version(s) do not match their records']);

    const json = await cli('archive', 'verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out.join('\n'))).toEqual({
      versions: [
        { year: 2020, agency: 'suqian-cdpf', record: other.keys.record, ok: false, problems: [`source ${other.keys.source} is missing`] },
        { year: 2021, agency: 'jianghai-nrp', record: corrected.keys.record, ok: true, problems: [] },
        { year: 2021, agency: 'jianghai-nrp', record: first.keys.record, ok: false, problems: [verify.out[2]!.split('\t')[3]] },
      ],
      strays: [],
      catalog: [],
    });

    const listed = await cli('archive', 'ls', '2021', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out.join('\n'))).toEqual([
      { ...corrected, current: true },
      { ...first, current: false },
    ]);
  });

  it('lists the files interrupted writes left in a folder archive, and exits 1 for the stale ones only', async () => {
    const root = join(folder, 'interrupted');
    vi.stubEnv('NIANBAO_ARCHIVE', root);
    const { first } = await publishSample(await openArchive(loadConfig({ NIANBAO_ARCHIVE: root }).archive));
    const inProgress = join(root, '2021', '.tmp-writing');
    await writeFile(inProgress, 'a write in progress');
    const written = (await stat(inProgress)).mtime.toISOString();
    expect(await cli('archive', 'verify', '2021', 'jianghai-nrp')).toMatchObject({ code: 0, out: [expect.stringMatching(/\tok$/), expect.stringMatching(/\tok$/), `stray\t2021/.tmp-writing\t19 bytes\t${written}\ta write in progress`] });

    const crashed = join(root, ...first.keys.pdf.split('/').slice(0, -1), '.tmp-crashed');
    await writeFile(crashed, new Uint8Array(204_800));
    const lastWeek = new Date('2026-01-01T00:00:00Z');
    await utimes(crashed, lastWeek, lastWeek);
    const verify = await cli('archive', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.out.slice(-2)).toEqual([
      `stray\t2021/jianghai-nrp/.tmp-crashed\t204800 bytes\t2026-01-01T00:00:00.000Z\tleft by an interrupted write; removed when serve or batch next starts`,
      `stray\t2021/.tmp-writing\t19 bytes\t${written}\ta write in progress`,
    ]);
    expect(verify.err).toEqual(['nianbao archive: 1 file(s) left by interrupted writes']);

    const json = await cli('archive', 'verify', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out.join('\n')).strays).toEqual([
      { path: '2021/jianghai-nrp/.tmp-crashed', bytes: 204_800, modifiedAt: '2026-01-01T00:00:00.000Z', stale: true },
      { path: '2021/.tmp-writing', bytes: 19, modifiedAt: written, stale: false },
    ]);
  });
});

describe('archive command errors', () => {
  it.each([
    [['archive'], 'missing subcommand'],
    [['archive', 'rm'], 'unknown subcommand "rm"'],
    [['archive', 'ls', '21'], 'invalid year "21"'],
    [['archive', 'ls', '2021', '../etc'], 'invalid agency id "../etc"'],
    [['archive', 'ls', '2021', 'a', 'b'], 'unexpected argument "b"'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { code, err } = await cli(...args);
    expect(code).toBe(2);
    expect(err[0]).toContain(message);
    expect(err).toContain('usage: nianbao archive ls|verify [YEAR [AGENCY]] [--json] | reindex');
  });

  it('names the variable when the configuration is wrong (exit 2)', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', 's3://Not_A_Bucket');
    const { code, err } = await cli('archive', 'ls');
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('NIANBAO_ARCHIVE="s3://Not_A_Bucket": "Not_A_Bucket" is not an S3 bucket name');
  });

  it('lists the rest around a damaged record, names it, and exits 1; the catalog keeps listing it as published, and verify says so', async () => {
    const root = join(folder, 'damaged');
    vi.stubEnv('NIANBAO_ARCHIVE', root);
    const { first, other } = await publishSample(await openArchive(loadConfig({ NIANBAO_ARCHIVE: root }).archive));
    const recordFile = join(root, ...first.keys.record.split('/'));
    await rm(recordFile); // read-only: replaced, as a damaged disk or a careless hand would
    await writeFile(recordFile, '{"truncated');

    const listed = await cli('archive', 'ls');
    expect(listed.code).toBe(1);
    expect(listed.out).toHaveLength(2);
    expect(listed.out[0]).toContain(other.keys.pdf);
    // The damaged record was the older one here, but nothing says so: the agency has no current version.
    expect(listed.out[1]).toMatch(/^2021\tjianghai-nrp\tolder\t/);
    expect(listed.err).toEqual([`nianbao archive: left out: record (${RECORD_SCHEMA}) ${first.keys.record} is not JSON`]);

    const t = await startTestApp({ archive: createFsArchive({ root }) });
    try {
      const response = await t.app.request('/v1/archive');
      expect(response.status).toBe(200);
      expect((await response.json()).items.map((item: { keys: { record: string } }) => item.keys.record)).toContain(first.keys.record);
    } finally {
      await t.close();
    }
    const verified = await cli('archive', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.out).toContain(`catalog\t${first.keys.record}\tin the catalog, but there is no such record`);
  });

  it('says which storage is unreachable (exit 1)', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', 's3://nianbao-test/x');
    vi.stubEnv('NIANBAO_S3_ENDPOINT', 'http://127.0.0.1:1');
    vi.stubEnv('NIANBAO_S3_FORCE_PATH_STYLE', '1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'x');
    const { code, err } = await cli('archive', 'ls');
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^nianbao archive: archive s3:\/\/nianbao-test\/x\/ at http:\/\/127\.0\.0\.1:1: ListObjectsV2/);
  });
});
