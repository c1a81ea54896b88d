/**
 * The record of one published version: what was archived, from what, by which template, and
 * which rule exceptions the publisher acknowledged. It is stored as `{sourceSha256}.record.json`
 * and written last, so its presence is what makes a version exist (keys.ts). The schema checks
 * records read back from storage, which outlive the code that wrote them.
 */
import { z } from 'zod';
import type { Archive } from './archive';
import { readStoredJson } from './stored-json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const RECORD_SCHEMA = 'nianbao.record/1';

export const publicationRecordSchema = z.object({
  /** Names this record format, so later readers can tell old records apart. */
  schema: z.literal(RECORD_SCHEMA),
  /** SHA-256 of the PDF bytes. */
  sha256,
  bytes: z.number().int().positive(),
  pages: z.number().int().positive(),
  formatVersion: z.string().min(1),
  templateVersion: z.string().min(1),
  /** The browser that printed the PDF (PrintedPdf.printedBy); absent in records written before it was kept. */
  printedBy: z.string().min(1).optional(),
  /** The region as the report names it (report.agency.region); absent when the report has none. */
  agency: z.object({ id: z.string().min(1), name: z.string().min(1), region: z.string().min(1).optional() }),
  year: z.number().int(),
  /** ISO 8601 UTC, from the Clock of the publishing process. */
  createdAt: z.iso.datetime(),
  /**
   * Rule violations (勾稽关系) the publisher chose to publish anyway, each named by its cell and
   * figures, with a reason; records written before acknowledgements named cells have rule and reason only.
   */
  exceptions: z.array(
    z.object({
      rule: z.string().min(1),
      cell: z.string().min(1).optional(),
      expected: z.number().int().optional(),
      found: z.number().int().optional(),
      reason: z.string().min(1),
    }),
  ),
  /**
   * How many warnings rule P (the text's figures against the tables) gave the report when it was
   * published: the year's dashboard counts them from the catalog without reading any source.
   * Absent in records written before it was kept.
   */
  proseWarnings: z.number().int().nonnegative().optional(),
  /** SHA-256 of the canonical source JSON: the version's identity. */
  sourceSha256: sha256,
  keys: z.object({ pdf: z.string(), source: z.string(), record: z.string() }),
});

/** Named apart from TypeScript's built-in `Record<K, V>`, which a plain `Record` would shadow. */
export type PublicationRecord = z.infer<typeof publicationRecordSchema>;

/** Pretty-printed with a final newline: archivists read these files by hand. */
export function encodeRecord(record: PublicationRecord): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
}

/** Reads and checks the record at `key`; null when the version is not (yet) committed. */
export async function readRecord(archive: Archive, key: string): Promise<PublicationRecord | null> {
  return readStoredJson(archive, key, publicationRecordSchema, `record (${RECORD_SCHEMA})`);
}
