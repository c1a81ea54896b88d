/**
 * Listing published versions for archivists: every committed record under a year or an
 * agency's year, newest first within each agency and year, the newest marked current. A
 * corrected report is a new version beside the old one (issue 4), so "current" is a reading of
 * the records' times, never a pointer that could be rewritten.
 */
import { listAll, type Archive } from './archive';
import { ArchiveCorrupt } from './errors';
import { agencyPrefix, isRecordKey, yearPrefix } from './keys';
import type { PublicationRecord } from './record';
import { readRecord } from './store';

export interface VersionEntry {
  record: PublicationRecord;
  /** The newest version of its agency and year. */
  current: boolean;
}

export interface VersionFilter {
  year?: number;
  /** Only with `year`. */
  agencyId?: string;
}

function prefixOf({ year, agencyId }: VersionFilter): string {
  if (agencyId !== undefined && year === undefined) throw new TypeError('an agency filter needs a year');
  if (year === undefined) return '';
  return agencyId === undefined ? yearPrefix(year) : agencyPrefix(year, agencyId);
}

/** The record keys of an agency's versions for a year, without reading them: one listing. */
export async function recordKeysOf(archive: Archive, year: number, agencyId: string): Promise<string[]> {
  return (await Array.fromAsync(listAll(archive, agencyPrefix(year, agencyId)))).flat().filter(isRecordKey);
}

/** How many records each agency has for the year, without reading them: one listing of the year. */
export async function recordCountsOf(archive: Archive, year: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const keys of listAll(archive, yearPrefix(year))) {
    for (const key of keys.filter(isRecordKey)) {
      const agencyId = key.split('/')[1]!;
      counts.set(agencyId, (counts.get(agencyId) ?? 0) + 1);
    }
  }
  return counts;
}

/** Sorted by year, then agency, then newest first; ties in time fall back to the key. */
function byYearAgencyNewest(a: PublicationRecord, b: PublicationRecord): number {
  return (
    a.year - b.year ||
    compare(a.agency.id, b.agency.id) ||
    compare(b.createdAt, a.createdAt) ||
    compare(a.keys.record, b.keys.record)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every version under the filter. A record that cannot be read (ArchiveCorrupt) is passed to
 * `onDamaged` and left out, so one damaged file does not hide the rest; without `onDamaged` it
 * fails the listing. Its agency then has no version marked current for that year: the damaged
 * one may be the newest, and naming an older one current could mislead.
 */
export async function listVersions(archive: Archive, filter: VersionFilter = {}, onDamaged?: (key: string, error: ArchiveCorrupt) => void): Promise<VersionEntry[]> {
  const records: PublicationRecord[] = [];
  /** `{year}/{agency}/` of each damaged record: the first two segments of its key. */
  const damagedAgencies = new Set<string>();
  const read = (key: string) =>
    readRecord(archive, key).catch((error: unknown) => {
      if (!(onDamaged && error instanceof ArchiveCorrupt)) throw error;
      onDamaged(key, error);
      damagedAgencies.add(key.split('/').slice(0, 2).join('/'));
      return null;
    });
  for await (const keys of listAll(archive, prefixOf(filter))) {
    const page = await Promise.all(keys.filter(isRecordKey).map(read));
    for (const record of page) if (record) records.push(record);
  }
  records.sort(byYearAgencyNewest);
  return records.map((record, i) => {
    const previous = records[i - 1];
    const newest = !previous || previous.year !== record.year || previous.agency.id !== record.agency.id;
    return { record, current: newest && !damagedAgencies.has(`${record.year}/${record.agency.id}`) };
  });
}
