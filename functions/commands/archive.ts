/**
 * `nianbao archive ls [YEAR [AGENCY]]`: every published version in the archive named by
 * NIANBAO_ARCHIVE, one line each, newest first within an agency's year, the newest marked
 * current. Lines are tab-separated for scripts: year, agency, current|older, created time,
 * pages, bytes, PDF key. `nianbao archive verify [YEAR [AGENCY]]`: the same versions, each one's
 * PDF and source checked against the checksums of its record (archive/verify.ts): one line per
 * version, `ok` or what is wrong, then every place where the catalog disagrees with the records
 * (`catalog` lines), and exit 1 when anything is wrong. `nianbao archive reindex`: rebuilds the
 * catalog from the records (archive/catalog.ts). The CLI is an entry, so this is where the
 * environment is read.
 */
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { Archive } from '../archive/archive';
import { catalogDrift, catalogYears, reindex } from '../archive/catalog';
import { verifyVersion } from '../archive/verify';
import { listVersions, type VersionEntry, type VersionFilter } from '../archive/versions';
import { loadConfig } from '../config';
import { UsageError, type Command } from './index';

const SUBCOMMANDS = ['ls', 'verify', 'reindex'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function filterOf(args: string[]): VersionFilter {
  const [sub, year, agency, ...extra] = args;
  if (!SUBCOMMANDS.includes(sub as Subcommand)) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (sub === 'reindex' && year !== undefined) throw new UsageError('reindex rebuilds the whole catalog and takes no year or agency');
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

/** The years whose catalog `verify` compares with the records: the filter's, or every year either knows. */
async function yearsToCompare(archive: Archive, filter: VersionFilter, versions: VersionEntry[]): Promise<number[]> {
  if (filter.year !== undefined) return [filter.year];
  return [...new Set([...versions.map(({ record }) => record.year), ...(await catalogYears(archive))])];
}

export const archiveCommand: Command = {
  summary: 'list the published versions in the archive, verify their checksums and the catalog, or rebuild the catalog',
  usage: 'nianbao archive ls|verify [YEAR [AGENCY]] | nianbao archive reindex',
  async run(args, io) {
    const filter = filterOf(args);
    const config = loadConfig(process.env);
    let damaged = 0;
    let failed = 0;
    let drifted = 0;
    try {
      const archive = await openArchive(config.archive);
      const startedAt = Date.now();
      const versions = await listVersions(archive, filter, (_, error) => {
        damaged++;
        io.err(`nianbao archive: left out: ${error.message}`);
      });
      if (args[0] === 'reindex') {
        const rebuilt = await reindex(archive, versions, startedAt);
        io.out(`catalog rebuilt: ${rebuilt.versions} version(s) in ${rebuilt.years} year(s)`);
        return damaged > 0 ? 1 : 0;
      }
      for (const version of versions) {
        if (args[0] === 'ls') {
          io.out(line(version));
          continue;
        }
        const { text, ok } = await verified(archive, version);
        if (!ok) failed++;
        io.out(text);
      }
      if (args[0] === 'verify') {
        const drift = await catalogDrift(archive, versions, await yearsToCompare(archive, filter, versions), filter.agencyId);
        for (const { key, problem } of drift) io.out(['catalog', key, problem].join('\t'));
        drifted = drift.length;
        if (drifted > 0) {
          io.err(`nianbao archive: the catalog differs from the records in ${drift.length} place(s); \`nianbao archive reindex\` rebuilds it`);
        }
      }
      if (versions.length === 0 && damaged === 0) io.err('nianbao archive: no published versions match');
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao archive: ${error.message}`);
      return 1;
    }
    if (failed > 0) io.err(`nianbao archive: ${failed} version(s) do not match their records`);
    return damaged + failed + drifted > 0 ? 1 : 0;
  },
};
