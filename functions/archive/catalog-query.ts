/**
 * Pages of the catalog for /archive and /v1/archive: agencies of one year after another, each
 * year's agencies by id, filtered by year, region, agency and a search on names. A page reads the
 * list of years and then only the years it shows, so its cost follows the page, not the archive;
 * the cursor is the last agency shown (`{year}/{agency}`, opaque to callers), which keeps paging
 * stable while reports are published.
 */
import type { Archive } from './archive';
import { directoryEntryOf, type DirectoryEntry } from './catalog-directory';
import { entryOf, entryPosition, fieldsOf, lineAt, linesContaining, linesOf, recordOf, type AgencyLines, type CatalogEntry, type CatalogIndex } from './catalog-index';
import { catalogYears, readDirectory, readIndex } from './catalog';
import { decodeCursor, encodeCursor } from './cursor';
import { InvalidArchiveKey } from './errors';
import { parseAgencyId, parseYear } from './keys';
import type { PublicationRecord } from './record';

export interface CatalogQuery {
  year?: number;
  /** The region exactly as the reports name it. */
  region?: string;
  agencyId?: string;
  /** Part of an agency's current name or of its id, ignoring case. */
  search?: string;
}

export interface CatalogRow {
  year: number;
  entry: CatalogEntry;
}

/** Where a page starts: after this agency of this year. */
export interface CatalogPosition {
  year: number;
  agencyId: string;
}

export interface PageOptions {
  after?: CatalogPosition;
  /** The page holds rows while their weight stays within this; a first row always fits. */
  limit: number;
  /** What a row weighs: 1 per agency by default; the API counts versions. */
  weigh?: (entry: CatalogEntry) => number;
  newestYearFirst: boolean;
}

export interface CatalogPage {
  rows: CatalogRow[];
  /** Present when more rows may follow. */
  cursor?: string;
  /** Every year with an index, ascending, for the year filter. */
  years: number[];
}

/** A page's `cursor` back into its position; InvalidArchiveKey when it is not one this module made. */
export function parseCatalogCursor(cursor: string): CatalogPosition {
  const [year, agencyId, ...rest] = decodeCursor(cursor).split('/');
  try {
    if (rest.length > 0) throw new TypeError('extra');
    return { year: parseYear(year), agencyId: parseAgencyId(agencyId) };
  } catch {
    throw new InvalidArchiveKey('cursor', cursor, 'a cursor from a previous page');
  }
}

/** A filter as the fields of a line hold it: the region as JSON, the search lower-cased. */
interface LineFilter {
  region?: string;
  needle: string;
  /** How the name is compared: as stored, lower-cased, or parsed first (see `matches`). */
  nameAs: 'stored' | 'lowerCased' | 'parsed';
}

function lineFilter(query: CatalogQuery): LineFilter {
  const needle = (query.search ?? '').trim().toLowerCase();
  const nameAs = /["\\\u0000-\u001f]/.test(needle) ? 'parsed' : needle === needle.toUpperCase() ? 'stored' : 'lowerCased';
  return { needle, nameAs, ...(query.region === undefined ? {} : { region: JSON.stringify(query.region) }) };
}

/**
 * Matches on a line's own fields, parsing nothing: the region's JSON must equal the filter's; the
 * needle is looked for in the name's JSON, which holds the name's own characters except for
 * quotes, backslashes and control characters (a needle with one of those matches the parsed name).
 * A needle without letters that have case (Chinese, digits) is looked for in the name as stored,
 * with no lower-casing: the usual search costs one substring search per agency.
 */
function matches(line: string, filter: LineFilter): boolean {
  if (filter.region === undefined && filter.needle === '') return true;
  const fields = fieldsOf(line);
  if (filter.region !== undefined && fields.region !== filter.region) return false;
  if (filter.needle === '' || fields.id.includes(filter.needle)) return true;
  const name = filter.nameAs === 'parsed' ? (JSON.parse(fields.name) as string).toLowerCase() : filter.nameAs === 'lowerCased' ? fields.name.toLowerCase() : fields.name;
  return name.includes(filter.needle);
}

/**
 * The lines of one index a page may show, from `after` (exclusive) on: decoded one at a time when
 * every line is shown (a page needs 50); for a filter, only the lines whose bytes hold the search
 * term or the region as stored (`matches` then checks the field), or, for a term that must be
 * lower-cased or parsed first, all lines decoded at once.
 */
function* candidates(index: AgencyLines, query: CatalogQuery, after: string | undefined, filter: LineFilter): Generator<string> {
  if (query.agencyId !== undefined) {
    const { at, found } = entryPosition(index, query.agencyId);
    if (found && (after === undefined || query.agencyId > after)) yield lineAt(index, at);
    return;
  }
  const { at, found } = after === undefined ? { at: 0, found: false } : entryPosition(index, after);
  const first = found ? at + 1 : at;
  const stored = filter.needle !== '' && filter.nameAs === 'stored' ? filter.needle : filter.region;
  if (stored !== undefined) for (const k of linesContaining(index, stored, first)) yield lineAt(index, k);
  else if (filter.needle !== '') yield* linesOf(index, first);
  else for (let i = first; i < index.starts.length; i++) yield lineAt(index, i);
}

export async function catalogPage(archive: Archive, query: CatalogQuery, options: PageOptions): Promise<CatalogPage> {
  const from = options.after;
  const weigh = options.weigh ?? (() => 1);
  const filter = lineFilter(query);
  const years = await catalogYears(archive);
  const ordered = (options.newestYearFirst ? [...years].reverse() : years).filter(
    (year) => (query.year === undefined || year === query.year) && (from === undefined || (options.newestYearFirst ? year <= from.year : year >= from.year)),
  );
  // A filter may have to look through every year: then all are read at once, not one after another.
  const restrictive = filter.needle !== '' || query.region !== undefined || query.agencyId !== undefined;
  const reads = restrictive ? ordered.map((year) => readIndex(archive, year)) : [];
  const rows: CatalogRow[] = [];
  let weight = 0;
  for (const [i, year] of ordered.entries()) {
    const index = await (reads[i] ?? readIndex(archive, year));
    for (const line of candidates(index, query, from?.year === year ? from.agencyId : undefined, filter)) {
      if (!matches(line, filter)) continue;
      const entry = entryOf(line, year);
      const next = weigh(entry);
      if (rows.length > 0 && weight + next > options.limit) {
        const last = rows.at(-1)!;
        return { rows, cursor: encodeCursor(`${last.year}/${last.entry.id}`), years };
      }
      rows.push({ year, entry });
      weight += next;
    }
  }
  return { rows, years };
}

export interface DirectoryPage {
  /** The matching agencies, by id, each with its years' current versions. */
  agencies: DirectoryEntry[];
  /** Present when more agencies may follow. */
  cursor?: string;
  /** Every year some agency published, ascending, for the year filter. */
  years: number[];
}

const AGENCY_CURSOR = 'agencies/';

/** An agency page's `cursor` back into the last agency shown; InvalidArchiveKey when it is not one this module made. */
export function parseDirectoryCursor(cursor: string): string {
  const key = decodeCursor(cursor);
  try {
    if (!key.startsWith(AGENCY_CURSOR)) throw new TypeError('not an agency cursor');
    return parseAgencyId(key.slice(AGENCY_CURSOR.length));
  } catch {
    throw new InvalidArchiveKey('cursor', cursor, 'a cursor from a previous page');
  }
}

/**
 * Agencies of every year whose current name or id holds `search` (and whose region is `region`),
 * from the agency directory: one document and one listing of its journal's last minutes, whatever
 * the number of years, `limit` agencies to a page after the agency `after`.
 */
export async function directoryPage(archive: Archive, query: Pick<CatalogQuery, 'search' | 'region'>, options: { after?: string; limit: number }): Promise<DirectoryPage> {
  const directory = await readDirectory(archive);
  const filter = lineFilter(query);
  const agencies: DirectoryEntry[] = [];
  for (const line of candidates(directory, query, options.after, filter)) {
    if (!matches(line, filter)) continue;
    if (agencies.length === options.limit) return { agencies, cursor: encodeCursor(`${AGENCY_CURSOR}${agencies.at(-1)!.id}`), years: directory.years };
    agencies.push(directoryEntryOf(line));
  }
  return { agencies, years: directory.years };
}

/**
 * The entries of `index` that `chosen` accepts (given an agency's id and its region as its current
 * version names it); every entry without it. Only the chosen lines are parsed.
 */
export function chosenEntries(index: CatalogIndex, chosen?: (agencyId: string, region: string | undefined) => boolean): CatalogEntry[] {
  const lines = linesOf(index);
  const picked = chosen
    ? lines.filter((line) => {
        const { id, region } = fieldsOf(line);
        return chosen(id, (JSON.parse(region) as string) || undefined);
      })
    : lines;
  return picked.map((line) => entryOf(line, index.year));
}

/** The current version of each agency of `year` that `chosen` accepts (`chosenEntries`): one index read. */
export async function currentVersions(archive: Archive, year: number, chosen?: (agencyId: string, region: string | undefined) => boolean): Promise<PublicationRecord[]> {
  return chosenEntries(await readIndex(archive, year), chosen).map((entry) => recordOf(year, entry.id, entry.versions[0]!));
}
