/**
 * The agency directory (catalog.ts): every agency that ever published, across all years, in one
 * document, so that a search over every year reads one document rather than every year's index.
 * Stored as the year index is (catalog-index.ts `AgencyLines`): a JSON header line, then one line
 * per agency sorted by id, `{id}\t{name as JSON}\t{region as JSON}\t{years as JSON}`, where the
 * name and region are those of the newest year's current version, and `years` maps each year to
 * its current version as `{createdAt in ms}-{first 16 hex digits of sourceSha256}`.
 *
 * Only current versions are kept, because the current version is the newest (as versions.ts
 * orders them): adding a version keeps whichever of it and the known current is newer, so adding
 * records in any order, or the same one twice, ends in the same directory. That is what lets the
 * journal repair it without knowing which older versions it has seen. A year of the directory is
 * about 50 bytes per agency; the year indexes keep the versions and everything else.
 */
import { z } from 'zod';
import { ArchiveCorrupt } from './errors';
import { decodeLines, encodeLines, entryPosition, fieldsOf, lineAt, spliceLine, type AgencyLines } from './catalog-index';
import type { PublicationRecord } from './record';

const DIRECTORY_SCHEMA = 'nianbao.agencies/1';

const headerSchema = z.object({
  schema: z.literal(DIRECTORY_SCHEMA),
  /** Every year some agency published, ascending. */
  years: z.array(z.number().int()),
  /** The last all-years journal key (keys.ts `allYearsJournalKey`) whose publish is here or was abandoned. */
  journalMark: z.string().nullable(),
});

const CURRENT = /^(\d{13})-([0-9a-f]{16})$/;
const yearsSchema = z.record(z.string().regex(/^\d{4}$/), z.string().regex(CURRENT));

export interface AgencyDirectory extends z.infer<typeof headerSchema>, AgencyLines {}

export interface DirectoryYear {
  year: number;
  /** When the year's current version was archived, ISO 8601. */
  createdAt: string;
  sourceSha256Start: string;
}

export interface DirectoryEntry {
  id: string;
  name: string;
  region?: string;
  /** Newest year first. */
  years: DirectoryYear[];
}

export function emptyDirectory(): AgencyDirectory {
  return { schema: DIRECTORY_SCHEMA, years: [], journalMark: null, body: new Uint8Array(0), starts: [] };
}

export function encodeDirectory(directory: AgencyDirectory): Uint8Array {
  return encodeLines(directory);
}

export function decodeDirectory(bytes: Uint8Array, key: string): AgencyDirectory {
  return decodeLines(bytes, headerSchema, `agency directory ${key}`);
}

/** A line's years, checked: `{year: "{ms}-{sha16}"}`. */
function yearsOf(line: string): Record<string, string> {
  const field = line.split('\t', 4)[3] ?? '';
  let parsed;
  try {
    parsed = yearsSchema.safeParse(JSON.parse(field));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new ArchiveCorrupt(`agency directory has a damaged line for ${JSON.stringify(line.slice(0, line.indexOf('\t')))}; run \`nianbao archive reindex\``);
  return parsed.data;
}

/** A line as an entry, checked. */
export function directoryEntryOf(line: string): DirectoryEntry {
  const fields = fieldsOf(line);
  const years = Object.entries(yearsOf(line)).map(([year, current]) => {
    const [, ms, sha] = CURRENT.exec(current)!;
    return { year: Number(year), createdAt: new Date(Number(ms)).toISOString(), sourceSha256Start: sha! };
  });
  const name = JSON.parse(fields.name) as string;
  const region = JSON.parse(fields.region) as string;
  return { id: fields.id, name, ...(region ? { region } : {}), years: years.sort((a, b) => b.year - a.year) };
}

/** The agency's entry, found by binary search on the ids; null when it never published. */
export function directoryEntryFor(directory: AgencyDirectory, agencyId: string): DirectoryEntry | null {
  const { at, found } = entryPosition(directory, agencyId);
  return found ? directoryEntryOf(lineAt(directory, at)) : null;
}

const currentOf = (at: number, sourceSha256: string) => `${String(at).padStart(13, '0')}-${sourceSha256.slice(0, 16)}`;

/** Whether version `a` is newer than `b` (both `{ms}-{sha16}`): later, or as late with the smaller hash, as versions.ts orders them. */
const newer = (a: string, b: string) => a.slice(0, 13) > b.slice(0, 13) || (a.slice(0, 13) === b.slice(0, 13) && a < b);

function lineOf(id: string, name: string, region: string | undefined, years: Record<string, string>): string {
  return [id, JSON.stringify(name), JSON.stringify(region ?? ''), JSON.stringify(years)].join('\t');
}

/**
 * Whether the directory already has the version a journal line names as its year's current, or a
 * newer one: then the line changes nothing. A binary search and one short line parsed.
 */
export function holdsCurrent(directory: AgencyDirectory, agencyId: string, year: number, at: number, sourceSha256Start: string): boolean {
  const { at: k, found } = entryPosition(directory, agencyId);
  if (!found) return false;
  const known = yearsOf(lineAt(directory, k))[year];
  const line = currentOf(at, sourceSha256Start);
  return known !== undefined && (known === line || newer(known, line));
}

/** Adds the record's version where it is newer than its year's current, in place; false when nothing changed. */
export function addCurrent(directory: AgencyDirectory, record: PublicationRecord): boolean {
  const { id, name, region } = record.agency;
  const version = currentOf(Date.parse(record.createdAt), record.sourceSha256);
  const { at, found } = entryPosition(directory, id);
  const known = found ? fieldsOf(lineAt(directory, at)) : undefined;
  const years = found ? yearsOf(lineAt(directory, at)) : {};
  const current = years[record.year];
  if (current !== undefined && !newer(version, current)) return false;
  years[record.year] = version;
  const newest = Math.max(...Object.keys(years).map(Number)) === record.year;
  const [lineName, lineRegion] = newest || !known ? [name, region] : [JSON.parse(known.name) as string, (JSON.parse(known.region) as string) || undefined];
  spliceLine(directory, at, lineOf(id, lineName, lineRegion, sortedYears(years)), found);
  if (!directory.years.includes(record.year)) directory.years = [...directory.years, record.year].sort((a, b) => a - b);
  return true;
}

const sortedYears = (years: Record<string, string>) => Object.fromEntries(Object.entries(years).sort(([a], [b]) => Number(a) - Number(b)));

/** The directory of `records` (any versions of any years), built at once: for `reindex` and a first build. */
export function buildDirectory(records: PublicationRecord[]): AgencyDirectory {
  const byAgency = new Map<string, { years: Record<string, string>; named: PublicationRecord }>();
  for (const record of records) {
    const version = currentOf(Date.parse(record.createdAt), record.sourceSha256);
    const agency = byAgency.get(record.agency.id) ?? { years: {}, named: record };
    const current = agency.years[record.year];
    if (current === undefined || newer(version, current)) {
      agency.years[record.year] = version;
      if (record.year >= agency.named.year) agency.named = record;
    }
    byAgency.set(record.agency.id, agency);
  }
  const ids = [...byAgency.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = ids.map((id) => {
    const { years, named } = byAgency.get(id)!;
    return `${lineOf(id, named.agency.name, named.agency.region, sortedYears(years))}\n`;
  });
  const years = [...new Set(records.map((record) => record.year))].sort((a, b) => a - b);
  return decodeLines(encodeLines({ ...emptyDirectory(), years, body: new TextEncoder().encode(lines.join('')) }), headerSchema, 'agency directory');
}
