/**
 * `nianbao archive ls [YEAR [AGENCY]]`: every published version in the archive named by
 * NIANBAO_ARCHIVE, one line each, newest first within an agency's year, the newest marked
 * current. Lines are tab-separated for scripts: year, agency, current|older, created time,
 * pages, bytes, PDF key. The CLI is an entry, so this is where the environment is read.
 */
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import { listVersions, type VersionEntry, type VersionFilter } from '../archive/versions';
import { loadConfig } from '../config';
import { UsageError, type Command } from './index';

function filterOf(args: string[]): VersionFilter {
  const [sub, year, agency, ...extra] = args;
  if (sub !== 'ls') throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  try {
    return {
      year: year === undefined ? undefined : parseYear(year),
      agencyId: agency === undefined ? undefined : parseAgencyId(agency),
    };
  } catch (error) {
    if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
    throw error;
  }
}

function line({ record, current }: VersionEntry): string {
  return [
    record.year,
    record.agency.id,
    current ? 'current' : 'older',
    record.createdAt,
    `${record.pages} pages`,
    `${record.bytes} bytes`,
    record.keys.pdf,
  ].join('\t');
}

export const archiveCommand: Command = {
  summary: 'list the published versions in the archive',
  usage: 'nianbao archive ls [YEAR [AGENCY]]',
  async run(args, io) {
    const filter = filterOf(args);
    const config = loadConfig(process.env);
    let versions;
    let damaged = 0;
    try {
      versions = await listVersions(await openArchive(config.archive), filter, (_, error) => {
        damaged++;
        io.err(`nianbao archive: left out: ${error.message}`);
      });
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao archive: ${error.message}`);
      return 1;
    }
    for (const version of versions) io.out(line(version));
    if (versions.length === 0 && damaged === 0) io.err('nianbao archive: no published versions match');
    return damaged > 0 ? 1 : 0;
  },
};
