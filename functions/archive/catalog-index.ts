/**
 * One year's catalog index (catalog.ts): every agency that published that year, sorted by id, each
 * with all its versions newest first. A version is its record without what the year, the agency id
 * and the hashes already say (the schema name and the keys), so the index holds every record of the
 * year losslessly: `recordOf` gives back the record exactly, which is what lets pages and the API
 * answer from the index alone and `archive verify` compare the two field by field. Pure: no I/O.
 *
 * Stored as lines, so that reading it costs the page and not the year: a JSON header line, then
 * one line per agency, `{id}\t{name as JSON}\t{region as JSON}\t{versions as JSON}` (JSON escapes
 * tabs and line breaks inside strings, so neither appears raw in a field). The index stays in its
 * UTF-8 bytes, with where each line starts: a page finds its place by binary search on the ids
 * before the first tab, decodes only the lines it looks at, matches names and regions on their own
 * short fields, and parses and checks only the entries it shows; a publish decodes, changes and
 * re-encodes only its own agency's line and splices it into the bytes. A year of 5,000 agencies is
 * about 2 MB: parsing all of it as one JSON document and checking it took 100–200 ms, decoding it
 * as text 10–20 ms on a busy machine; none of that is done per page or per publish.
 */
import { z } from 'zod';
import { concatBytes } from '../bytes';
import { ArchiveCorrupt } from './errors';
import { pdfKey, recordKey, sourceKey } from './keys';
import { publicationRecordSchema, RECORD_SCHEMA, type PublicationRecord } from './record';

const CATALOG_SCHEMA = 'nianbao.catalog/1';

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

/**
 * Lines of one agency each, sorted by id, `{id}\t{name as JSON}\t{region as JSON}\t…`: the year
 * index's and the agency directory's (catalog-directory.ts) shared form, searched in its bytes.
 */
export interface AgencyLines {
  /** The agencies' lines in UTF-8, sorted by id, each ended by "\n". */
  body: Uint8Array;
  /** Where each line starts in `body`. */
  starts: number[];
}

export interface CatalogIndex extends z.infer<typeof headerSchema>, AgencyLines {}

const NEWLINE = 0x0a;
const TAB = 0x09;
const utf8 = new TextEncoder();
const text = new TextDecoder();

export function emptyIndex(year: number): CatalogIndex {
  return { schema: CATALOG_SCHEMA, year, journalMark: null, body: new Uint8Array(0), starts: [] };
}

export function encodeIndex(index: CatalogIndex): Uint8Array {
  return encodeLines(index);
}

/** A JSON header line, checked by `schema`, and the agencies' lines after it (each checked when used). */
export function decodeLines<T>(bytes: Uint8Array, schema: z.ZodType<T>, what: string): T & AgencyLines {
  const headerEnd = bytes.indexOf(NEWLINE);
  let header;
  try {
    header = schema.parse(JSON.parse(text.decode(headerEnd < 0 ? bytes : bytes.subarray(0, headerEnd))));
  } catch {
    throw new ArchiveCorrupt(`${what} has no valid header; run \`nianbao archive reindex\``);
  }
  const rest = headerEnd < 0 ? new Uint8Array(0) : bytes.subarray(headerEnd + 1);
  const body = rest.length === 0 || rest.at(-1) === NEWLINE ? rest : concatBytes(rest, utf8.encode('\n'));
  const starts: number[] = [];
  for (let at = 0; at < body.length; at = body.indexOf(NEWLINE, at) + 1 || body.length) starts.push(at);
  return { ...header, body, starts };
}

/**
 * Room that `spliceLine` leaves before the lines it writes, for the header line: encoding then
 * writes the header in front of them instead of copying the 2 MB again after every publish. A
 * room is taken once (`freeRoom`), so that two encodings of the same lines (a retried write) never
 * write over bytes already handed out.
 */
const HEADER_ROOM = 1024;
const freeRoom = new WeakSet<ArrayBufferLike>();

/** The header line, then the lines as they are. */
export function encodeLines<T extends object>({ body, starts: _starts, ...header }: T & AgencyLines): Uint8Array {
  const head = utf8.encode(`${JSON.stringify(header)}\n`);
  if (body.byteOffset < head.byteLength || !freeRoom.delete(body.buffer)) return concatBytes(head, body);
  const whole = new Uint8Array(body.buffer, body.byteOffset - head.byteLength, head.byteLength + body.byteLength);
  whole.set(head);
  return whole;
}

/** The header is checked here; each line when it is used (`entryOf`). */
export function decodeIndex(bytes: Uint8Array, year: number, key: string): CatalogIndex {
  const index = decodeLines(bytes, headerSchema, `catalog index ${key}`);
  if (index.year !== year) throw new ArchiveCorrupt(`catalog index ${key} is the index of ${index.year}; run \`nianbao archive reindex\``);
  return index;
}

/** Where line `k` ends: its "\n". */
const endOf = (index: AgencyLines, k: number) => (index.starts[k + 1] ?? index.body.length) - 1;

export function lineAt(index: AgencyLines, k: number): string {
  return text.decode(index.body.subarray(index.starts[k], endOf(index, k)));
}

function idAt(index: AgencyLines, k: number): string {
  const start = index.starts[k]!;
  return text.decode(index.body.subarray(start, index.body.indexOf(TAB, start)));
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

/** Where `agencyId` is or would go among the lines. */
export function entryPosition(index: AgencyLines, agencyId: string): { at: number; found: boolean } {
  let low = 0;
  let high = index.starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (idAt(index, middle) < agencyId) low = middle + 1;
    else high = middle;
  }
  return { at: low, found: low < index.starts.length && idAt(index, low) === agencyId };
}

/** Puts `line` in place of line `at` (or before it, when `replacing` is false), in the bytes. */
export function spliceLine(index: AgencyLines, at: number, line: string, replacing: boolean): void {
  const bytes = utf8.encode(`${line}\n`);
  const start = index.starts[at] ?? index.body.length;
  const end = replacing ? endOf(index, at) + 1 : start;
  const spliced = concatBytes(new Uint8Array(HEADER_ROOM), index.body.subarray(0, start), bytes, index.body.subarray(end));
  freeRoom.add(spliced.buffer);
  index.body = spliced.subarray(HEADER_ROOM);
  const shift = bytes.byteLength - (end - start);
  const later = index.starts.slice(replacing ? at + 1 : at).map((offset) => offset + shift);
  index.starts = [...index.starts.slice(0, at), start, ...later];
}

/** Adds the record's version to the index in place; false when it was there already. */
export function addRecord(index: CatalogIndex, record: PublicationRecord): boolean {
  const { at, found } = entryPosition(index, record.agency.id);
  const version = versionOf(record);
  if (!found) {
    spliceLine(index, at, lineOf({ id: record.agency.id, versions: [version] }), false);
    return true;
  }
  const entry = entryOf(lineAt(index, at), index.year);
  if (entry.versions.some((known) => known.sourceSha256 === record.sourceSha256)) return false;
  entry.versions.push(version);
  entry.versions.sort(newestFirst);
  spliceLine(index, at, lineOf(entry), true);
  return true;
}

/** The index of `records` (all of one year), built at once: for `reindex`. */
export function buildIndex(year: number, records: PublicationRecord[]): CatalogIndex {
  const byAgency = new Map<string, CatalogVersion[]>();
  for (const record of records) byAgency.set(record.agency.id, [...(byAgency.get(record.agency.id) ?? []), versionOf(record)]);
  const ids = [...byAgency.keys()].sort((a, b) => compare(a, b));
  const lines = ids.map((id) => `${lineOf({ id, versions: byAgency.get(id)!.sort(newestFirst) })}\n`);
  return decodeIndex(encodeIndex({ ...emptyIndex(year), body: utf8.encode(lines.join('')) }), year, `catalog of ${year}`);
}

/** Whether the index holds the agency's version whose source hash starts so; a binary search, no parsing. */
export function holdsVersion(index: CatalogIndex, agencyId: string, sourceSha256Start: string): boolean {
  const { at, found } = entryPosition(index, agencyId);
  return found && lineAt(index, at).includes(`"sourceSha256":"${sourceSha256Start}`);
}

/** The line that holds byte `offset` of the body. */
function lineHolding(index: AgencyLines, offset: number): number {
  let low = 0;
  let high = index.starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (index.starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The numbers of the lines from line `k` on whose bytes contain `needle`'s UTF-8 anywhere: a search
 * of the bytes, decoding nothing, so a search over a year of 2 MB costs a few milliseconds. The
 * caller checks the field that matched (a hit may fall in the versions).
 */
export function linesContaining(index: AgencyLines, needle: string, k: number): number[] {
  const wanted = utf8.encode(needle);
  const { body } = index;
  const found: number[] = [];
  let at = k < index.starts.length ? index.starts[k]! : body.length;
  while (wanted.length > 0 && (at = body.indexOf(wanted[0]!, at)) !== -1) {
    let same = 1;
    while (same < wanted.length && body[at + same] === wanted[same]) same++;
    if (same < wanted.length) {
      at++;
      continue;
    }
    const line = lineHolding(index, at);
    found.push(line);
    at = index.starts[line + 1] ?? body.length;
  }
  return found;
}

/** Every line from line `k` on, decoded at once: for scanning a whole year. */
export function linesOf(index: AgencyLines, k = 0): string[] {
  if (k >= index.starts.length) return [];
  return text.decode(index.body.subarray(index.starts[k], index.body.length - 1)).split('\n');
}

/** Every entry, checked; for `archive verify` and tests, which read the whole index anyway. */
export function entriesOf(index: CatalogIndex): CatalogEntry[] {
  return linesOf(index).map((line) => entryOf(line, index.year));
}
