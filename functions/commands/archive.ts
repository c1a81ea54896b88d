/**
 * `nianbao archive ls [YEAR [AGENCY]]`: every published version in the archive named by
 * NIANBAO_ARCHIVE, one line each, newest first within an agency's year, the newest marked
 * current. Lines are tab-separated for scripts: year, agency, current|older, created time,
 * pages, bytes, PDF key. `nianbao archive verify [YEAR [AGENCY]]`: the same versions, each one's
 * PDF and source checked against the checksums of its record (archive/verify.ts): one line per
 * version, `ok` or what is wrong, then a `stray` line for each file an interrupted write left in
 * a folder archive; exit 1 when anything is wrong (a stray file that is still being written is
 * listed, not counted). The CLI is an entry, so this is where the environment is read.
 */
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { Archive } from '../archive/archive';
import { verifyVersion } from '../archive/verify';
import { listVersions, type VersionEntry, type VersionFilter } from '../archive/versions';
import { loadConfig } from '../config';
import { UsageError, type Command } from './index';

const SUBCOMMANDS = ['ls', 'verify'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function filterOf(args: string[]): VersionFilter {
  const [sub, year, agency, ...extra] = args;
  if (!SUBCOMMANDS.includes(sub as Subcommand)) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
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

/** `ok`, or each problem of the version's files, after its year and agency. */
async function verified(archive: Archive, { record }: VersionEntry): Promise<{ text: string; ok: boolean }> {
  const problems = await verifyVersion(archive, record);
  return { text: [record.year, record.agency.id, record.keys.record, problems.length === 0 ? 'ok' : problems.join('; ')].join('\t'), ok: problems.length === 0 };
}

/** One line per file an interrupted write left behind; returns how many are stale. */
async function reportStrayWrites(archive: Archive, out: (line: string) => void): Promise<number> {
  const strays = (await archive.strayWrites?.()) ?? [];
  for (const { path, bytes, modifiedAt, stale } of strays) {
    const what = stale ? 'left by an interrupted write; removed when serve or batch next starts' : 'a write in progress';
    out(['stray', path, `${bytes} bytes`, modifiedAt.toISOString(), what].join('\t'));
  }
  return strays.filter((stray) => stray.stale).length;
}

export const archiveCommand: Command = {
  summary: 'list the published versions in the archive, or verify their checksums',
  usage: 'nianbao archive ls|verify [YEAR [AGENCY]]',
  async run(args, io) {
    const filter = filterOf(args);
    const config = loadConfig(process.env);
    let damaged = 0;
    let failed = 0;
    let strays = 0;
    try {
      const archive = await openArchive(config.archive);
      const versions = await listVersions(archive, filter, (_, error) => {
        damaged++;
        io.err(`nianbao archive: left out: ${error.message}`);
      });
      for (const version of versions) {
        if (args[0] === 'ls') {
          io.out(line(version));
          continue;
        }
        const { text, ok } = await verified(archive, version);
        if (!ok) failed++;
        io.out(text);
      }
      if (args[0] === 'verify') strays = await reportStrayWrites(archive, io.out);
      if (versions.length === 0 && damaged === 0) io.err('nianbao archive: no published versions match');
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao archive: ${error.message}`);
      return 1;
    }
    if (failed > 0) io.err(`nianbao archive: ${failed} version(s) do not match their records`);
    if (strays > 0) io.err(`nianbao archive: ${strays} file(s) left by interrupted writes`);
    return damaged + failed + strays > 0 ? 1 : 0;
  },
};
