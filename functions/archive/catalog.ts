/**
 * The catalog: what lets listing, search and paging cost in proportion to the page rather than to
 * the archive (issue 19). The records stay the source of truth; the catalog is derived from them:
 *
 * - one index document per year (`catalog/index/{year}.json`, catalog-index.ts), rewritten by
 *   compare-and-swap (archive.ts `replaceDocument`: If-Match on S3, onlyIf on R2, generation
 *   files in the folder) and retried when another writer won, so concurrent publishes lose nothing;
 * - the agency directory (`catalog/agencies.json`, catalog-directory.ts): every agency across the
 *   years with each year's current version, for searches over every year; updated the same way,
 *   next to the year's index, and repaired from the all-years journal (`catalog/journal/all/`);
 * - each agency's kept history (`catalog/agency/{agency}.json`, agency-history.ts), written by
 *   readers only and checked against the directory at every read, so neither publish, reindex nor
 *   verify touches it;
 * - a journal: before its record, each publish writes a write-once line
 *   `catalog/journal/{year}/{bucket}/{ms}-{sourceSha}-{agency}` (keys.ts) naming the record. A publish that dies after its
 *   record and before its index update leaves the line, and the repair pass finds it: every index
 *   update and any reader that sees lines beyond the index's `journalMark` adds their records.
 *   The pass looks back SKEW_MS before the mark, for publishers whose clocks run behind, and does
 *   not move the mark past a line whose record is not there yet (its publisher may still be
 *   writing it) until ABANDONED_MS have passed.
 *
 * `reindex` rebuilds every index and the directory from the records; `catalogDrift` says where an index and the
 * records disagree (`nianbao archive verify`).
 */
import { listAll, readObject, untilWritten, updateDocument, type Archive, type ListPage, type VersionedDocument } from './archive';
import { addCurrent, buildDirectory, decodeDirectory, directoryEntryOf, emptyDirectory, encodeDirectory, holdsCurrent, type AgencyDirectory } from './catalog-directory';
import { addRecord, buildIndex, decodeIndex, emptyIndex, encodeIndex, entriesOf, holdsVersion, linesOf, recordOf, type AgencyLines, type CatalogIndex } from './catalog-index';
import { canonicalJson } from './canonical-json';
import { encodeCursor } from './cursor';
import { ArchiveCorrupt, ArchiveUnavailable } from './errors';
import {
  AGENCY_DIRECTORY_KEY, ALL_YEARS_JOURNAL_PREFIX, allYearsJournalKey, CATALOG_INDEX_PREFIX, catalogIndexKey, isSafeKey, journalKey, journalLineName, journalPrefix, journalStartAfter,
  journalTime, parseAllYearsJournalKey, parseJournalKey,
} from './keys';
import { readRecord, type PublicationRecord } from './record';
import type { VersionEntry, VersionFilter } from './versions';

/** How far behind the mark the repair pass looks again: publishers' clocks may differ by this much. */
const SKEW_MS = 2 * 60_000;
/** A journal line older than this whose record never appeared belongs to a publish that failed. */
const ABANDONED_MS = 60 * 60_000;
/** What the journal keeps: a year index or the agency directory, both agency lines with a mark. */
type Document = AgencyLines & { journalMark: string | null };

/**
 * A catalog document kept whole by the journal: a year's index (its year's journal) or the agency
 * directory (the all-years journal). Both are read, repaired and updated the same way.
 */
interface Journaled<D extends Document> {
  key: string;
  /** The journal's prefix (keys.ts `journalStartAfter`). */
  journal: string;
  /** The document from its stored bytes, or the one to start from when there are none. */
  decode(body: Uint8Array | null): Promise<D>;
  encode(document: D): Uint8Array;
  /** A journal line whose publish the document lacks; false for a key that is not a journal line at all. */
  missing(document: D, key: string): boolean;
  /** Adds a record in place; false when the document held it already. */
  add(document: D, record: PublicationRecord): boolean;
}

function yearIndex(year: number): Journaled<CatalogIndex> {
  const key = catalogIndexKey(year);
  return {
    key,
    journal: journalPrefix(year),
    decode: (body) => Promise.resolve(body ? decodeIndex(body, year, key) : emptyIndex(year)),
    encode: encodeIndex,
    missing: (index, line) => {
      const parsed = parseJournalKey(line, year);
      return parsed !== null && !holdsVersion(index, parsed.agencyId, parsed.sourceSha256Start);
    },
    add: addRecord,
  };
}

/**
 * The agency directory. An archive catalogued before the directory existed has none: the first
 * reader or publisher builds it from the year indexes (one read of each, once), and the all-years
 * journal, which is as new as the directory, brings in whatever those did not hold yet.
 */
function agencyDirectory(archive: Archive): Journaled<AgencyDirectory> {
  return {
    key: AGENCY_DIRECTORY_KEY,
    journal: ALL_YEARS_JOURNAL_PREFIX,
    decode: async (body) => (body ? decodeDirectory(body, AGENCY_DIRECTORY_KEY) : buildDirectory(await currentOfEveryYear(archive))),
    encode: encodeDirectory,
    missing: (directory, line) => {
      const parsed = parseAllYearsJournalKey(line);
      return parsed !== null && !holdsCurrent(directory, parsed.agencyId, parsed.year, parsed.at, parsed.sourceSha256Start);
    },
    add: addCurrent,
  };
}

/** The current version of every agency in every year's index. */
async function currentOfEveryYear(archive: Archive): Promise<PublicationRecord[]> {
  const years = await catalogYears(archive);
  const indexes = await Promise.all(years.map((year) => readIndex(archive, year)));
  return indexes.flatMap((index) => entriesOf(index).map((entry) => recordOf(index.year, entry.id, entry.versions[0]!)));
}

/** A document as stored (null: none yet) and as decoded from it. */
interface Decoded<D extends Document> {
  stored: VersionedDocument | null;
  document: D;
}

/**
 * The catalog documents this process last read or wrote, decoded, by archive and key: a publish or
 * a page that finds its document unchanged since (the archive answers `known`, archive.ts
 * `readDocument`) neither reads its 2 MB again nor decodes them. Another writer's document has
 * another version, so it is read. Each is handed out as a copy, and changes replace a document's
 * fields (catalog-index.ts `spliceLine`) rather than alter them, so what is kept stays as stored.
 */
const lastDecoded = new WeakMap<Archive, Map<string, Decoded<Document> & { stored: VersionedDocument }>>();

function decodedOf(archive: Archive): Map<string, Decoded<Document> & { stored: VersionedDocument }> {
  let kept = lastDecoded.get(archive);
  if (!kept) lastDecoded.set(archive, (kept = new Map()));
  return kept;
}

/** The newest document, decoded; from `lastDecoded` when it is still that version. */
async function readDecoded<D extends Document>(archive: Archive, kind: Journaled<D>): Promise<Decoded<D>> {
  const kept = decodedOf(archive).get(kind.key) as (Decoded<D> & { stored: VersionedDocument }) | undefined;
  const stored = await archive.readDocument(kind.key, kept?.stored);
  if (stored && kept && stored.version === kept.stored.version) return { stored, document: { ...kept.document } };
  const document = await kind.decode(stored?.body ?? null);
  if (stored) decodedOf(archive).set(kind.key, { stored, document: { ...document } });
  return { stored, document };
}

/** Writes `document` by compare-and-swap over version `expected` and keeps it decoded; false when another writer won. */
async function write<D extends Document>(archive: Archive, kind: Journaled<D>, document: D, expected: string | null): Promise<boolean> {
  const body = kind.encode(document);
  const version = await archive.replaceDocument(kind.key, body, expected, { repairable: true });
  if (version === null) return false;
  decodedOf(archive).set(kind.key, { stored: { body, version }, document: { ...document } });
  return true;
}

/**
 * Applies `change` to the newest document and writes it back unless another writer got there
 * first; then reads again and reapplies (archive.ts `untilWritten`). `change` answers false when
 * it changed nothing (no write).
 */
async function update<D extends Document>(archive: Archive, kind: Journaled<D>, change: (document: D) => Promise<boolean>): Promise<void> {
  await untilWritten(kind.key, async () => {
    const { stored, document } = await readDecoded(archive, kind);
    return !(await change(document)) || write(archive, kind, document, stored?.version ?? null);
  });
}

/** Whether journal key `a` was written after `b`: by their line names, which flat and bucketed keys share (keys.ts). */
const laterLine = (a: string, b: string | null) => b === null || journalLineName(a) > journalLineName(b);

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

/**
 * The repair pass: adds journaled publishes the document is missing, moves the mark; true when it
 * changed anything. `first`: the journal's first page from `lookBackFrom`, when already listed.
 * The mark moves to the latest line before the first one whose record may still come; by time,
 * since a journal with flat lines from before the buckets is listed not quite in time order (keys.ts).
 */
async function repairFromJournal<D extends Document>(archive: Archive, kind: Journaled<D>, document: D, now: number, first?: ListPage): Promise<boolean> {
  let firstPending: string | null = null;
  let changed = false;
  const listed: string[] = [];
  for await (const keys of journalPages(archive, kind, document, first)) {
    for (const key of keys) {
      listed.push(key);
      if (!kind.missing(document, key)) continue;
      const record = await journaledRecord(archive, key);
      if (record) {
        changed = kind.add(document, record) || changed;
      } else if (now - journalTime(key) < ABANDONED_MS && (firstPending === null || laterLine(firstPending, key))) {
        firstPending = key;
      }
    }
  }
  const mark = listed.reduce((latest, key) => ((firstPending === null || laterLine(firstPending, key)) && laterLine(key, latest) ? key : latest), document.journalMark);
  if (mark === document.journalMark) return changed;
  document.journalMark = mark;
  return true;
}

/**
 * Written by the publisher before its record: the promise that the repair pass will find it. One
 * line in its year's journal (for the year's index) and one in the all-years journal (for the
 * agency directory), written at once.
 */
export async function writeJournal(archive: Archive, record: PublicationRecord): Promise<void> {
  const at = new Date(record.createdAt);
  const line = new TextEncoder().encode(`${JSON.stringify({ record: record.keys.record })}\n`);
  await Promise.all([
    archive.putIfAbsent(journalKey(record.year, at, record.agency.id, record.sourceSha256), line),
    archive.putIfAbsent(allYearsJournalKey(record.year, at, record.agency.id, record.sourceSha256), line),
  ]);
}

/** Adds a just-committed record to its year's index and to the directory (and anything the journal says is missing). */
export async function catalogRecord(archive: Archive, record: PublicationRecord, now = Date.now()): Promise<void> {
  const addTo = <D extends Document>(kind: Journaled<D>) =>
    update(archive, kind, async (document) => {
      const repaired = await repairFromJournal(archive, kind, document, now);
      return kind.add(document, record) || repaired;
    });
  await Promise.all([addTo(yearIndex(record.year)), addTo(agencyDirectory(archive))]);
}

/** The journal's keys from `lookBackFrom` on, page after page, starting with `first` when given. */
async function* journalPages<D extends Document>(archive: Archive, kind: Journaled<D>, document: D, first?: ListPage): AsyncGenerator<string[]> {
  if (!first) return yield* listAll(archive, kind.journal, encodeCursorOrNot(lookBackFrom(kind, document)));
  yield first.keys;
  if (first.cursor !== undefined) yield* listAll(archive, kind.journal, first.cursor);
}

/** Where the repair pass starts reading the journal: SKEW_MS before the mark. */
function lookBackFrom<D extends Document>(kind: Journaled<D>, document: D): string | null {
  if (document.journalMark === null) return null;
  return journalStartAfter(kind.journal, journalTime(document.journalMark) - SKEW_MS);
}

/**
 * A document for reading. One listing of the journal's last minutes (one request, the few keys
 * since just before the mark) says whether a publish is missing; only then the repair pass runs,
 * and its result is written back unless another writer wrote first. A reader that may not write
 * still sees the repaired document. While a publish is between its journal line and its record
 * (or died there, for up to ABANDONED_MS) readers look for that record again: two more requests.
 */
async function readJournaled<D extends Document>(archive: Archive, kind: Journaled<D>, now: number): Promise<D> {
  const { stored, document } = await readDecoded(archive, kind);
  const recent = await archive.list(kind.journal, { cursor: encodeCursorOrNot(lookBackFrom(kind, document)) });
  // Behind the mark, a line the pass left out long ago is an abandoned publish: no reason to look again.
  const unresolved = (key: string) => kind.missing(document, key) && (laterLine(key, document.journalMark) || now - journalTime(key) < ABANDONED_MS);
  // A directory built from the year indexes just now (there was none) is worth keeping too.
  const built = !stored && document.starts.length > 0;
  if (!built && recent.cursor === undefined && !recent.keys.some(unresolved)) return document;
  if (!(await repairFromJournal(archive, kind, document, now, recent)) && !built) return document;
  await write(archive, kind, document, stored?.version ?? null).catch((error: unknown) => {
    if (!(error instanceof ArchiveUnavailable)) throw error;
  });
  return document;
}

/** A year's index for reading (`readJournaled`). */
export function readIndex(archive: Archive, year: number, now = Date.now()): Promise<CatalogIndex> {
  return readJournaled(archive, yearIndex(year), now);
}

/** The agency directory for reading (`readJournaled`); built from the year indexes the first time. */
export function readDirectory(archive: Archive, now = Date.now()): Promise<AgencyDirectory> {
  return readJournaled(archive, agencyDirectory(archive), now);
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
 * Rebuilds every year's index and the agency directory from `versions` (every record, read by the
 * caller) and drops the entries of years that have no record. Publishes racing with the rebuild
 * are put back by the repair pass from the journals, which restarts SKEW_MS before the rebuild began.
 */
export async function reindex(archive: Archive, versions: VersionEntry[], startedAt: number): Promise<{ years: number; versions: number }> {
  const byYear = groupByYear(versions);
  const years = new Set([...byYear.keys(), ...(await catalogYears(archive))]);
  const rebuild = async <D extends Document>(kind: Journaled<D>, rebuilt: D) => {
    rebuilt.journalMark = journalStartAfter(kind.journal, startedAt);
    await repairFromJournal(archive, kind, rebuilt, startedAt);
    await updateDocument(archive, kind.key, () => Promise.resolve(kind.encode(rebuilt)));
  };
  for (const year of years) await rebuild(yearIndex(year), buildIndex(year, byYear.get(year) ?? []));
  await rebuild(agencyDirectory(archive), buildDirectory(versions.map(({ record }) => record)));
  return { years: years.size, versions: versions.length };
}

export interface Drift {
  key: string;
  problem: string;
}

/**
 * Where the indexes of the given years disagree with `versions` (every record of those years):
 * a record the catalog lacks, a catalog version that differs from its record, or one with no
 * record; then where the agency directory does (`directoryDrift`).
 */
export async function catalogDrift(archive: Archive, versions: VersionEntry[], filter: VersionFilter): Promise<Drift[]> {
  const { agencyId } = filter;
  const stored = await archive.readDocument(AGENCY_DIRECTORY_KEY);
  const directory = stored ? decodeDirectory(stored.body, AGENCY_DIRECTORY_KEY) : emptyDirectory();
  // The filter's year, or every year the records, the indexes or the directory know.
  const years = filter.year !== undefined ? [filter.year] : [...new Set([...versions.map(({ record }) => record.year), ...(await catalogYears(archive)), ...directory.years])];
  const byYear = groupByYear(versions);
  const drift: Drift[] = [];
  for (const year of years) {
    const document = await archive.readDocument(catalogIndexKey(year));
    const index = document ? decodeIndex(document.body, year, catalogIndexKey(year)) : emptyIndex(year);
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
  return [...drift, ...directoryDrift(directory, versions, years, agencyId)];
}

/**
 * Where the agency directory disagrees with the current versions among `versions` in the given
 * years: a year whose current version it does not hold, an agency it names otherwise than its
 * newest year's current version does, or a year it lists where the agency has no record.
 */
function directoryDrift(directory: AgencyDirectory, versions: VersionEntry[], years: number[], agencyId?: string): Drift[] {
  const listed = new Map(linesOf(directory).map((line) => directoryEntryOf(line)).map((entry) => [entry.id, entry]));
  const expected = buildDirectory(versions.filter(({ current }) => current).map(({ record }) => record));
  const currents = new Map(versions.filter(({ current }) => current).map(({ record }) => [`${record.year}/${record.agency.id}`, record]));
  const drift: Drift[] = [];
  for (const wanted of linesOf(expected).map((line) => directoryEntryOf(line))) {
    const entry = listed.get(wanted.id);
    for (const { year } of wanted.years) {
      const record = currents.get(`${year}/${wanted.id}`)!;
      const held = entry?.years.find((known) => known.year === year);
      if (!held || Date.parse(held.createdAt) !== Date.parse(record.createdAt) || !record.sourceSha256.startsWith(held.sourceSha256Start)) {
        drift.push({ key: record.keys.record, problem: 'not its year’s current version in the agency directory' });
      }
    }
    const newest = wanted.years[0]!.year;
    if (entry && entry.years[0]?.year === newest && (entry.name !== wanted.name || entry.region !== wanted.region)) {
      drift.push({ key: currents.get(`${newest}/${wanted.id}`)!.keys.record, problem: 'named otherwise in the agency directory' });
    }
  }
  for (const entry of listed.values()) {
    if (agencyId !== undefined && entry.id !== agencyId) continue;
    for (const { year } of entry.years) {
      if (years.includes(year) && !currents.has(`${year}/${entry.id}`)) drift.push({ key: `${year}/${entry.id}/`, problem: 'in the agency directory, but the agency has no record that year' });
    }
  }
  return drift;
}
