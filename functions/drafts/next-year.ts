/**
 * The draft an agency starts its year from: its current published report of the year before,
 * read from the archive, carried forward by report/next-year.ts. Nothing is stored here: the
 * author fills the draft in and stores it like any other (store.ts).
 */
import { readObject, type Archive } from '../archive/archive';
import { ArchiveCorrupt } from '../archive/errors';
import { listVersions } from '../archive/versions';
import { NotFound } from '../errors';
import { nextYearDraft, parseLastYear } from '../report';

export async function draftFromArchive(archive: Archive, year: number, agencyId: string): Promise<Record<string, unknown>> {
  const current = (await listVersions(archive, { year: year - 1, agencyId })).find((entry) => entry.current);
  if (!current) throw new NotFound(`no published ${year - 1} report of ${agencyId} to start ${year} from`);
  const bytes = await readObject(archive, current.record.keys.source);
  if (!bytes) throw new ArchiveCorrupt(`the source of ${current.record.keys.record} was listed but cannot be read`);
  const parsed = parseLastYear(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.ok) throw new ArchiveCorrupt(`the source of ${current.record.keys.record} no longer parses: ${parsed.problems[0]?.en ?? ''}`);
  return nextYearDraft(parsed.report, year);
}
