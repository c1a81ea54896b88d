/**
 * The catalog benchmark (issue 19): 35,000 records (7 years × 5,000 agencies, 13 regions) in a
 * local archive folder, then the pages read from the catalog, next to what every page view cost
 * before it (reading every record, as /archive and /v1/archive did):
 * - /archive first page, a search by agency name over every year (the agency directory), a year and region filter,
 *   /v1/archive pages, an agency's page over 7 years (its sources, real reports of both formats,
 *   are written for it), cold (its kept history missing: built from the year indexes and sources)
 *   and warm (read from its kept history), and the year dashboard: p50 of BENCH_CATALOG_RUNS requests through the
 *   real app, and the HTML size;
 * - storage requests per page view on S3, counted at a proxy in front of s3rver (the same index
 *   documents, copied there);
 * - publishing through the real Chromium printer into the 35,000-record archive, with the catalog
 *   and, as before it, without (the catalog's reads and writes made no-ops).
 * Records are written as files in the archive's own layout (records only: no page reads a PDF or a
 * source), and the catalog is built from them by `reindex`, as after an upgrade.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Archive } from '../functions/archive/archive';
import { catalogYears, reindex } from '../functions/archive/catalog';
import { createFsArchive } from '../functions/archive/fs';
import { AGENCY_DIRECTORY_KEY, catalogIndexKey, pdfKey, recordKey, sourceKey } from '../functions/archive/keys';
import { encodeRecord, RECORD_SCHEMA, type PublicationRecord } from '../functions/archive/record';
import { createS3Archive } from '../functions/archive/s3';
import { sha256Hex } from '../functions/archive/sha256';
import { storePublication, type Publication } from '../functions/archive/store';
import { listVersions } from '../functions/archive/versions';
import { systemClock } from '../functions/clock';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/fonts/node-assets';
import { publish } from '../functions/publish';
import { createArchiveApp } from '../test/helpers/archive-app';
import { loadExample } from '../test/helpers/examples';
import { generateReport } from '../test/helpers/generated-reports';
import { startS3Proxy } from '../test/helpers/s3-proxy';
import { S3RVER_CREDENTIALS, startS3rver } from '../test/helpers/s3rver';

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const AGENCIES = Number(process.env.BENCH_CATALOG_AGENCIES ?? 5000);
const RUNS = Number(process.env.BENCH_CATALOG_RUNS ?? 20);
const PUBLISHES = Number(process.env.BENCH_CATALOG_PUBLISHES ?? 16);
const REGIONS = ['江海市', '江海市东城区', '江海市西城区', '江海市南湖区', '江海市北山区', '临江县', '青石县', '白沙县', '云岭县', '长河县', '新港开发区', '高新区', '滨海新区'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function recordOfBench(year: number, index: number): Promise<PublicationRecord> {
  const agencyId = `body-${String(index + 1).padStart(5, '0')}`;
  const sourceSha256 = await sha256Hex(new TextEncoder().encode(`source ${year} ${agencyId}`));
  const sha256 = await sha256Hex(new TextEncoder().encode(`pdf ${year} ${agencyId}`));
  return {
    schema: RECORD_SCHEMA,
    sha256,
    bytes: 180_000 + index,
    pages: 7 + (index % 4),
    formatVersion: year >= 2021 ? '2021' : '2019',
    templateVersion: 'bench',
    agency: { id: agencyId, name: `江海市第${index + 1}号政务公开试点单位`, region: REGIONS[index % REGIONS.length]! },
    year,
    createdAt: new Date(Date.UTC(year + 1, 0, 15, 0, 0, index % 60)).toISOString(),
    exceptions: index % 50 === 0 ? [{ rule: 'R-2', reason: '按原发布版本存档' }] : [],
    sourceSha256,
    keys: { pdf: pdfKey(year, agencyId, sha256), source: sourceKey(year, agencyId, sourceSha256), record: recordKey(year, agencyId, sourceSha256) },
  };
}

/** A publication of generated agency `index` in 2021 with a stand-in PDF, for the store step alone. */
function publicationOf(index: number): Publication {
  const agencyId = `store-${String(index).padStart(5, '0')}`;
  return {
    year: 2021, agencyId, source: { agencyId }, pdf: new TextEncoder().encode(`%PDF-1.7 ${agencyId}`.padEnd(180_000, ' ')), pages: 8,
    formatVersion: '2021', templateVersion: 'bench', agencyName: `江海市第${index}号政务公开试点单位`, agencyRegion: REGIONS[index % REGIONS.length], exceptions: [],
  };
}

async function seedRecords(root: string): Promise<void> {
  for (const year of YEARS) {
    const records = await Promise.all(Array.from({ length: AGENCIES }, (_, i) => recordOfBench(year, i)));
    for (let i = 0; i < records.length; i += 200) {
      await Promise.all(
        records.slice(i, i + 200).map(async (record) => {
          const path = join(root, ...record.keys.record.split('/'));
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, encodeRecord(record));
        }),
      );
    }
  }
}

/** Real sources for agency `index`'s records of every year (2019 format before 2021): key → bytes. */
async function seedSources(archive: Archive, index: number): Promise<Map<string, Uint8Array>> {
  const sources = new Map<string, Uint8Array>();
  for (const year of YEARS) {
    const record = await recordOfBench(year, index);
    const report = loadExample(year >= 2021 ? 'consistent2021' : 'seed2020');
    report.year = year;
    report.publishedOn = `${year + 1}-01-20`;
    report.agency = { ...record.agency };
    const body = new TextEncoder().encode(JSON.stringify(report));
    await archive.putIfAbsent(record.keys.source, body);
    sources.set(record.keys.source, body);
  }
  return sources;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

interface PageFigure {
  view: string;
  p50: number;
  kb: number;
  requests?: number;
  s3p50?: number;
}

/** p50 over RUNS of GET `path`, and the size of its body. */
async function measure(app: ReturnType<typeof createArchiveApp>, path: string): Promise<{ p50: number; kb: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, value } = await timed(async () => {
      const response = await app.request(path);
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
      return response.arrayBuffer();
    });
    times.push(ms);
    bytes = value.byteLength;
  }
  return { p50: median(times), kb: bytes / 1024 };
}

/** The archive as it was before the catalog: writes under catalog/ vanish, reads of it find nothing. */
function withoutCatalog(archive: Archive): Archive {
  const inCatalog = (key: string) => key.startsWith('catalog/');
  return {
    ...archive,
    putIfAbsent: (key, body, options) => (inCatalog(key) ? Promise.resolve({ created: true }) : archive.putIfAbsent(key, body, options)),
    list: (prefix, options) => (inCatalog(prefix) ? Promise.resolve({ keys: [] }) : archive.list(prefix, options)),
    readDocument: () => Promise.resolve(null),
    replaceDocument: () => Promise.resolve(true),
  };
}

const COLD_AGENCY_PAGE = '/archive/{agency} cold (7 years)';

/** The archive as a reader finds it before any agency's history is kept: the document is never there, so each view builds it and tries to write it. */
function withoutKeptHistories(archive: Archive): Archive {
  return { ...archive, readDocument: (key) => (key.startsWith('catalog/agency/') ? Promise.resolve(null) : archive.readDocument(key)) };
}

export async function benchCatalog(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const folder = await mkdtemp(join(tmpdir(), 'nianbao-bench-catalog-'));
  const root = join(folder, 'archive');
  const archive = createFsArchive({ root });
  const s3rver = await startS3rver();
  const proxy = await startS3Proxy(s3rver, { conforming: true });
  try {
    const seeded = await timed(() => seedRecords(root));
    const total = YEARS.length * AGENCIES;

    // Today: every page view read every record.
    const everyRecord = await timed(() => listVersions(archive));
    const rebuilt = await timed(() => reindex(archive, everyRecord.value, Date.now()));

    // The agency page reads its current versions' sources: one agency gets real ones, both formats.
    const sources = await seedSources(archive, 4320);
    const app = createArchiveApp(archive);
    const coldApp = createArchiveApp(withoutKeptHistories(archive));
    const searched = `第${Math.ceil(AGENCIES * 0.8642)}号`;
    const secondPage = Buffer.from(`2025/body-${String(50).padStart(5, '0')}`).toString('base64url');
    const views: [string, string][] = [
      ['/archive first page', '/archive'],
      ['/archive page 2', `/archive?cursor=${secondPage}`],
      [`/archive search "${searched}" (every year)`, `/archive?q=${encodeURIComponent(searched)}`],
      [`/archive search "江海市" (every year, 50 shown)`, `/archive?q=${encodeURIComponent('江海市')}`],
      ['/archive year + region', `/archive?year=2023&region=${encodeURIComponent(REGIONS[5]!)}`],
      ['/v1/archive first page', '/v1/archive'],
      ['/v1/archive year + agency', '/v1/archive?year=2022&agency=body-04321'],
      [`/v1/archive search "${searched}" (every year)`, `/v1/archive?q=${encodeURIComponent(searched)}`],
      [COLD_AGENCY_PAGE, '/archive/body-04321'],
      ['/archive/{agency} warm (kept history)', '/archive/body-04321'],
      ['/v1/agencies/{agency}/history warm', '/v1/agencies/body-04321/history'],
      ['/dashboard/2023 (5,000 agencies)', '/dashboard/2023'],
      ['/dashboard/2023 region, list late', `/dashboard/2023?region=${encodeURIComponent(REGIONS[5]!)}&list=late`],
      ['/v1/dashboard/2023', '/v1/dashboard/2023'],
    ];
    const figures: PageFigure[] = [];
    for (const [view, path] of views) figures.push({ view, ...(await measure(view === COLD_AGENCY_PAGE ? coldApp : app, path)) });

    // S3: the same catalog documents in a bucket behind a counting proxy.
    const s3 = createS3Archive({ bucket: s3rver.bucket, endpoint: proxy.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    for (const key of [...(await catalogYears(archive)).map(catalogIndexKey), AGENCY_DIRECTORY_KEY]) {
      const document = await archive.readDocument(key);
      await s3.replaceDocument(key, document!.body, null);
    }
    for (const [key, body] of sources) await s3.putIfAbsent(key, body);
    const s3app = createArchiveApp(s3);
    const s3coldApp = createArchiveApp(withoutKeptHistories(s3));
    for (const [i, [view, path]] of views.entries()) {
      const chosen = view === COLD_AGENCY_PAGE ? s3coldApp : s3app;
      const before = proxy.requests.length;
      await chosen.request(path);
      figures[i]!.requests = proxy.requests.length - before;
      figures[i]!.s3p50 = (await measure(chosen, path)).p50;
    }

    // The agency page's first view on S3 after a publish of one of its years (its kept history is stale for that year only).
    const republished = await recordOfBench(2025, 4320);
    const newVersion = { ...loadExample('consistent2021'), year: 2025, publishedOn: '2026-02-01', agency: { ...republished.agency } };
    await storePublication(
      { archive: s3, clock: systemClock },
      { ...publicationOf(0), year: 2025, agencyId: republished.agency.id, source: newVersion, agencyName: republished.agency.name, agencyRegion: republished.agency.region },
    );
    const beforeFirstView = proxy.requests.length;
    const firstView = await timed(async () => (await s3app.request(`/archive/${republished.agency.id}`)).arrayBuffer());
    const firstViewRequests = proxy.requests.length - beforeFirstView;

    // The store step alone (PDF, source, record; and the journal line and index update), alternating.
    const storeMs = { today: [] as number[], catalog: [] as number[] };
    for (let i = 0; i < 2 * PUBLISHES; i++) {
      const stored = (n: number) => ({ ...publicationOf(AGENCIES + 1000 + 2 * i + n) });
      storeMs.today.push((await timed(() => storePublication({ archive: withoutCatalog(archive), clock: systemClock }, stored(0)))).ms);
      storeMs.catalog.push((await timed(() => storePublication({ archive, clock: systemClock }, stored(1)))).ms);
    }

    // Publishing, through the real printer, into the archive of 35,000 records; the two ways alternate.
    const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1 });
    const publishMs = { today: [] as number[], catalog: [] as number[] };
    try {
      await publish(generateReport(AGENCIES + 100), { printer, archive, clock: systemClock });
      for (let i = 0; i < PUBLISHES; i++) {
        // The same report for both, but for its agency: generated reports differ in length by index.
        const base = generateReport(AGENCIES + 200 + i);
        const report = (n: number) => ({ ...base, agency: { ...base.agency, id: `${base.agency.id}-${n}` } });
        publishMs.today.push((await timed(() => publish(report(0), { printer, archive: withoutCatalog(archive), clock: systemClock }))).ms);
        publishMs.catalog.push((await timed(() => publish(report(1), { printer, archive, clock: systemClock }))).ms);
      }
    } finally {
      await printer.close();
    }

    const today = everyRecord.ms;
    console.log(`\nCatalog: ${total} records (${YEARS.length} years × ${AGENCIES} agencies), local folder; ${RUNS} requests per row through the app`);
    console.log(`seeding ${(seeded.ms / 1000).toFixed(1)} s; reindex (every record read, ${rebuilt.value.years} year indexes written) ${(rebuilt.ms / 1000).toFixed(1)} s`);
    console.log(`today: every view read every record: ${(today / 1000).toFixed(1)} s here (issue 19 measured /archive at 7–8 s and 6.4 MB for 4,900 records)`);
    console.log('view                                        p50 ms  HTML/JSON KB  S3 requests  S3 p50 ms   goal');
    const goals: Record<string, string> = { '/archive first page': '≤ 150 ms, ≤ 200 KB, ≤ 5 req', '/v1/archive first page': '≤ 100 ms', search: '≤ 150 ms, ≤ 5 req' };
    for (const figure of figures) {
      const goal = goals[figure.view] ?? (figure.view.includes('search') ? goals.search : figure.view.startsWith('/v1/archive') ? '≤ 100 ms' : '');
      console.log(
        `${figure.view.padEnd(42)} ${figure.p50.toFixed(1).padStart(7)}  ${figure.kb.toFixed(1).padStart(12)}  ${String(figure.requests).padStart(11)}  ${figure.s3p50!.toFixed(1).padStart(9)}   ${goal}`,
      );
    }
    console.log('before the agency directory (README, same bench): /archive and /v1/archive search over every year 1 + 2 × 7 = 15 S3 requests, 177–526 ms on S3; /archive/{agency} 22 requests (now its cold view, plus the directory, the kept history and its write)');
    console.log(`/archive/{agency} on S3, first view after a publish of one of its years: ${firstViewRequests} requests, ${firstView.ms.toFixed(0)} ms (then the warm row's)`);
    const [todayStore, catalogStore] = [median(storeMs.today), median(storeMs.catalog)];
    console.log(`store step p50 of ${2 * PUBLISHES} (into the 2021 index of ${AGENCIES} agencies): today ${todayStore.toFixed(1)} ms, with the catalog ${catalogStore.toFixed(1)} ms`);
    const [todayP50, catalogP50] = [median(publishMs.today), median(publishMs.catalog)];
    console.log(`publish (print + store) p50 of ${PUBLISHES}: today ${todayP50.toFixed(0)} ms, with the catalog ${catalogP50.toFixed(0)} ms (${(((catalogP50 - todayP50) / todayP50) * 100).toFixed(1)} %; goal ≤ +20 %)`);
    console.log(`load average: ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (2 cores, shared)`);
  } finally {
    await proxy.stop();
    await s3rver.stop();
    await rm(folder, { recursive: true, force: true });
  }
}
