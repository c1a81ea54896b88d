/**
 * One agency's history (issue 19, point 5): every year it published, each year's versions newest
 * first, and the key figures of each year's current version. A year whose source is damaged keeps
 * its versions and loses only its figures.
 *
 * Built from the catalog it costs the agency, not the archive, but still one index and one source
 * per year (22 requests on S3 for 7 years). So the result is kept as a document of its own,
 * `catalog/agency/{agency}.json` (agency-history-document.ts), written by the first reader that
 * finds it missing or stale, and brought up to date by each publish when it exists. A view reads
 * the agency directory and that document at once and answers from the document when each year's
 * current version it names is the directory's: 3 requests on S3. When a year is stale all the same
 * (the publish's update lost or failed), only that year is read again (its index with its
 * journal's last minutes, and its current source) and the document written back: 7 requests, once.
 */
import type { Archive } from './archive';
import { readDirectory, readIndex } from './catalog';
import { directoryEntryFor, type DirectoryEntry } from './catalog-directory';
import { entryOf, entryPosition, lineAt, recordOf } from './catalog-index';
import { agreesWith, decodeAgencyHistory, encodeAgencyHistory, yearAgrees, type AgencyHistory, type AgencyHistoryYear } from './agency-history-document';
import { ArchiveCorrupt } from './errors';
import { agencyHistoryKey } from './keys';
import type { PublicationRecord } from './record';
import { readSourceReport } from './source';
import type { Report } from '../report';
import { keyFigures, tableCells } from '../open-data';

export type { AgencyHistory, AgencyHistoryYear } from './agency-history-document';

/** The agency's history; null when it never published. */
export async function agencyHistory(archive: Archive, agencyId: string): Promise<AgencyHistory | null> {
  const key = agencyHistoryKey(agencyId);
  // An unreadable document is only a missed shortcut: the page is built again below.
  const [directory, stored] = await Promise.all([readDirectory(archive), archive.readDocument(key).catch(() => null)]);
  const entry = directoryEntryFor(directory, agencyId);
  if (!entry) return null;
  const decoded = stored ? decodeAgencyHistory(stored.body) : null;
  const kept = decoded?.agency.id === entry.id ? decoded : null;
  if (kept && agreesWith(kept, entry)) return kept;
  const history = await historyFromCatalog(archive, entry, kept);
  if (history.years.length === 0) return null;
  // A damaged year is not kept, so that the next view tries its source again; a failed write
  // (storage busy, another reader writing first) only leaves the next view to build it again.
  if (history.years.every((year) => year.figures !== null)) {
    await archive.replaceDocument(key, encodeAgencyHistory(history), stored?.version ?? null).catch(() => null);
  }
  return history;
}

/**
 * Puts a version just published into the agency's kept history, so that the next view still
 * answers from the document (3 requests on S3) rather than reading the year again. Only a history
 * that exists is updated (the first view builds a missing one). A lost race or a failed or lost write only leaves the next view to
 * read the year again, so the write may be acknowledged before it is safe from a power cut.
 */
export async function keepPublishedVersion(archive: Archive, record: PublicationRecord, report: Report): Promise<void> {
  const key = agencyHistoryKey(record.agency.id);
  const stored = await archive.readDocument(key).catch(() => null);
  const kept = stored ? decodeAgencyHistory(stored.body) : null;
  if (!stored || !kept || kept.agency.id !== record.agency.id) return;
  const earlier = kept.years.find(({ year }) => year === record.year);
  const versions = [record, ...(earlier?.versions ?? []).filter(({ sourceSha256 }) => sourceSha256 !== record.sourceSha256)];
  versions.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  // A publisher whose clock lags adds an older version: the current one, and its figures, stay.
  const figures = versions[0] === record || !earlier ? keyFigures(tableCells(report)) : earlier.figures;
  const years = [...kept.years.filter(({ year }) => year !== record.year), { year: record.year, versions, figures }].sort((a, b) => b.year - a.year);
  const history = { agency: years[0]!.versions[0]!.agency, years };
  await archive.replaceDocument(key, encodeAgencyHistory(history), stored.version, { repairable: true }).catch(() => null);
}

/**
 * The history for the years the directory names: a kept year that still names the year's current
 * version as it is, any other from the year's index (the agency's line, by binary search) and current source.
 */
async function historyFromCatalog(archive: Archive, entry: DirectoryEntry, kept: AgencyHistory | null): Promise<AgencyHistory> {
  const years = await Promise.all(
    entry.years.map((current) => kept?.years.find((year) => yearAgrees(year, current)) ?? yearFromCatalog(archive, entry.id, current.year)),
  );
  const found = years.filter((year): year is AgencyHistoryYear => year !== null);
  return { agency: found[0]?.versions[0]!.agency ?? { id: entry.id, name: entry.name }, years: found };
}

async function yearFromCatalog(archive: Archive, agencyId: string, year: number): Promise<AgencyHistoryYear | null> {
  const index = await readIndex(archive, year);
  const { at, found } = entryPosition(index, agencyId);
  if (!found) return null;
  const versions = entryOf(lineAt(index, at), year).versions.map((version) => recordOf(year, agencyId, version));
  try {
    return { year, versions, figures: keyFigures(tableCells(await readSourceReport(archive, versions[0]!))) };
  } catch (error) {
    // One damaged source must not hide the agency's other years: `archive verify` names it.
    if (error instanceof ArchiveCorrupt) return { year, versions, figures: null, damaged: error.message };
    throw error;
  }
}
