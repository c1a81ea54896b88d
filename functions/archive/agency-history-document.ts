/**
 * The agency page's history kept as a document, `catalog/agency/{agency}.json` (agency-history.ts):
 * derived data like the rest of the catalog, so a reader may rebuild it at any time, and it is
 * never trusted beyond what one read of the agency directory confirms.
 *
 * It is valid while each year's current version it names is the directory's, year for year. That
 * is enough for the superseded versions too: a publish adds a version newer than its year's current
 * (the archive's clock stamps it), so it becomes the current one and the directory changes with it.
 * (A publisher whose clock lags behind the current version's adds an older version, which its
 * own update of the document puts below the current one; were that update lost, the version would
 * go unseen here until the year's next publish: the clock skew the journal already allows for.) Nothing else changes a published version. `archive verify` need not check
 * these documents for the same reason: every read checks them against the directory, which verify
 * does check. The key figures are checked against today's definitions too, so a release that adds
 * a figure rebuilds every document at its next view.
 */
import { z } from 'zod';
import type { DirectoryEntry, DirectoryYear } from './catalog-directory';
import { publicationRecordSchema, type PublicationRecord } from './record';
import { KEY_FIGURES, type KeyFigures } from '../open-data';

const HISTORY_SCHEMA = 'nianbao.agency-history/1';

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

const documentSchema = z.object({
  schema: z.literal(HISTORY_SCHEMA),
  agency: publicationRecordSchema.shape.agency,
  years: z.array(z.object({ year: z.number().int(), versions: z.array(publicationRecordSchema).min(1), figures: z.record(z.string(), z.number().nullable()) })),
});

/** Only whole years are kept: a damaged year is left for the next view to try again. */
export function encodeAgencyHistory({ agency, years }: AgencyHistory): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ schema: HISTORY_SCHEMA, agency, years: years.map(({ year, versions, figures }) => ({ year, versions, figures })) }));
}

/** The kept history; null when the bytes are not one (damaged, or written by another release). */
export function decodeAgencyHistory(bytes: Uint8Array): AgencyHistory | null {
  let parsed;
  try {
    parsed = documentSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const figureIds = KEY_FIGURES.map(({ id }) => id).join();
  if (parsed.data.years.some(({ figures }) => Object.keys(figures).join() !== figureIds)) return null;
  return { agency: parsed.data.agency, years: parsed.data.years };
}

/** Whether a kept year names the current version the directory names for it. */
export function yearAgrees(kept: AgencyHistoryYear, { year, createdAt, sourceSha256Start }: DirectoryYear): boolean {
  const current = kept.versions[0]!;
  return kept.year === year && Date.parse(current.createdAt) === Date.parse(createdAt) && current.sourceSha256.startsWith(sourceSha256Start);
}

/** Whether the kept history names, year for year, the current versions the directory names. */
export function agreesWith(history: AgencyHistory, entry: DirectoryEntry): boolean {
  return history.agency.id === entry.id && history.years.length === entry.years.length && entry.years.every((year, i) => yearAgrees(history.years[i]!, year));
}
