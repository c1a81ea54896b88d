/**
 * The archive's key grammar and layout. Every key is built here from validated parts, and every
 * adapter re-checks each key against the same grammar before it touches storage, so no user
 * string ever reaches a path or an object name (issue 4, "Faults and bad input").
 *
 * Layout of one published version (docs/design.md "The archive"):
 *   {year}/{agency}/{sourceSha256}.json         the source report, canonical JSON (RFC 8785)
 *   {year}/{agency}/{pdfSha256}.pdf             the PDF, named by its own hash
 *   {year}/{agency}/{sourceSha256}.record.json  the record: written last, the commit point
 * A version is identified by the hash of its source, so a rerun of the same report finds its
 * record before printing anything; the PDF keeps its own hash as its name, so a PDF key always
 * names exactly one sequence of bytes. Only records are listed as versions, so a PDF or source
 * left behind by an interrupted publish is never visible.
 */
import { isWindowsDeviceName, WINDOWS_DEVICE_NAMES } from '../device-names';
import { LAST_YEAR } from '../report/years';
import { InvalidArchiveKey } from './errors';

/**
 * Lowercase ASCII letters, digits and inner hyphens, 1–64 characters: safe as a path segment on
 * every filesystem (no case folding on macOS/Windows, no Unicode normalisation) and as an S3 key.
 */
const AGENCY_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The Regulations on the Disclosure of Government Information took effect in 2008. */
export const FIRST_YEAR = 2008;

/**
 * One key segment: lowercase ASCII, digits, `.`, `_`, `-`; starts with a letter or digit (so no
 * hidden or temp file, which start with `.`, is ever a key), no `..`, no trailing dot (Windows
 * drops it). S3 allows 1024 bytes per key; 512 leaves room for a bucket prefix.
 */
const SEGMENT = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;
const MAX_SEGMENTS = 8;

export type AgencyId = string & { readonly __brand: 'AgencyId' };

export function parseAgencyId(value: unknown): AgencyId {
  if (typeof value === 'string' && AGENCY_ID.test(value)) {
    if (isWindowsDeviceName(value)) throw new InvalidArchiveKey('agency id', value, `not a device name reserved on Windows (${WINDOWS_DEVICE_NAMES})`);
    return value as AgencyId;
  }
  throw new InvalidArchiveKey('agency id', value, 'lowercase a-z, 0-9 and inner "-", 1 to 64 characters');
}

export function parseYear(value: unknown): number {
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value;
  if (typeof year === 'number' && Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR) {
    return year;
  }
  throw new InvalidArchiveKey('year', value, `a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
}

export function parseSha256(value: unknown): string {
  if (typeof value === 'string' && SHA256_HEX.test(value)) return value;
  throw new InvalidArchiveKey('sha256', value, '64 lowercase hex digits');
}

function isSafeSegment(segment: string): boolean {
  return SEGMENT.test(segment) && !segment.includes('..') && !segment.endsWith('.');
}

export function isSafeKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH) return false;
  const segments = key.split('/');
  return segments.length <= MAX_SEGMENTS && segments.every(isSafeSegment);
}

/** Throws unless `key` is in the archive's key grammar; adapters call this on every key. */
export function assertSafeKey(key: unknown): asserts key is string {
  if (!isSafeKey(key)) throw new InvalidArchiveKey('key', key, 'segments of a-z, 0-9, ".", "_", "-" joined by "/"');
}

/** A list prefix is "" (everything) or whole segments ending in "/", so `2020/a/` never matches `2020/ab/`. */
export function assertSafePrefix(prefix: unknown): asserts prefix is string {
  if (prefix === '' || (typeof prefix === 'string' && prefix.endsWith('/') && isSafeKey(prefix.slice(0, -1)))) return;
  throw new InvalidArchiveKey('prefix', prefix, '"" or whole key segments ending in "/"');
}

export function yearPrefix(year: number): string {
  return `${parseYear(year)}/`;
}

export function agencyPrefix(year: number, agencyId: string): string {
  return `${yearPrefix(year)}${parseAgencyId(agencyId)}/`;
}

export function sourceKey(year: number, agencyId: string, sourceSha256: string): string {
  return `${agencyPrefix(year, agencyId)}${parseSha256(sourceSha256)}.json`;
}

export function recordKey(year: number, agencyId: string, sourceSha256: string): string {
  return `${agencyPrefix(year, agencyId)}${parseSha256(sourceSha256)}${RECORD_SUFFIX}`;
}

export function pdfKey(year: number, agencyId: string, pdfSha256: string): string {
  return `${agencyPrefix(year, agencyId)}${parseSha256(pdfSha256)}.pdf`;
}

const RECORD_SUFFIX = '.record.json';

/**
 * The catalog (catalog.ts) lives under `catalog/`: what finds things without listing everything,
 * beside the records and drafts it points at; its documents are the only rewritable keys.
 *   catalog/index/{year}.json               the year's index: one rewritable document
 *   catalog/journal/{year}/{bucket}/{ms}-{sourceSha, first 32 hex digits}-{agency}
 *                                           one write-once line per publish, before its record;
 *                                           {bucket}: the first 5 of the 13 digits of {ms} (below)
 *   catalog/drafts/{year}/{agency}.json     which of the agency's drafts is current (drafts/store.ts)
 *   catalog/agencies.json                   the agency directory: every agency, its years' current versions
 *   catalog/journal/all/{bucket}/{ms}-{year}-{sourceSha, first 32}-{agency}
 *                                           the same line again, every year in one journal, for the directory
 *   catalog/agency/{agency}.json            the agency page's history, kept by its readers (agency-history.ts)
 */
const CATALOG_PREFIX = 'catalog/';
export const CATALOG_INDEX_PREFIX = `${CATALOG_PREFIX}index/`;

export const AGENCY_DIRECTORY_KEY = `${CATALOG_PREFIX}agencies.json`;

export function catalogIndexKey(year: number): string {
  return `${CATALOG_INDEX_PREFIX}${parseYear(year)}.json`;
}

export function agencyHistoryKey(agencyId: string): string {
  return `${CATALOG_PREFIX}agency/${parseAgencyId(agencyId)}.json`;
}

export function draftHeadKey(year: number, agencyId: string): string {
  return `${CATALOG_PREFIX}drafts/${parseYear(year)}/${parseAgencyId(agencyId)}.json`;
}

export function journalPrefix(year: number): string {
  return `${CATALOG_PREFIX}journal/${parseYear(year)}/`;
}

/**
 * Journal lines are filed by time: `{bucket}/{line}`, where the line's name starts with its time in
 * milliseconds padded to 13 digits (so lines sort by time until the year 2286) and the bucket is
 * the first 5 of those digits: 10^8 ms, about 28 hours a folder. The catalog lists a journal from
 * just before its mark on every read and publish; on S3 and R2 that is a start-after, but the folder
 * adapter has to read the names of a folder to list it, and skips the folders whose keys all sort
 * before the start (fs.ts `list`). So a listing reads a day's lines, not seven years' (35,000 in
 * the all-years journal of a province), plus one name per bucket: about 320 a year. Four digits
 * (11.6 days) would put a whole reporting season's rush in one folder; six (2.8 hours) would bring
 * back 22,000 names to the top after seven years. Being a fixed-width prefix of the time, the bucket
 * keeps keys in time order on every backend.
 *
 * Archives written before the buckets hold flat lines, `{journal}{line}`; they are read as they are.
 * In a listing they sort before the next bucket and after the new lines of their own bucket ('/'
 * sorts before the digits), so a start-after in the bucketed layout still lists every flat line of
 * its bucket and later ones: a few lines read twice, none missed. Lines are therefore ordered by
 * their name (`journalLineName`), never by their whole key.
 */
const JOURNAL_BUCKET_DIGITS = 5;

const msDigits = (at: number) => String(Math.max(0, at)).padStart(13, '0');

/** `{bucket}/{time}`: where a line at `at` ms goes in a journal, and the start-after for listing one from then. */
const filedAt = (at: number) => `${msDigits(at).slice(0, JOURNAL_BUCKET_DIGITS)}/${msDigits(at)}`;

/** The start-after key for listing `journal` (a journal's prefix) from `at` ms on: every line after it is later. */
export function journalStartAfter(journal: string, at: number): string {
  return `${journal}${filedAt(at)}`;
}

/** A journal key's line name, `{ms}-…`: its last segment, the same in either layout. Lines compare by it. */
export function journalLineName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** When a journal key's line was written, in ms since the epoch (a mark's too). */
export function journalTime(key: string): number {
  return Number(journalLineName(key).slice(0, 13));
}

/** The line name of a key under `journal`, bucketed or flat (older archives); null when it is neither. */
function journalLineUnder(key: string, journal: string): string | null {
  if (!key.startsWith(journal)) return null;
  const rest = key.slice(journal.length);
  const line = journalLineName(rest);
  if (line === rest) return line;
  return rest === `${line.slice(0, JOURNAL_BUCKET_DIGITS)}/${line}` ? line : null;
}

/**
 * Enough of the source hash to tell versions apart (128 bits) and the agency, within a segment's 128
 * characters, so that the repair pass can look the version up in the index without reading the line.
 */
export function journalKey(year: number, at: Date, agencyId: string, sourceSha256: string): string {
  return `${journalPrefix(year)}${filedAt(at.getTime())}-${parseSha256(sourceSha256).slice(0, 32)}-${parseAgencyId(agencyId)}`;
}

const JOURNAL_LINE = /^(\d{13})-([0-9a-f]{32})-([a-z0-9-]+)$/;

/**
 * Every year's publishes in one journal, ordered by time, so that the agency directory, which
 * spans the years, finds its recent lines with one listing (the years' journals would take one each).
 */
export const ALL_YEARS_JOURNAL_PREFIX = `${CATALOG_PREFIX}journal/all/`;

export function allYearsJournalKey(year: number, at: Date, agencyId: string, sourceSha256: string): string {
  return `${ALL_YEARS_JOURNAL_PREFIX}${filedAt(at.getTime())}-${parseYear(year)}-${parseSha256(sourceSha256).slice(0, 32)}-${parseAgencyId(agencyId)}`;
}

const ALL_YEARS_JOURNAL_LINE = /^(\d{13})-(\d{4})-([0-9a-f]{32})-([a-z0-9-]+)$/;

/** The parts of a key under `ALL_YEARS_JOURNAL_PREFIX`, in either layout; null for anything else found there. */
export function parseAllYearsJournalKey(key: string): { at: number; year: number; sourceSha256Start: string; agencyId: string } | null {
  const match = ALL_YEARS_JOURNAL_LINE.exec(journalLineUnder(key, ALL_YEARS_JOURNAL_PREFIX) ?? '');
  return match ? { at: Number(match[1]), year: Number(match[2]), sourceSha256Start: match[3]!, agencyId: match[4]! } : null;
}

/** The parts of a journal key under `journalPrefix(year)`, in either layout; null for anything else found there. */
export function parseJournalKey(key: string, year: number): { at: number; sourceSha256Start: string; agencyId: string } | null {
  const match = JOURNAL_LINE.exec(journalLineUnder(key, journalPrefix(year)) ?? '');
  return match ? { at: Number(match[1]), sourceSha256Start: match[2]!, agencyId: match[3]! } : null;
}

/** Only the catalog's documents are ever rewritten; every other key stays write-once. */
export function assertDocumentKey(key: unknown): asserts key is string {
  assertSafeKey(key);
  if (!key.startsWith(CATALOG_PREFIX)) throw new InvalidArchiveKey('document key', key, `a key under "${CATALOG_PREFIX}"`);
}

export function isRecordKey(key: string): boolean {
  return key.endsWith(RECORD_SUFFIX);
}

/**
 * Content type follows from the key's extension, so every adapter reports the same one and the
 * filesystem needs no metadata beside each file.
 */
export function contentTypeOf(key: string): string {
  if (key.endsWith('.pdf')) return 'application/pdf';
  if (key.endsWith('.json')) return 'application/json';
  // The batch summary page (batch/summary-page.ts): opens in a browser from a bucket or folder.
  if (key.endsWith('.html')) return 'text/html; charset=utf-8';
  return 'application/octet-stream';
}
