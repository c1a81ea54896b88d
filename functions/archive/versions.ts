/**
 * Listing published versions for archivists: every committed record under a year or an
 * agency's year, newest first within each agency and year, the newest marked current. A
 * corrected report is a new version beside the old one (issue 4), so "current" is a reading of
 * the records' times, never a pointer that could be rewritten.
 */
import { listAll, type Archive } from './archive';
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

export async function listVersions(archive: Archive, filter: VersionFilter = {}): Promise<VersionEntry[]> {
  const records: PublicationRecord[] = [];
  for await (const keys of listAll(archive, prefixOf(filter))) {
    const page = await Promise.all(keys.filter(isRecordKey).map((key) => readRecord(archive, key)));
    for (const record of page) if (record) records.push(record);
  }
  records.sort(byYearAgencyNewest);
  return records.map((record, i) => {
    const previous = records[i - 1];
    const current = !previous || previous.year !== record.year || previous.agency.id !== record.agency.id;
    return { record, current };
  });
}
