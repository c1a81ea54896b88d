/**
 * `nianbao archive ls [YEAR [AGENCY]]`: every published version in the archive named by
 * NIANBAO_ARCHIVE, one line each, newest first within an agency's year, the newest marked
 * current. Lines are tab-separated for scripts: year, agency, current|older, created time,
 * pages, bytes, PDF key. `nianbao archive verify [YEAR [AGENCY]]`: the same versions, each one's
 * PDF and source checked against the checksums of its record (archive/verify.ts): one line per
 * version, `ok` or what is wrong, then a `stray` line for each file an interrupted write left in
 * a folder archive, then a `catalog` line for each place where the catalog disagrees with the
 * records; exit 1 when anything is wrong (a stray file that is still being written is listed, not
 * counted). With --json, ls prints one JSON array and verify one object (versions, strays,
 * catalog) instead. `nianbao archive reindex`: rebuilds the catalog from the records
 * (archive/catalog.ts). The CLI is an entry, so this is where the environment is read.
 */
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { Archive, StrayWrite } from '../archive/archive';
import { catalogDrift, reindex, type Drift } from '../archive/catalog';
import { verifyVersion } from '../archive/verify';
import { listVersions, type VersionEntry, type VersionFilter } from '../archive/versions';
import { loadConfig } from '../config';
import { defineCommand, JSON_OPTION, UsageError } from './index';

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

/** A version's check: its year, agency and record key, and each problem of its files (none: ok). */
async function verified(archive: Archive, { record }: VersionEntry) {
  return { year: record.year, agency: record.agency.id, record: record.keys.record, problems: await verifyVersion(archive, record) };
}

/** `stray`, then where, how big, when, and whether an interrupted write left it or one is in progress. */
function strayLine({ path, bytes, modifiedAt, stale }: StrayWrite): string {
  const what = stale ? 'left by an interrupted write; removed when serve or batch next starts' : 'a write in progress';
  return ['stray', path, `${bytes} bytes`, modifiedAt.toISOString(), what].join('\t');
}

export const archiveCommand = defineCommand({
  usage: 'ls|verify [YEAR [AGENCY]] [--json] | reindex',
  details: [
    'ls      every published version, newest first per agency, the newest marked current;',
    '        tab-separated: year, agency, current|older, created, pages, bytes, PDF key',
    "verify  reads each version's PDF and source back and checks their SHA-256 and size against",
    '        its record: ok, or what is wrong; then a stray line for each file an interrupted',
    '        write left in a folder archive, and a catalog line for each version the catalog',
    '        lacks, holds differently, or holds without a record; exit 1 if anything is wrong',
    'reindex rebuilds the catalog from the records (reads every record once)',
    'The archive is NIANBAO_ARCHIVE (default ./archive).',
  ],
  options: { ...JSON_OPTION },
  async run({ values, positionals }, io) {
    const filter = filterOf(positionals);
    const config = loadConfig(process.env);
    let damaged = 0;
    let failed = 0;
    let strays: StrayWrite[] = [];
    let drift: Drift[] = [];
    const results: object[] = [];
    try {
      const archive = await openArchive(config.archive);
      const startedAt = Date.now();
      const versions = await listVersions(archive, filter, (_, error) => {
        damaged++;
        io.err(`nianbao archive: left out: ${error.message}`);
      });
      if (positionals[0] === 'reindex') {
        const rebuilt = await reindex(archive, versions, startedAt);
        io.out(`catalog rebuilt: ${rebuilt.versions} version(s) in ${rebuilt.years} year(s)`);
        return damaged > 0 ? 1 : 0;
      }
      for (const version of versions) {
        if (positionals[0] === 'ls') {
          if (values.json) results.push({ ...version.record, current: version.current });
          else io.out(line(version));
          continue;
        }
        const check = await verified(archive, version);
        if (check.problems.length > 0) failed++;
        if (values.json) results.push({ ...check, ok: check.problems.length === 0 });
        else io.out([check.year, check.agency, check.record, check.problems.length === 0 ? 'ok' : check.problems.join('; ')].join('\t'));
      }
      if (positionals[0] === 'verify') {
        strays = (await archive.strayWrites?.()) ?? [];
        drift = await catalogDrift(archive, versions, filter);
      }
      if (values.json) io.out(JSON.stringify(positionals[0] === 'verify' ? { versions: results, strays, catalog: drift } : results, null, 2));
      else {
        strays.forEach((stray) => io.out(strayLine(stray)));
        drift.forEach(({ key, problem }) => io.out(['catalog', key, problem].join('\t')));
      }
      if (drift.length > 0) io.err(`nianbao archive: the catalog differs from the records in ${drift.length} place(s); \`nianbao archive reindex\` rebuilds it`);
      if (!values.json && versions.length === 0 && damaged === 0) io.err('nianbao archive: no published versions match');
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao archive: ${error.message}`);
      return 1;
    }
    if (failed > 0) io.err(`nianbao archive: ${failed} version(s) do not match their records`);
    const stale = strays.filter((stray) => stray.stale).length;
    if (stale > 0) io.err(`nianbao archive: ${stale} file(s) left by interrupted writes`);
    return damaged + failed + stale + drift.length > 0 ? 1 : 0;
  },
});
