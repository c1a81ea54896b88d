/**
 * The agency page's kept history (`catalog/agency/{agency}.json`, archive/agency-history.ts) on a
 * folder and on S3 (s3rver behind the proxy that honours conditional writes, counting requests):
 * the page answers the same before and after the document exists, and from it in at most 5
 * storage requests; a new version shows at the next view, which reads again only its year; a damaged, unreadable or unwritable
 * document, or a damaged source, costs nothing but the shortcut.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../functions/archive/archive';
import { ArchiveUnavailable } from '../../functions/archive/errors';
import { createFsArchive } from '../../functions/archive/fs';
import { agencyHistoryKey } from '../../functions/archive/keys';
import type { PublicationRecord } from '../../functions/archive/record';
import { createS3Archive } from '../../functions/archive/s3';
import { createArchiveApp } from '../helpers/archive-app';
import { AGENCY, correction2021, HISTORY, report2022, storeReport } from '../helpers/history-seed';
import { startS3Proxy, type RunningS3Proxy } from '../helpers/s3-proxy';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../helpers/s3rver';

let s3rver: RunningS3rver;
let proxy: RunningS3Proxy;
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-agency-history-'));
  s3rver = await startS3rver();
  proxy = await startS3Proxy(s3rver, { conforming: true });
});
afterAll(async () => {
  await proxy?.stop();
  await s3rver?.stop();
  await rm(folder, { recursive: true, force: true });
});

let opened = 0;
const backends: [string, () => Archive][] = [
  ['folder', () => createFsArchive({ root: join(folder, `case-${++opened}`) })],
  [
    's3',
    () => createS3Archive({ bucket: s3rver.bucket, prefix: `case-${++opened}/`, endpoint: proxy.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS }),
  ],
];

const KEY = agencyHistoryKey(AGENCY.id);

async function seeded(archive: Archive): Promise<Archive> {
  for (const stored of HISTORY) await storeReport(archive, stored);
  return archive;
}

/** The JSON and the page of the agency, and the storage requests the two took (S3 only). */
async function view(archive: Archive) {
  const app = createArchiveApp(archive);
  const before = proxy.requests.length;
  const json = await app.request(`/v1/agencies/${AGENCY.id}/history`);
  const requests = proxy.requests.length - before;
  const page = await app.request(`/archive/${AGENCY.id}`);
  expect([json.status, page.status]).toEqual([200, 200]);
  return { json: (await json.json()) as { years: { year: number; figures: unknown; versions: { sourceSha256: string; current: boolean }[] }[] }, html: await page.text(), requests };
}

describe.each(backends)('the agency page’s kept history on %s', (backend, open) => {
  it('answers the same before and after the document exists, from the document in ≤ 5 requests', async () => {
    const archive = await seeded(open());
    expect(await archive.readDocument(KEY)).toBeNull();
    const cold = await view(archive);
    expect(await archive.readDocument(KEY)).not.toBeNull();
    const warm = await view(archive);
    expect(warm.json).toEqual(cold.json);
    expect(warm.html).toBe(cold.html);
    expect(cold.json.years.map((y) => [y.year, y.versions.length])).toEqual([[2022, 1], [2021, 2], [2020, 1]]);
    if (backend === 's3') {
      // The directory and its journal's last minutes, then the document.
      expect(warm.requests).toBe(3);
      expect(cold.requests).toBeGreaterThan(warm.requests + 6);
    }
  });

  /** The archive as a publish whose update of the kept history was lost sees it. */
  const losingHistoryWrites = (archive: Archive): Archive => ({
    ...archive,
    replaceDocument: (key, body, expected, options) => (key === KEY ? Promise.resolve(null) : archive.replaceDocument(key, body, expected, options)),
  });

  it.each([
    // The publish brought the document up to date: the 3 requests of a warm view.
    ['kept up to date by the publish', (archive: Archive) => archive, 3],
    // The 3, then only the stale year: its index with its journal's last minutes, its new current source, and the write.
    ['when the publish’s update of it was lost', losingHistoryWrites, 7],
  ])('shows a version published after the document was written at the next view, %s', async (_, publishingArchive, requestsOnS3) => {
    const archive = await seeded(open());
    await view(archive);
    const correction = report2022();
    correction.sections.reviews.table.review.total += 1;
    correction.acknowledgements = [{ rule: 'R-4', cell: 'sections.reviews.table.review.total', expected: 6, found: 7, reason: '按原发布版本存档' }];
    const record = await storeReport(publishingArchive(archive), { report: correction, at: '2023-02-01T02:00:00.000Z' });
    const { json, requests } = await view(archive);
    if (backend === 's3') expect(requests).toBe(requestsOnS3);
    expect(json.years[0]!.versions.map((v) => [v.sourceSha256, v.current])).toEqual([[record.sourceSha256, true], [expect.any(String), false]]);
    expect(json.years[0]!.figures).toMatchObject({ review: 7 });
    expect(new TextDecoder().decode((await archive.readDocument(KEY))!.body)).toContain(record.sourceSha256);
    // Either way the page is the one built from the catalog alone.
    const stored = await archive.readDocument(KEY);
    await archive.replaceDocument(KEY, new TextEncoder().encode('{}'), stored!.version);
    expect((await view(archive)).json).toEqual(json);
  });

  it('shows a new year at the next view', async () => {
    const archive = open();
    await storeReport(archive, HISTORY[0]!);
    expect((await view(archive)).json.years.map((y) => y.year)).toEqual([2020]);
    await storeReport(archive, { report: correction2021(), at: '2022-02-10T02:00:00.000Z' });
    expect((await view(archive)).json.years.map((y) => y.year)).toEqual([2021, 2020]);
  });

  it('falls back past a damaged document and writes a good one in its place', async () => {
    const archive = await seeded(open());
    const { json } = await view(archive);
    for (const damage of ['{"schema":"nianbao.agency-history/1"', JSON.stringify({ schema: 'nianbao.agency-history/1', agency: AGENCY, years: [{ year: 2022, versions: [], figures: {} }] })]) {
      const stored = await archive.readDocument(KEY);
      await archive.replaceDocument(KEY, new TextEncoder().encode(damage), stored!.version);
      expect((await view(archive)).json).toEqual(json);
      expect(JSON.parse(new TextDecoder().decode((await archive.readDocument(KEY))!.body)).years).toHaveLength(3);
    }
  });
});

describe('the kept history when storage fails it', () => {
  it('answers the page when the document cannot be read or written', async () => {
    const archive = await seeded(createFsArchive({ root: join(folder, `case-${++opened}`) }));
    const { json } = await view(archive);
    const failing = (key: string) => key === KEY ? Promise.reject(new ArchiveUnavailable('injected')) : undefined;
    const unreadable: Archive = { ...archive, readDocument: (key) => failing(key) ?? archive.readDocument(key) };
    const unwritable: Archive = { ...archive, replaceDocument: (key, body, expected) => failing(key) ?? archive.replaceDocument(key, body, expected) };
    expect((await view(unreadable)).json).toEqual(json);
    await archive.replaceDocument(KEY, new TextEncoder().encode('damaged'), (await archive.readDocument(KEY))!.version);
    expect((await view(unwritable)).json).toEqual(json);
  });

  it('keeps no document while a year’s source is damaged, so the next view reads it again', async () => {
    const archive = createFsArchive({ root: join(folder, `case-${++opened}`) });
    const records: PublicationRecord[] = [];
    for (const stored of HISTORY) records.push(await storeReport(archive, stored));
    const damaged: Archive = { ...archive, get: (key) => (key === records[3]!.keys.source ? Promise.resolve(null) : archive.get(key)) };
    expect((await view(damaged)).json.years[0]!.figures).toBeNull();
    expect(await archive.readDocument(KEY)).toBeNull();
    expect((await view(archive)).json.years[0]!.figures).not.toBeNull();
  });
});
