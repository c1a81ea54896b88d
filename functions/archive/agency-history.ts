/**
 * One agency's history (issue 19, point 5): every year it published, each year's versions newest
 * first, and the key figures of each year's current version. It costs the agency, not the archive:
 * the catalog finds the agency in each year's index (a binary search on ids), and only its current
 * versions' sources are read, one per year, all at once. A year whose source is damaged keeps its
 * versions and loses only its figures.
 */
import type { Archive } from './archive';
import { ArchiveCorrupt } from './errors';
import { recordOf } from './catalog-index';
import { catalogPage } from './catalog-query';
import type { PublicationRecord } from './record';
import { readSourceReport } from './source';
import { keyFigures, tableCells, type KeyFigures } from '../open-data';

export interface AgencyHistoryYear {
  year: number;
  /** Newest first: the first is the current version, whose figures these are. */
  versions: PublicationRecord[];
  /** Null when the current version's source cannot be read: `damaged` says why. */
  figures: KeyFigures | null;
  damaged?: string;
}

export interface AgencyHistory {
  /** As the newest year's current version names it. */
  agency: PublicationRecord['agency'];
  /** Newest year first. */
  years: AgencyHistoryYear[];
}

/** The agency's history; null when it never published. */
export async function agencyHistory(archive: Archive, agencyId: string): Promise<AgencyHistory | null> {
  const { rows } = await catalogPage(archive, { agencyId }, { limit: Number.MAX_SAFE_INTEGER, newestYearFirst: true });
  if (rows.length === 0) return null;
  const years = await Promise.all(
    rows.map(async ({ year, entry }) => {
      const versions = entry.versions.map((version) => recordOf(year, entry.id, version));
      try {
        return { year, versions, figures: keyFigures(tableCells(await readSourceReport(archive, versions[0]!))) };
      } catch (error) {
        // One damaged source must not hide the agency's other years: `archive verify` names it.
        if (error instanceof ArchiveCorrupt) return { year, versions, figures: null, damaged: error.message };
        throw error;
      }
    }),
  );
  return { agency: years[0]!.versions[0]!.agency, years };
}
