/**
 * Storing one published report in an `Archive`, all-or-nothing and idempotent (issue 4):
 * the PDF and the source go in first under content-addressed keys, the record last. Until the
 * record exists nothing is listed, so a crash between writes leaves nothing visible, and a retry
 * finds the first objects already present and completes the version.
 *
 * The version is keyed by the SHA-256 of the canonical source JSON rather than of the PDF: the
 * source hash is known before rendering, so the year-end batch skips an already-published report
 * without starting Chromium ("skip those whose exact content is already published"), and a newer
 * Chromium that prints different bytes for the same source cannot split one report into two
 * versions. The record still carries the PDF's own hash and size, and the PDF is stored under it.
 *
 * The catalog (catalog.ts) follows the record: a journal line goes in just before it, the year's
 * index is updated just after, then the agency's kept history (agency-history.ts) if it has one. A
 * publish that stops between the two is repaired from the journal; one that fails before the record
 * leaves nothing to list.
 */
import type { Clock } from '../clock';
import type { Report } from '../report';
import type { Archive } from './archive';
import { canonicalJson } from './canonical-json';
import { ArchiveCorrupt } from './errors';
import { parseAgencyId, parseYear, pdfKey, recordKey, sourceKey } from './keys';
import { keepPublishedVersion } from './agency-history';
import { catalogRecord, writeJournal } from './catalog';
import { encodeRecord, publicationRecordSchema, readRecord, RECORD_SCHEMA, type PublicationRecord } from './record';
import { sha256Hex } from './sha256';

export { readRecord };

export interface StorePorts {
  archive: Archive;
  clock: Clock;
}

export interface ReportIdentity {
  year: number;
  agencyId: string;
  /** The report as parsed JSON: the value the PDF was rendered from. Stored canonicalised. */
  source: unknown;
}

export interface Publication extends ReportIdentity {
  /** The source as the publisher parsed it, when it did: the agency's kept history takes its key figures from it. */
  report?: Report;
  pdf: Uint8Array;
  pages: number;
  formatVersion: string;
  templateVersion: string;
  /** The browser that printed the PDF, when the publisher knows it. */
  printedBy?: string;
  agencyName: string;
  /** The report's region (report.agency.region), when it names one. */
  agencyRegion?: string;
  exceptions: { rule: string; reason: string }[];
  /** How many warnings rule P gave the report, when the publisher checked it. */
  proseWarnings?: number;
}

export interface StoreResult {
  record: PublicationRecord;
  /** false when this exact source was already published; then nothing new was stored. */
  created: boolean;
}

interface Version {
  year: number;
  agencyId: string;
  sourceBytes: Uint8Array;
  sourceSha256: string;
  recordKey: string;
}

async function versionOf({ year, agencyId, source }: ReportIdentity): Promise<Version> {
  const sourceBytes = new TextEncoder().encode(canonicalJson(source));
  const sourceSha256 = await sha256Hex(sourceBytes);
  const validYear = parseYear(year);
  const validAgency = parseAgencyId(agencyId);
  return {
    year: validYear,
    agencyId: validAgency,
    sourceBytes,
    sourceSha256,
    recordKey: recordKey(validYear, validAgency, sourceSha256),
  };
}

/** The record of this exact source, if it is already published: lets a rerun skip printing. */
export async function findPublished(archive: Archive, report: ReportIdentity): Promise<PublicationRecord | null> {
  return readRecord(archive, (await versionOf(report)).recordKey);
}

export async function storePublication({ archive, clock }: StorePorts, publication: Publication): Promise<StoreResult> {
  const version = await versionOf(publication);
  const existing = await readRecord(archive, version.recordKey);
  if (existing) return { record: existing, created: false };

  const pdfSha256 = await sha256Hex(publication.pdf);
  const keys = {
    pdf: pdfKey(version.year, version.agencyId, pdfSha256),
    source: sourceKey(version.year, version.agencyId, version.sourceSha256),
    record: version.recordKey,
  };
  await archive.putIfAbsent(keys.pdf, publication.pdf, { sha256: pdfSha256 });
  await archive.putIfAbsent(keys.source, version.sourceBytes, { sha256: version.sourceSha256 });

  const record = publicationRecordSchema.parse({
    schema: RECORD_SCHEMA,
    sha256: pdfSha256,
    bytes: publication.pdf.byteLength,
    pages: publication.pages,
    formatVersion: publication.formatVersion,
    templateVersion: publication.templateVersion,
    ...(publication.printedBy ? { printedBy: publication.printedBy } : {}),
    agency: { id: version.agencyId, name: publication.agencyName, ...(publication.agencyRegion ? { region: publication.agencyRegion } : {}) },
    year: version.year,
    createdAt: clock.now().toISOString(),
    exceptions: publication.exceptions,
    ...(publication.proseWarnings === undefined ? {} : { proseWarnings: publication.proseWarnings }),
    sourceSha256: version.sourceSha256,
    keys,
  } satisfies PublicationRecord);
  await writeJournal(archive, record);
  const { created } = await archive.putIfAbsent(keys.record, encodeRecord(record));
  if (created) {
    await catalogRecord(archive, record, clock.now().getTime());
    if (publication.report) await keepPublishedVersion(archive, record, publication.report);
    return { record, created };
  }

  // Another publisher of the same source committed first; its record is the one that counts.
  const winner = await readRecord(archive, keys.record);
  if (!winner) throw new ArchiveCorrupt(`record ${keys.record} exists but cannot be read`);
  return { record: winner, created: false };
}
