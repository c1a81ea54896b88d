/**
 * The one contract every `Archive` adapter passes (one suite for every adapter, after unstorage's
 * `testDriver`): the port's own promises (put-if-absent, streamed get, head, paged list, hostile
 * keys) and the publishing guarantees built on it (issue 4): idempotent, all-or-nothing,
 * race-safe, versions newest first. `open()` must return a fresh, empty archive each call.
 */
import { describe, expect, it } from 'vitest';
import { listAll, readObject, type Archive } from '../../functions/archive/archive';
import { canonicalJson } from '../../functions/archive/canonical-json';
import { encodeCursor } from '../../functions/archive/cursor';
import { ArchiveUnavailable, InvalidArchiveKey } from '../../functions/archive/errors';
import { sha256Hex } from '../../functions/archive/sha256';
import { directoryPage, catalogPage, parseDirectoryCursor, parseCatalogCursor } from '../../functions/archive/catalog-query';
import { addRecord, decodeIndex, encodeIndex, entriesOf, idOf, linesOf, recordOf } from '../../functions/archive/catalog-index';
import { readDirectory, readIndex } from '../../functions/archive/catalog';
import { journalLineName } from '../../functions/archive/keys';
import type { PublicationRecord } from '../../functions/archive/record';
import { findPublished, storePublication, type Publication } from '../../functions/archive/store';
import { listVersions } from '../../functions/archive/versions';
import type { Clock } from '../../functions/clock';
import { currentDraft, DraftConflict, readDraft, storeDraft } from '../../functions/drafts/store';
import { flatJournalKey, writingFlatJournal } from '../helpers/flat-journal';
import { generateReport, GENERATED_YEAR } from '../helpers/generated-reports';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array | null) => (body ? new TextDecoder().decode(body) : null);

export function clockAt(iso: string): Clock {
  return { now: () => new Date(iso) };
}

/** A publication as the publish step would hand it over; the PDF bytes stand in for a real print. */
export function publication(overrides: Partial<Publication> = {}): Publication {
  const source = overrides.source ?? { formatVersion: '2021', year: 2021, agency: { id: 'jianghai-nrp' }, total: 42 };
  return {
    year: 2021,
    agencyId: 'jianghai-nrp',
    source,
    pdf: bytes(`%PDF-1.7 rendered from ${canonicalJson(source)}`),
    pages: 9,
    formatVersion: '2021',
    templateVersion: 'report-2021@1',
    agencyName: '江海市自然资源和规划局',
    exceptions: [],
    ...overrides,
  };
}

/** Keys are hostile in each way issue 4 lists; none may reach storage. */
export const HOSTILE_KEYS = [
  '..',
  '../x.pdf',
  '2021/../../x.pdf',
  '2021/a/../../../etc/passwd',
  '/etc/passwd',
  '2021//x.pdf',
  '2021/a\\..\\x.pdf',
  '%2e%2e/x.pdf',
  '2021/a%2fb/x.pdf',
  '2021/a\0b/x.pdf',
  `2021/${'a'.repeat(300)}/x.pdf`,
  `${'a/'.repeat(20)}x.pdf`,
  '2021/agency\u202egnp.pdf',
  '2021/ａｇｅｎｃｙ/x.pdf',
  '2021/cafe\u0301/x.pdf',
  '2021/caf\u00e9/x.pdf',
  '2021/Agency/x.pdf',
  '.tmp-x',
  '2021/a/x.pdf.',
  '',
];

/** Fails the Nth putIfAbsent, as storage that dies in the middle of a publish would. */
export function failingOnPut(archive: Archive, n: number): Archive {
  let puts = 0;
  return {
    ...archive,
    putIfAbsent(key, body, options) {
      puts++;
      if (puts === n) return Promise.reject(new ArchiveUnavailable(`injected failure on put ${n} (${key})`));
      return archive.putIfAbsent(key, body, options);
    },
  };
}

/** Every key but the catalog's (derived data, tested on its own below). */
async function allKeys(archive: Archive, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of listAll(archive, prefix)) keys.push(...page.filter((key) => !key.startsWith('catalog/')));
  return keys;
}

/** Fails every catalog replacement (of `key` only, when given), as a publisher that dies right after its record would. */
function losingCatalogUpdates(archive: Archive, key?: string): Archive {
  return {
    ...archive,
    replaceDocument: (replaced, body, expected, options) =>
      key === undefined || replaced === key ? Promise.reject(new ArchiveUnavailable('injected: the process died before updating the catalog')) : archive.replaceDocument(replaced, body, expected, options),
  };
}

/** Every agency in the directory, through its pages of 5: `{id} {year}:{current createdAt} …`. */
async function directoryListing(archive: Archive, search = ''): Promise<string[]> {
  const listed: string[] = [];
  let after;
  do {
    const page = await directoryPage(archive, { search }, { after, limit: 5 });
    listed.push(...page.agencies.map((entry) => [entry.id, ...entry.years.map(({ year, createdAt }) => `${year}:${createdAt}`)].join(' ')));
    after = page.cursor === undefined ? undefined : parseDirectoryCursor(page.cursor);
  } while (after);
  return listed;
}

/** Every version in the catalog, year by year, agency by agency, newest first. */
async function catalogued(archive: Archive): Promise<PublicationRecord[]> {
  const records: PublicationRecord[] = [];
  let after;
  do {
    const page = await catalogPage(archive, {}, { after, limit: 7, newestYearFirst: false });
    records.push(...page.rows.flatMap(({ year, entry }) => entry.versions.map((version) => recordOf(year, entry.id, version))));
    after = page.cursor === undefined ? undefined : parseCatalogCursor(page.cursor);
  } while (after);
  return records;
}

export function archiveContract(name: string, open: () => Promise<Archive>, additionalTests?: () => void): void {
  describe(`Archive contract: ${name}`, () => {
    describe('port', () => {
      it('stores a body and gives it back streamed, with size and content type', async () => {
        const archive = await open();
        expect(await archive.putIfAbsent('2021/a/x.pdf', bytes('%PDF-1.7 hello'))).toEqual({ created: true });
        const object = await archive.get('2021/a/x.pdf');
        expect(object?.size).toBe(14);
        expect(object?.contentType).toBe('application/pdf');
        expect(object?.body).toBeInstanceOf(ReadableStream);
        expect(text(new Uint8Array(await new Response(object?.body).arrayBuffer()))).toBe('%PDF-1.7 hello');
        expect(await archive.head('2021/a/x.pdf')).toMatchObject({ size: 14, contentType: 'application/pdf' });
      });

      it('never overwrites: a second put of the key keeps the first body', async () => {
        const archive = await open();
        await archive.putIfAbsent('2021/a/r.record.json', bytes('{"first":true}'));
        expect(await archive.putIfAbsent('2021/a/r.record.json', bytes('{"second":true}'))).toEqual({ created: false });
        expect(text(await readObject(archive, '2021/a/r.record.json'))).toBe('{"first":true}');
        expect((await archive.head('2021/a/r.record.json'))?.contentType).toBe('application/json');
      });

      it('lets exactly one of several racing writers create a key, and keeps its body', async () => {
        const archive = await open();
        const bodies = ['one', 'two', 'three', 'four'].map((word) => bytes(`{"writer":"${word}"}`));
        const results = await Promise.all(bodies.map((body) => archive.putIfAbsent('2021/a/race.json', body)));
        expect(results.filter((result) => result.created)).toHaveLength(1);
        const winner = bodies[results.findIndex((result) => result.created)];
        expect(text(await readObject(archive, '2021/a/race.json'))).toBe(text(winner ?? null));
      });

      it('answers null for a missing key', async () => {
        const archive = await open();
        expect(await archive.get('2021/a/missing.pdf')).toBeNull();
        expect(await archive.head('2021/a/missing.pdf')).toBeNull();
        expect(await readObject(archive, '2021/missing/x.pdf')).toBeNull();
      });

      it('refuses a body that does not match the sha256 it is given, and stores nothing', async () => {
        const archive = await open();
        const wrong = await sha256Hex(bytes('other'));
        await expect(archive.putIfAbsent('2021/a/x.pdf', bytes('body'), { sha256: wrong })).rejects.toThrow(/sha256/);
        expect(await archive.head('2021/a/x.pdf')).toBeNull();
        const right = await sha256Hex(bytes('body'));
        expect(await archive.putIfAbsent('2021/a/x.pdf', bytes('body'), { sha256: right })).toEqual({ created: true });
      });

      it('streams a large body unchanged', async () => {
        const archive = await open();
        const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
        await archive.putIfAbsent('2021/a/big.pdf', big);
        const back = await readObject(archive, '2021/a/big.pdf');
        expect(back?.byteLength).toBe(big.byteLength);
        expect(await sha256Hex(back ?? new Uint8Array())).toBe(await sha256Hex(big));
      });

      it('lists by whole-segment prefix in byte order, page by page without gaps or repeats', async () => {
        const archive = await open();
        const keys = ['2021/a/3.pdf', '2021/a/1.pdf', '2021/a-b/1.pdf', '2021/ab/1.pdf', '2021/a/2.json', '2020/a/1.pdf'];
        for (const key of keys) await archive.putIfAbsent(key, bytes(key));
        expect((await archive.list('2021/a/')).keys).toEqual(['2021/a/1.pdf', '2021/a/2.json', '2021/a/3.pdf']);
        expect(await allKeys(archive)).toEqual([...keys].sort());

        const paged: string[] = [];
        let page = await archive.list('2021/', { limit: 2 });
        paged.push(...page.keys);
        while (page.cursor) {
          expect(page.keys).toHaveLength(2);
          page = await archive.list('2021/', { limit: 2, cursor: page.cursor });
          paged.push(...page.keys);
        }
        expect(paged).toEqual(['2021/a-b/1.pdf', '2021/a/1.pdf', '2021/a/2.json', '2021/a/3.pdf', '2021/ab/1.pdf']);
        expect(await archive.list('2019/')).toEqual({ keys: [] });
        await expect(archive.list('2021/', { limit: 0 })).rejects.toThrow(RangeError);
        await expect(archive.list('2021/', { limit: 1001 })).rejects.toThrow(RangeError);
      });

      it('lists after a cursor across nested folders as S3 does: folders before it skipped, its own folder and later ones whole', async () => {
        const archive = await open();
        // Folders and flat keys side by side, as a journal with lines from before its buckets is ('/' sorts before the digits).
        const keys = ['j/16/9', 'j/167/1', 'j/168/a/1', 'j/168/b/2', 'j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1', 'k/1'];
        for (const key of [...keys].reverse()) await archive.putIfAbsent(key, bytes(key));
        const after = async (cursor: string, limit?: number) => {
          const listed: string[] = [];
          for await (const page of listAll(archive, 'j/', encodeCursor(cursor))) listed.push(...page);
          return limit === undefined ? listed : (await archive.list('j/', { cursor: encodeCursor(cursor), limit })).keys;
        };
        expect(await after('j/168/a/0')).toEqual(['j/168/a/1', 'j/168/b/2', 'j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1']);
        expect(await after('j/168/b/2')).toEqual(['j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1']);
        // A cursor that is no key: the start of a folder's name, a folder's prefix, a key's start.
        expect(await after('j/168')).toEqual(['j/168/a/1', 'j/168/b/2', 'j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1']);
        expect(await after('j/168/')).toEqual(['j/168/a/1', 'j/168/b/2', 'j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1']);
        expect(await after('j/168/b/')).toEqual(['j/168/b/2', 'j/168/b/3', 'j/1680/1', 'j/1681', 'j/169/1']);
        expect(await after('j/1680/0')).toEqual(['j/1680/1', 'j/1681', 'j/169/1']);
        expect(await after('j/1681')).toEqual(['j/169/1']);
        expect(await after('j/17')).toEqual([]);
        expect(await after('j/16/9', 2)).toEqual(['j/167/1', 'j/168/a/1']);
        expect(await after('j/168/a/1', 2)).toEqual(['j/168/b/2', 'j/168/b/3']);
      });

      it.each(HOSTILE_KEYS)('rejects the hostile key %j in every operation', async (key) => {
        const archive = await open();
        await expect(archive.putIfAbsent(key, bytes('x'))).rejects.toThrow(InvalidArchiveKey);
        await expect(archive.get(key)).rejects.toThrow(InvalidArchiveKey);
        await expect(archive.head(key)).rejects.toThrow(InvalidArchiveKey);
        await expect(archive.list(`${key}/`)).rejects.toThrow(InvalidArchiveKey);
        expect(await allKeys(archive)).toEqual([]);
      });

      it('rejects prefixes that are not whole segments, and cursors it did not issue', async () => {
        const archive = await open();
        for (const prefix of ['2021', '2021/a', '/', '../', '2021//']) {
          await expect(archive.list(prefix)).rejects.toThrow(InvalidArchiveKey);
        }
        await expect(archive.list('', { cursor: '%%%' })).rejects.toThrow(InvalidArchiveKey);
      });
    });

    describe('publishing', () => {
      it('stores PDF, canonical source and record under the year, agency and hashes', async () => {
        const archive = await open();
        const input = publication();
        const { record, created } = await storePublication({ archive, clock: clockAt('2022-01-26T08:00:00Z') }, input);
        const sourceBytes = bytes(canonicalJson(input.source));
        const sourceSha256 = await sha256Hex(sourceBytes);
        const pdfSha256 = await sha256Hex(input.pdf);
        expect(created).toBe(true);
        expect(record).toMatchObject({
          sha256: pdfSha256,
          bytes: input.pdf.byteLength,
          pages: 9,
          formatVersion: '2021',
          templateVersion: 'report-2021@1',
          agency: { id: 'jianghai-nrp', name: '江海市自然资源和规划局' },
          year: 2021,
          createdAt: '2022-01-26T08:00:00.000Z',
          exceptions: [],
          sourceSha256,
          keys: {
            pdf: `2021/jianghai-nrp/${pdfSha256}.pdf`,
            source: `2021/jianghai-nrp/${sourceSha256}.json`,
            record: `2021/jianghai-nrp/${sourceSha256}.record.json`,
          },
        });
        expect(await allKeys(archive)).toEqual(Object.values(record.keys).sort());
        expect(await readObject(archive, record.keys.pdf)).toEqual(input.pdf);
        expect(text(await readObject(archive, record.keys.source))).toBe(text(sourceBytes));
        expect(JSON.parse(text(await readObject(archive, record.keys.record)) ?? '')).toEqual(record);
      });

      it('publishing the same source again stores nothing new and returns the same record', async () => {
        const archive = await open();
        const first = await storePublication({ archive, clock: clockAt('2022-01-26T08:00:00Z') }, publication());
        const before = await allKeys(archive);
        const reordered = { total: 42, agency: { id: 'jianghai-nrp' }, year: 2021, formatVersion: '2021' };
        const again = await storePublication(
          { archive, clock: clockAt('2022-02-01T00:00:00Z') },
          publication({ source: reordered, pdf: bytes('%PDF-1.7 printed by a newer Chromium') }),
        );
        expect(again).toEqual({ record: first.record, created: false });
        expect(await allKeys(archive)).toEqual(before);
        expect(await findPublished(archive, { year: 2021, agencyId: 'jianghai-nrp', source: reordered })).toEqual(
          first.record,
        );
      });

      it('keeps a corrected report beside the old one; lists every version newest first, the newest current', async () => {
        const archive = await open();
        const clock = (iso: string) => ({ archive, clock: clockAt(iso) });
        const v1 = await storePublication(clock('2022-01-26T08:00:00Z'), publication());
        const corrected = { ...(publication().source as object), total: 43 };
        const v2 = await storePublication(clock('2022-03-01T08:00:00Z'), publication({ source: corrected }));
        const other = await storePublication(
          clock('2022-01-20T08:00:00Z'),
          publication({ agencyId: 'suqian-cdpf', source: { agency: 'suqian-cdpf' } }),
        );
        const older = await storePublication(
          clock('2021-01-20T08:00:00Z'),
          publication({ year: 2020, formatVersion: '2019', source: { year: 2020 } }),
        );
        expect(v2.created).toBe(true);
        expect(v2.record.keys.record).not.toBe(v1.record.keys.record);

        const mine = await listVersions(archive, { year: 2021, agencyId: 'jianghai-nrp' });
        expect(mine).toEqual([
          { record: v2.record, current: true },
          { record: v1.record, current: false },
        ]);
        expect(await listVersions(archive, { year: 2021 })).toEqual([
          { record: v2.record, current: true },
          { record: v1.record, current: false },
          { record: other.record, current: true },
        ]);
        expect((await listVersions(archive)).map((entry) => entry.record)).toEqual([
          older.record,
          v2.record,
          v1.record,
          other.record,
        ]);
      });

      it('two publishes of the same report at once store one copy, and both get the stored record', async () => {
        const archive = await open();
        const [a, b] = await Promise.all([
          storePublication({ archive, clock: clockAt('2022-01-26T08:00:00.001Z') }, publication()),
          storePublication({ archive, clock: clockAt('2022-01-26T08:00:00.002Z') }, publication()),
        ]);
        expect(a.record).toEqual(b.record);
        expect([a.created, b.created].sort()).toEqual([false, true]);
        expect(await allKeys(archive)).toHaveLength(3);
        const [only] = await listVersions(archive);
        expect(only?.record).toEqual(a.record);
      });

      it.each([1, 2, 3, 4, 5])('a failure on write %i (PDF, source, the two journal lines, record) leaves nothing visible, and a retry completes', async (n) => {
        const archive = await open();
        const ports = { archive: failingOnPut(archive, n), clock: clockAt('2022-01-26T08:00:00Z') };
        await expect(storePublication(ports, publication())).rejects.toThrow(ArchiveUnavailable);
        expect(await listVersions(archive)).toEqual([]);
        expect(await findPublished(archive, publication())).toBeNull();

        const retry = await storePublication({ archive, clock: clockAt('2022-01-27T08:00:00Z') }, publication());
        expect(retry.created).toBe(true);
        expect(await listVersions(archive)).toEqual([{ record: retry.record, current: true }]);
        expect(await allKeys(archive)).toEqual(Object.values(retry.record.keys).sort());
        expect(await catalogued(archive)).toEqual([retry.record]);
      });

      it('rejects hostile agency ids and years before writing anything', async () => {
        const archive = await open();
        const clock = clockAt('2022-01-26T08:00:00Z');
        for (const agencyId of ['..', 'a/b', '%2e%2e', 'a\0b', 'a'.repeat(300), 'ａｂ', 'caf\u00e9', 'x\u202e']) {
          await expect(storePublication({ archive, clock }, publication({ agencyId }))).rejects.toThrow(InvalidArchiveKey);
        }
        for (const year of [1999, 2021.5, Number.NaN, -2021]) {
          await expect(storePublication({ archive, clock }, publication({ year }))).rejects.toThrow(InvalidArchiveKey);
        }
        expect(await allKeys(archive)).toEqual([]);
      });
    });

    describe('rewritable documents (the catalog only)', () => {
      const key = 'catalog/index/2021.json';

      it('creates, replaces by version, and refuses a stale or duplicate writer', async () => {
        const archive = await open();
        expect(await archive.readDocument(key)).toBeNull();
        const created = await archive.replaceDocument(key, bytes('one'), null);
        expect(created).toEqual(expect.any(String));
        expect(await archive.replaceDocument(key, bytes('again'), null)).toBeNull();
        const first = await archive.readDocument(key);
        expect(first).toEqual({ body: bytes('one'), version: created });
        const replaced = await archive.replaceDocument(key, bytes('two'), first!.version);
        expect(await archive.replaceDocument(key, bytes('stale'), first!.version)).toBeNull();
        const second = await archive.readDocument(key);
        expect(second).toEqual({ body: bytes('two'), version: replaced });
        expect(second?.version).not.toBe(first?.version);
      });

      it('answers the known document itself while it is unchanged, and the newer one once another writer replaced it', async () => {
        const archive = await open();
        await archive.replaceDocument(key, bytes('one'), null);
        const first = (await archive.readDocument(key))!;
        expect(await archive.readDocument(key, first)).toBe(first);
        const replaced = await archive.replaceDocument(key, bytes('two'), first.version);
        expect(await archive.readDocument(key, first)).toEqual({ body: bytes('two'), version: replaced });
      });

      it('lets exactly one of racing writers of the same version win', async () => {
        const archive = await open();
        await archive.replaceDocument(key, bytes('base'), null);
        const base = await archive.readDocument(key);
        const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((word) => archive.replaceDocument(key, bytes(word), base!.version)));
        expect(results.filter((version) => version !== null)).toHaveLength(1);
        const winner = ['a', 'b', 'c', 'd', 'e', 'f'][results.findIndex((version) => version !== null)];
        expect(text((await archive.readDocument(key))?.body ?? null)).toBe(winner);
      });

      it('rewrites nothing outside catalog/: records stay write-once', async () => {
        const archive = await open();
        await expect(archive.replaceDocument('2021/a/x.record.json', bytes('x'), null)).rejects.toThrow(InvalidArchiveKey);
        await expect(archive.readDocument('2021/a/x.record.json')).rejects.toThrow(InvalidArchiveKey);
        await expect(archive.replaceDocument('catalog/../2021/x', bytes('x'), null)).rejects.toThrow(InvalidArchiveKey);
        expect(await allKeys(archive)).toEqual([]);
      });
    });

    describe('catalog', () => {
      it('lists every publish of 16 concurrent ones: no entry is lost', async () => {
        const archive = await open();
        const agencies = Array.from({ length: 16 }, (_, i) => `agency-${String(i).padStart(2, '0')}`);
        const published = await Promise.all(
          agencies.map((agencyId, i) => storePublication({ archive, clock: clockAt(`2022-01-26T08:00:${String(i).padStart(2, '0')}Z`) }, publication({ agencyId, source: { agencyId } }))),
        );
        expect(await catalogued(archive)).toEqual(published.map(({ record }) => record));
        expect(await directoryListing(archive)).toEqual(published.map(({ record }) => `${record.agency.id} 2021:${record.createdAt}`));
      });

      it('keeps every agency of 16 concurrent publishes over 2 years in the directory, each year with its newest version', async () => {
        const archive = await open();
        const clock = (n: number) => clockAt(`2022-01-26T08:00:${String(n).padStart(2, '0')}Z`);
        // 4 agencies × 2 years × 2 versions, all at once: the same agency's years and versions race each other too.
        const jobs = Array.from({ length: 16 }, (_, n) => ({ agencyId: `agency-${n % 4}`, year: 2019 + ((n >> 2) % 2), revision: n >> 3, n }));
        await Promise.all(jobs.map(({ agencyId, year, revision, n }) => storePublication({ archive, clock: clock(n) }, publication({ agencyId, year, agencyName: `第${n % 4}号`, source: { agencyId, year, revision } }))));
        const newest = (k: number, year: number) => clock(k + 4 * (year - 2019) + 8).now().toISOString();
        const expected = [0, 1, 2, 3].map((k) => `agency-${k} 2020:${newest(k, 2020)} 2019:${newest(k, 2019)}`);
        expect(await directoryListing(archive)).toEqual(expected);
        expect(await directoryListing(archive, '第2号')).toEqual([expected[2]]);
      });

      it('repairs a publish whose catalog update was lost, from the journal', async () => {
        const archive = await open();
        // Now, not a date long past: the repair pass must not take the lost publish for an abandoned one.
        const clock = { now: () => new Date() };
        const kept = await storePublication({ archive, clock }, publication({ agencyId: 'kept', source: { kept: true } }));
        const lost = storePublication({ archive: losingCatalogUpdates(archive), clock }, publication());
        await expect(lost).rejects.toThrow(/died before updating the catalog/);
        const record = await findPublished(archive, publication());
        expect(record).not.toBeNull();
        // The first reader finds the journal line past the index's mark, repairs, and writes it back.
        expect(await catalogued(archive)).toEqual([record, kept.record]);
        expect(linesOf(await readIndex(archive, 2021)).map(idOf)).toEqual(['jianghai-nrp', 'kept']);
        expect(text((await archive.readDocument('catalog/index/2021.json'))?.body ?? null)).toContain('\njianghai-nrp\t');
        expect(await directoryListing(archive)).toEqual([`jianghai-nrp 2021:${record!.createdAt}`, `kept 2021:${kept.record.createdAt}`]);
      });

      it('repairs from a journal that holds flat lines from before its buckets beside bucketed ones, and moves the mark by time', async () => {
        const archive = await open();
        const clock = { now: () => new Date() };
        const older = writingFlatJournal(archive);
        // An older release publishes one report fully and loses the catalog update of a second; then this release loses one too.
        const kept = await storePublication({ archive: older, clock }, publication({ agencyId: 'kept', source: { kept: true } }));
        await expect(storePublication({ archive: losingCatalogUpdates(older), clock }, publication({ agencyId: 'flat', source: { flat: true } }))).rejects.toThrow(/died before/);
        const flatMark = decodeIndex((await archive.readDocument('catalog/index/2021.json'))!.body, 2021, 'k').journalMark!;
        expect(flatMark).toBe(flatJournalKey(flatMark));
        await new Promise((resolve) => setTimeout(resolve, 5)); // the later publish's line is later by its time
        await expect(storePublication({ archive: losingCatalogUpdates(archive), clock }, publication({ agencyId: 'bucketed', source: { bucketed: true } }))).rejects.toThrow(/died before/);
        const journal: string[] = [];
        for await (const page of listAll(archive, 'catalog/journal/2021/')) journal.push(...page);
        expect(journal.filter((key) => key === flatJournalKey(key))).toHaveLength(2);
        const bucketed = journal.find((key) => key !== flatJournalKey(key))!;
        expect(bucketed).toMatch(/^catalog\/journal\/2021\/\d{5}\/\d{13}-[0-9a-f]{32}-bucketed$/);

        const records = await Promise.all(['bucketed', 'flat'].map((agencyId) => findPublished(archive, publication({ agencyId, source: { [agencyId]: true } }))));
        expect(await catalogued(archive)).toEqual([...records, kept.record]);
        expect(await directoryListing(archive)).toEqual([records[0]!, records[1]!, kept.record].map((record) => `${record!.agency.id} 2021:${record!.createdAt}`));
        // The mark is the latest line by time, the bucketed one, though a flat line of its bucket sorts after it.
        const index = await readIndex(archive, 2021);
        expect(index.journalMark).toBe(bucketed);
        expect(journalLineName((await readDirectory(archive)).journalMark!)).toBe(journalLineName(bucketed).replace('-', '-2021-'));
        // The next publish reads on from there and loses nothing.
        const next = await storePublication({ archive, clock }, publication({ agencyId: 'next', source: { next: true } }));
        expect(linesOf(await readIndex(archive, 2021)).map(idOf)).toEqual(['bucketed', 'flat', 'kept', 'next']);
        expect((await catalogued(archive))[3]).toEqual(next.record);
      });

      it('repairs a publish that died after its year index and before the directory, at the next read', async () => {
        const archive = await open();
        const clock = { now: () => new Date() };
        const kept = await storePublication({ archive, clock }, publication({ agencyId: 'kept', source: { kept: true } }));
        const lost = storePublication({ archive: losingCatalogUpdates(archive, 'catalog/agencies.json'), clock }, publication({ year: 2020, source: { year: 2020 } }));
        await expect(lost).rejects.toThrow(/died before updating the catalog/);
        const record = (await findPublished(archive, publication({ year: 2020, source: { year: 2020 } })))!;
        expect(text((await archive.readDocument('catalog/agencies.json'))?.body ?? null)).not.toContain('jianghai-nrp');
        expect(await directoryListing(archive)).toEqual([`jianghai-nrp 2020:${record.createdAt}`, `kept 2021:${kept.record.createdAt}`]);
        // The reader wrote the repair back.
        expect(text((await archive.readDocument('catalog/agencies.json'))?.body ?? null)).toContain('\njianghai-nrp\t');
      });

      it('builds the directory from the year indexes where there is none yet (an archive catalogued before it)', async () => {
        const archive = await open();
        const first = await storePublication({ archive: losingCatalogUpdates(archive, 'catalog/agencies.json'), clock: clockAt('2022-01-26T08:00:00Z') }, publication()).catch(() => null);
        expect(first).toBeNull();
        expect(await archive.readDocument('catalog/agencies.json')).toBeNull();
        const other = await storePublication({ archive, clock: clockAt('2021-01-26T08:00:00Z') }, publication({ year: 2020, agencyId: 'other', source: { other: true } }));
        const [record] = await listVersions(archive, { year: 2021 });
        expect(await directoryListing(archive)).toEqual([`jianghai-nrp 2021:${record!.record.createdAt}`, `other 2020:${other.record.createdAt}`]);
      });

      it('reads and updates past what it kept decoded once another process rewrote the catalog', async () => {
        const archive = await open();
        const otherProcess: Archive = { ...archive }; // the same storage, nothing kept
        const clock = { now: () => new Date() };
        const { record } = await storePublication({ archive, clock }, publication({ agencyId: 'a', source: { a: true } }));
        expect(linesOf(await readIndex(archive, 2021)).map(idOf)).toEqual(['a']);
        // The other process's publish: the next one here must build on it, not on the index it kept.
        await storePublication({ archive: otherProcess, clock }, publication({ agencyId: 'b', source: { b: true } }));
        await storePublication({ archive, clock }, publication({ agencyId: 'c', source: { c: true } }));
        expect(linesOf(await readIndex(otherProcess, 2021)).map(idOf)).toEqual(['a', 'b', 'c']);
        // A rewrite no journal line explains (as a reindex might make): the reader here must see it.
        const key = 'catalog/index/2021.json';
        const stored = (await otherProcess.readDocument(key))!;
        const index = decodeIndex(stored.body, 2021, key);
        addRecord(index, { ...record, agency: { ...record.agency, id: 'd' } });
        await otherProcess.replaceDocument(key, encodeIndex(index), stored.version);
        expect(linesOf(await readIndex(archive, 2021)).map(idOf)).toEqual(['a', 'b', 'c', 'd']);
      });

      it('the next publish repairs a lost update too, and a corrected report becomes the current version', async () => {
        const archive = await open();
        const lost = await storePublication({ archive: losingCatalogUpdates(archive), clock: clockAt('2022-01-26T08:00:00Z') }, publication()).catch(() => null);
        expect(lost).toBeNull();
        const corrected = await storePublication({ archive, clock: clockAt('2022-03-01T08:00:00Z') }, publication({ source: { corrected: true } }));
        const entries = entriesOf(decodeIndex((await archive.readDocument('catalog/index/2021.json'))!.body, 2021, 'catalog/index/2021.json'));
        expect(entries).toHaveLength(1);
        expect(entries[0]!.versions.map((version) => version.createdAt)).toEqual(['2022-03-01T08:00:00.000Z', '2022-01-26T08:00:00.000Z']);
        expect((await catalogued(archive))[0]).toEqual(corrected.record);
      });
    });

    describe('drafts', () => {
      it('of 8 stores at once from the same draft (If-Match), exactly one is stored; the others are refused and change nothing', async () => {
        const archive = await open();
        const clock = { now: () => new Date() };
        const base = await storeDraft(generateReport(0), { archive, clock });
        const edits = Array.from({ length: 8 }, (_, i) => ({ ...generateReport(0), publishedOn: `2022-01-${String(10 + i)}` }));
        const outcomes = await Promise.allSettled(edits.map((edit) => storeDraft(edit, { archive, clock }, undefined, { basedOn: base.sourceSha256 })));
        const stored = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
        const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(stored).toHaveLength(1);
        expect(refused).toHaveLength(7);
        expect(refused.every((reason) => reason instanceof DraftConflict && reason.current?.key === stored[0]!.key)).toBe(true);
        // The winner is current, its own words intact; the next store from the old draft is refused too.
        const current = await currentDraft(archive, GENERATED_YEAR, base.agencyId);
        expect(current?.key).toBe(stored[0]!.key);
        expect((await readDraft(archive, current!.key)) as { publishedOn: string }).toMatchObject({ publishedOn: edits[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')]!.publishedOn });
        await expect(storeDraft(generateReport(0), { archive, clock }, undefined, { basedOn: base.sourceSha256 })).rejects.toThrow(DraftConflict);
        // Of two first stores (If-None-Match: *), one.
        const firsts = await Promise.allSettled([1, 2].map((n) => storeDraft(generateReport(n), { archive, clock }, undefined, { basedOn: null })));
        expect(firsts.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
        const rivals = await Promise.allSettled(['2022-02-01', '2022-02-02'].map((publishedOn) => storeDraft({ ...generateReport(3), publishedOn }, { archive, clock }, undefined, { basedOn: null })));
        expect(rivals.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      });
    });

    additionalTests?.();
  });
}
