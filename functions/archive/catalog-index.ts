/**
 * One year's catalog index (catalog.ts): every agency that published that year, sorted by id, each
 * with all its versions newest first. A version is its record without what the year, the agency id
 * and the hashes already say (the schema name and the keys), so the index holds every record of the
 * year losslessly: `recordOf` gives back the record exactly, which is what lets pages and the API
 * answer from the index alone and `archive verify` compare the two field by field. Pure: no I/O.
 *
 * Stored as lines, so that reading it costs the page and not the year: a JSON header line, then
 * one line per agency, `{id}\t{name as JSON}\t{region as JSON}\t{versions as JSON}` (JSON escapes
 * tabs and line breaks inside strings, so neither appears raw in a field). A page splits the
 * document into lines, finds its place by the id before the first tab, matches names and regions
 * on their own short fields, and parses and checks only the entries it shows; a publish rewrites
 * only its own agency's line. A year of 5,000 agencies is about 2 MB: parsing all of it as one
 * JSON document and checking it took 100–200 ms, splitting it takes a few.
 */
import { z } from 'zod';
import { ArchiveCorrupt } from './errors';
import { pdfKey, recordKey, sourceKey } from './keys';
import { publicationRecordSchema, RECORD_SCHEMA, type PublicationRecord } from './record';

export const CATALOG_SCHEMA = 'nianbao.catalog/1';

const versionSchema = publicationRecordSchema
  .omit({ schema: true, agency: true, year: true, keys: true })
  .extend({ name: z.string().min(1), region: z.string().min(1).optional() });

const versionsSchema = z.array(versionSchema).min(1);

const headerSchema = z.object({
  schema: z.literal(CATALOG_SCHEMA),
  year: z.number().int(),
  /** The last journal key (keys.ts `journalKey`) whose publish is in this index or was abandoned. */
  journalMark: z.string().nullable(),
});

export type CatalogVersion = z.infer<typeof versionSchema>;

export interface CatalogEntry {
  id: string;
  versions: CatalogVersion[];
}

export interface CatalogIndex extends z.infer<typeof headerSchema> {
  /** One line per agency, sorted by id. */
  lines: string[];
}

export function emptyIndex(year: number): CatalogIndex {
  return { schema: CATALOG_SCHEMA, year, journalMark: null, lines: [] };
}

export function encodeIndex({ lines, ...header }: CatalogIndex): Uint8Array {
  return new TextEncoder().encode([JSON.stringify(header), ...lines].join('\n'));
}

/** The header is checked here; each line when it is used (`entryOf`). */
export function decodeIndex(bytes: Uint8Array, year: number, key: string): CatalogIndex {
  const [first = '', ...lines] = new TextDecoder().decode(bytes).split('\n');
  let header;
  try {
    header = headerSchema.parse(JSON.parse(first));
  } catch {
    throw new ArchiveCorrupt(`catalog index ${key} has no valid header; run \`nianbao archive reindex\``);
  }
  if (header.year !== year) throw new ArchiveCorrupt(`catalog index ${key} is the index of ${header.year}; run \`nianbao archive reindex\``);
  return { ...header, lines };
}

export const idOf = (line: string) => line.slice(0, line.indexOf('\t'));

/**
 * A line's id, name and region fields as stored: the name and region still as JSON strings, which
 * a filter compares with its own JSON form, so that matching parses nothing.
 */
export function fieldsOf(line: string): { id: string; name: string; region: string } {
  const first = line.indexOf('\t');
  const second = line.indexOf('\t', first + 1);
  const third = line.indexOf('\t', second + 1);
  return { id: line.slice(0, first), name: line.slice(first + 1, second), region: line.slice(second + 1, third) };
}

/** A line's entry, checked: the index outlives the code that wrote it. */
export function entryOf(line: string, year: number): CatalogEntry {
  const id = idOf(line);
  const parsed = versionsSchema.safeParse(safeJson(line.split('\t', 4)[3] ?? ''));
  if (!id || !parsed.success) throw new ArchiveCorrupt(`catalog index of ${year} has a damaged line for ${JSON.stringify(id)}; run \`nianbao archive reindex\``);
  return { id, versions: parsed.data };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lineOf({ id, versions }: CatalogEntry): string {
  const current = versions[0]!;
  return [id, JSON.stringify(current.name), JSON.stringify(current.region ?? ''), JSON.stringify(versions)].join('\t');
}

function versionOf(record: PublicationRecord): CatalogVersion {
  const { schema: _schema, agency, year: _year, keys: _keys, ...rest } = record;
  return { ...rest, name: agency.name, ...(agency.region ? { region: agency.region } : {}) };
}

/** The record a version was made from, field for field. */
export function recordOf(year: number, agencyId: string, version: CatalogVersion): PublicationRecord {
  const { name, region, ...rest } = version;
  return {
    schema: RECORD_SCHEMA,
    ...rest,
    agency: { id: agencyId, name, ...(region ? { region } : {}) },
    year,
    keys: {
      pdf: pdfKey(year, agencyId, version.sha256),
      source: sourceKey(year, agencyId, version.sourceSha256),
      record: recordKey(year, agencyId, version.sourceSha256),
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first; ties in time fall back to the record key, as versions.ts orders them. */
function newestFirst(a: CatalogVersion, b: CatalogVersion): number {
  return compare(b.createdAt, a.createdAt) || compare(a.sourceSha256, b.sourceSha256);
}

/** Where `agencyId` is or would go in the sorted lines. */
export function entryPosition(index: CatalogIndex, agencyId: string): { at: number; found: boolean } {
  let low = 0;
  let high = index.lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (idOf(index.lines[middle]!) < agencyId) low = middle + 1;
    else high = middle;
  }
  const line = index.lines[low];
  return { at: low, found: line !== undefined && idOf(line) === agencyId };
}

/** Adds the record's version to the index in place; false when it was there already. */
export function addRecord(index: CatalogIndex, record: PublicationRecord): boolean {
  const { at, found } = entryPosition(index, record.agency.id);
  const version = versionOf(record);
  if (!found) {
    index.lines.splice(at, 0, lineOf({ id: record.agency.id, versions: [version] }));
    return true;
  }
  const entry = entryOf(index.lines[at]!, index.year);
  if (entry.versions.some((known) => known.sourceSha256 === record.sourceSha256)) return false;
  entry.versions.push(version);
  entry.versions.sort(newestFirst);
  index.lines[at] = lineOf(entry);
  return true;
}

/** Whether the index holds the agency's version whose source hash starts so; a binary search, no parsing. */
export function holdsVersion(index: CatalogIndex, agencyId: string, sourceSha256Start: string): boolean {
  const { at, found } = entryPosition(index, agencyId);
  return found && index.lines[at]!.includes(`"sourceSha256":"${sourceSha256Start}`);
}

/** Every entry, checked; for `archive verify` and tests, which read the whole index anyway. */
export function entriesOf(index: CatalogIndex): CatalogEntry[] {
  return index.lines.map((line) => entryOf(line, index.year));
}
