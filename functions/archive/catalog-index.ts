/**
 * One year's catalog index (catalog.ts): every agency that published that year, sorted by id, each
 * with all its versions newest first. A version is its record without what the year, the agency id
 * and the hashes already say (the schema name and the keys), so the index holds every record of the
 * year losslessly: `recordOf` gives back the record exactly, which is what lets pages and the API
 * answer from the index alone and `archive verify` compare the two field by field. Pure: no I/O.
 */
import { z } from 'zod';
import { pdfKey, recordKey, sourceKey } from './keys';
import { publicationRecordSchema, RECORD_SCHEMA, type PublicationRecord } from './record';

export const CATALOG_SCHEMA = 'nianbao.catalog/1';

const versionSchema = publicationRecordSchema
  .omit({ schema: true, agency: true, year: true, keys: true })
  .extend({ name: z.string().min(1), region: z.string().min(1).optional() });

const entrySchema = z.object({ id: z.string().min(1), versions: z.array(versionSchema).min(1) });

export const catalogIndexSchema = z.object({
  schema: z.literal(CATALOG_SCHEMA),
  year: z.number().int(),
  /** The last journal key (keys.ts `journalKey`) whose publish is in this index or was abandoned. */
  journalMark: z.string().nullable(),
  entries: z.array(entrySchema),
});

export type CatalogVersion = z.infer<typeof versionSchema>;
export type CatalogEntry = z.infer<typeof entrySchema>;
export type CatalogIndex = z.infer<typeof catalogIndexSchema>;

export function emptyIndex(year: number): CatalogIndex {
  return { schema: CATALOG_SCHEMA, year, journalMark: null, entries: [] };
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

/** Where `agencyId` is or would go in the sorted entries. */
export function entryPosition(index: CatalogIndex, agencyId: string): { at: number; found: boolean } {
  let low = 0;
  let high = index.entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (index.entries[middle]!.id < agencyId) low = middle + 1;
    else high = middle;
  }
  return { at: low, found: index.entries[low]?.id === agencyId };
}

/** Adds the record's version to the index in place; false when it was there already. */
export function addRecord(index: CatalogIndex, record: PublicationRecord): boolean {
  const { at, found } = entryPosition(index, record.agency.id);
  const version = versionOf(record);
  if (!found) {
    index.entries.splice(at, 0, { id: record.agency.id, versions: [version] });
    return true;
  }
  const entry = index.entries[at]!;
  if (entry.versions.some((known) => known.sourceSha256 === record.sourceSha256)) return false;
  entry.versions.push(version);
  entry.versions.sort(newestFirst);
  return true;
}

/** The source hashes the index holds: how the repair pass tells an indexed publish from a missed one. */
export function indexedSources(index: CatalogIndex): Set<string> {
  return new Set(index.entries.flatMap((entry) => entry.versions.map((version) => version.sourceSha256)));
}
