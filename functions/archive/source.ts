/**
 * The report a published version was printed from, read back from its source JSON. It was valid
 * when archived; one that no longer parses (damaged, or written by an older model) is the
 * operator's to repair: ArchiveCorrupt, never a report half understood.
 */
import { parseReport, type ParseResult, type Report } from '../report';
import { readObject, type Archive } from './archive';
import { ArchiveCorrupt } from './errors';
import type { PublicationRecord } from './record';

export async function readSourceReport(archive: Archive, record: PublicationRecord, parse: (json: unknown) => ParseResult = parseReport): Promise<Report> {
  const bytes = await readObject(archive, record.keys.source);
  if (!bytes) throw new ArchiveCorrupt(`the source of ${record.keys.record} was listed but cannot be read`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ArchiveCorrupt(`the source of ${record.keys.record} is not JSON`);
  }
  const parsed = parse(json);
  if (!parsed.ok) throw new ArchiveCorrupt(`the source of ${record.keys.record} no longer parses: ${parsed.problems[0]?.en ?? ''}`);
  return parsed.report;
}
