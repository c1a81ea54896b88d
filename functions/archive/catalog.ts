/**
 * The catalog: what lets listing, search and paging cost in proportion to the page rather than to
 * the archive (issue 19). The records stay the source of truth; the catalog is derived from them:
 *
 * - one index document per year (`catalog/index/{year}.json`, catalog-index.ts), rewritten by
 *   compare-and-swap (archive.ts `replaceDocument`: If-Match on S3, onlyIf on R2, generation
 *   files in the folder) and retried when another writer won, so concurrent publishes lose nothing;
 * - a journal: before its record, each publish writes a write-once line
 *   `catalog/journal/{year}/{ms}-{sourceSha}-{agency}` (keys.ts) naming the record. A publish that dies after its
 *   record and before its index update leaves the line, and the repair pass finds it: every index
 *   update and any reader that sees lines beyond the index's `journalMark` adds their records.
 *   The pass looks back SKEW_MS before the mark, for publishers whose clocks run behind, and does
 *   not move the mark past a line whose record is not there yet (its publisher may still be
 *   writing it) until ABANDONED_MS have passed.
 *
 * `reindex` rebuilds every index from the records; `catalogDrift` says where an index and the
 * records disagree (`nianbao archive verify`).
 */
import { listAll, readObject, updateDocument, type Archive } from './archive';
import { addRecord, buildIndex, decodeIndex, emptyIndex, encodeIndex, entriesOf, holdsVersion, recordOf, type CatalogIndex } from './catalog-index';
import { canonicalJson } from './canonical-json';
import { encodeCursor } from './cursor';
import { ArchiveCorrupt, ArchiveUnavailable } from './errors';
import { CATALOG_INDEX_PREFIX, catalogIndexKey, isSafeKey, journalKey, journalPrefix, parseJournalKey } from './keys';
import { readRecord, type PublicationRecord } from './record';
import type { VersionEntry } from './versions';

/** How far behind the mark the repair pass looks again: publishers' clocks may differ by this much. */
const SKEW_MS = 2 * 60_000;
/** A journal line older than this whose record never appeared belongs to a publish that failed. */
const ABANDONED_MS = 60 * 60_000;
interface LoadedIndex {
  index: CatalogIndex;
  /** The document's version for the next replacement; null when there is none yet. */
  version: string | null;
}

async function loadIndex(archive: Archive, year: number): Promise<LoadedIndex> {
  const key = catalogIndexKey(year);
  const document = await archive.readDocument(key);
  if (!document) return { index: emptyIndex(year), version: null };
  return { index: decodeIndex(document.body, year, key), version: document.version };
}

/**
 * Applies `change` to the newest index and writes it back unless another writer got there first;
 * then reads again and reapplies (archive.ts `updateDocument`). `change` answers false when it
 * changed nothing (no write).
 */
async function updateIndex(archive: Archive, year: number, change: (index: CatalogIndex) => Promise<boolean>): Promise<CatalogIndex> {
  const key = catalogIndexKey(year);
  let index = emptyIndex(year);
  await updateDocument(archive, key, async (body) => {
    index = body ? decodeIndex(body, year, key) : emptyIndex(year);
    return (await change(index)) ? encodeIndex(index) : null;
  });
  return index;
}

const journalTime = (key: string, year: number) => Number(key.slice(journalPrefix(year).length, journalPrefix(year).length + 13));

/** A journal line the index does not hold yet; false for a key that is not a journal line at all. */
function missingFrom(index: CatalogIndex, key: string): boolean {
  const line = parseJournalKey(key, index.year);
  return line !== null && !holdsVersion(index, line.agencyId, line.sourceSha256Start);
}

const encodeCursorOrNot = (after: string | null) => (after === null ? undefined : encodeCursor(after));

/** The record a journal line names; null when it is not (yet) there or cannot be read. */
async function journaledRecord(archive: Archive, key: string): Promise<PublicationRecord | null> {
  const body = await readObject(archive, key);
  let recordKey: unknown;
  try {
    recordKey = body ? (JSON.parse(new TextDecoder().decode(body)) as { record?: unknown }).record : undefined;
  } catch {
    return null;
  }
  if (!isSafeKey(recordKey)) return null;
  // A damaged record is `archive verify`'s to report; it must not hold the mark back forever.
  return readRecord(archive, recordKey).catch((error: unknown) => {
    if (error instanceof ArchiveCorrupt) return null;
    throw error;
  });
}

/** The repair pass: adds journaled publishes the index is missing, moves the mark; true when it changed anything. */
async function repairFromJournal(archive: Archive, index: CatalogIndex, now: number): Promise<boolean> {
  const { year } = index;
  const lookBack = lookBackFrom(index);
  let mark = index.journalMark;
  let blocked = false;
  let changed = false;
  for await (const keys of listAll(archive, journalPrefix(year), encodeCursorOrNot(lookBack))) {
    for (const key of keys) {
      if (missingFrom(index, key)) {
        const record = await journaledRecord(archive, key);
        if (record) {
          changed = addRecord(index, record) || changed;
        } else if (now - journalTime(key, year) < ABANDONED_MS) {
          blocked = true;
        }
      }
      if (!blocked && (mark === null || key > mark)) mark = key;
    }
  }
  if (mark === index.journalMark) return changed;
  index.journalMark = mark;
  return true;
}

/** Written by the publisher before its record: the promise that the repair pass will find it. */
export async function writeJournal(archive: Archive, record: PublicationRecord): Promise<void> {
  const key = journalKey(record.year, new Date(record.createdAt), record.agency.id, record.sourceSha256);
  await archive.putIfAbsent(key, new TextEncoder().encode(`${JSON.stringify({ record: record.keys.record })}\n`));
}

/** Adds a just-committed record to its year's index (and anything the journal says is missing). */
export async function catalogRecord(archive: Archive, record: PublicationRecord, now = Date.now()): Promise<void> {
  await updateIndex(archive, record.year, async (index) => {
    const repaired = await repairFromJournal(archive, index, now);
    return addRecord(index, record) || repaired;
  });
}

/** Where the repair pass starts reading the journal: SKEW_MS before the mark. */
function lookBackFrom(index: CatalogIndex): string | null {
  if (index.journalMark === null) return null;
  return `${journalPrefix(index.year)}${String(journalTime(index.journalMark, index.year) - SKEW_MS).padStart(13, '0')}`;
}

/**
 * A year's index for reading. One listing of the journal's last minutes (one request, the few
 * keys since just before the mark) says whether a publish is missing; only then the repair pass
 * runs, and its result is written back unless another writer wrote first. A reader that may not
 * write still sees the repaired index. While a publish is between its journal line and its record
 * (or died there, for up to ABANDONED_MS) readers look for that record again: two more requests.
 */
export async function readIndex(archive: Archive, year: number, now = Date.now()): Promise<CatalogIndex> {
  const { index, version } = await loadIndex(archive, year);
  const recent = await archive.list(journalPrefix(year), { cursor: encodeCursorOrNot(lookBackFrom(index)) });
  // Behind the mark, a line the pass left out long ago is an abandoned publish: no reason to look again.
  const beyondMark = (key: string) => index.journalMark === null || key > index.journalMark;
  const unresolved = (key: string) => missingFrom(index, key) && (beyondMark(key) || now - journalTime(key, year) < ABANDONED_MS);
  if (recent.cursor === undefined && !recent.keys.some(unresolved)) return index;
  if (await repairFromJournal(archive, index, now)) {
    await archive.replaceDocument(catalogIndexKey(year), encodeIndex(index), version).catch((error: unknown) => {
      if (!(error instanceof ArchiveUnavailable)) throw error;
    });
  }
  return index;
}

/** The years that have an index, ascending: one listing of a handful of keys. */
export async function catalogYears(archive: Archive): Promise<number[]> {
  const years = new Set<number>();
  for await (const keys of listAll(archive, CATALOG_INDEX_PREFIX)) {
    for (const key of keys) {
      const match = /^(\d{4})\.json$/.exec(key.split('/')[2] ?? '');
      if (match) years.add(Number(match[1]));
    }
  }
  return [...years].sort((a, b) => a - b);
}

function groupByYear(versions: VersionEntry[]): Map<number, PublicationRecord[]> {
  const byYear = new Map<number, PublicationRecord[]>();
  for (const { record } of versions) byYear.set(record.year, [...(byYear.get(record.year) ?? []), record]);
  return byYear;
}

/**
 * Rebuilds every year's index from `versions` (every record, read by the caller) and drops the
 * entries of years that have no record. Publishes racing with the rebuild are put back by the
 * repair pass from the journal, which restarts SKEW_MS before the rebuild began.
 */
export async function reindex(archive: Archive, versions: VersionEntry[], startedAt: number): Promise<{ years: number; versions: number }> {
  const byYear = groupByYear(versions);
  const years = new Set([...byYear.keys(), ...(await catalogYears(archive))]);
  for (const year of years) {
    await updateIndex(archive, year, async (index) => {
      const rebuilt = buildIndex(year, byYear.get(year) ?? []);
      rebuilt.journalMark = `${journalPrefix(year)}${String(startedAt).padStart(13, '0')}`;
      await repairFromJournal(archive, rebuilt, startedAt);
      Object.assign(index, rebuilt);
      return true;
    });
  }
  return { years: years.size, versions: versions.length };
}

export interface Drift {
  key: string;
  problem: string;
}

/**
 * Where the indexes of the given years disagree with `versions` (every record of those years):
 * a record the catalog lacks, a catalog version that differs from its record, or one with no record.
 */
export async function catalogDrift(archive: Archive, versions: VersionEntry[], years: number[], agencyId?: string): Promise<Drift[]> {
  const byYear = groupByYear(versions);
  const drift: Drift[] = [];
  for (const year of years) {
    const { index } = await loadIndex(archive, year);
    const cataloged = new Map<string, PublicationRecord>(
      entriesOf(index)
        .filter((entry) => agencyId === undefined || entry.id === agencyId)
        .flatMap((entry) => entry.versions.map((version) => recordOf(year, entry.id, version)))
        .map((record) => [record.keys.record, record]),
    );
    for (const record of byYear.get(year) ?? []) {
      const entry = cataloged.get(record.keys.record);
      cataloged.delete(record.keys.record);
      if (!entry) drift.push({ key: record.keys.record, problem: 'missing from the catalog' });
      else if (canonicalJson(entry) !== canonicalJson(record)) drift.push({ key: record.keys.record, problem: 'differs in the catalog from its record' });
    }
    for (const key of cataloged.keys()) drift.push({ key, problem: 'in the catalog, but there is no such record' });
  }
  return drift;
}
