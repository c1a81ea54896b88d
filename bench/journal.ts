/**
 * The catalog's journal on the local folder (issue 19): every catalog read lists its journal from
 * just before its mark, and on the folder a listing reads the names of every folder it enters. With
 * BENCH_JOURNAL_LINES lines (35,000: seven years of a province) spread over BENCH_JOURNAL_DAYS
 * days, this times a read of the agency directory (the all-years journal, every line) and of a
 * year's index (its own journal, a seventh of them), and the journal listing inside each, in three
 * archives: every line flat, as releases before the buckets wrote them (and as the folder read them:
 * every name, whatever the start); every line in its bucket (keys.ts `journalStartAfter`); and an
 * archive upgraded late, the flat lines of its first years and the bucketed ones since.
 * Lines are written as files in the archive's layout; their records are not needed, since a read
 * whose mark is past every line never opens one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Archive } from '../functions/archive/archive';
import { readDirectory, readIndex } from '../functions/archive/catalog';
import { emptyDirectory, encodeDirectory } from '../functions/archive/catalog-directory';
import { emptyIndex, encodeIndex } from '../functions/archive/catalog-index';
import { createFsArchive } from '../functions/archive/fs';
import { AGENCY_DIRECTORY_KEY, allYearsJournalKey, catalogIndexKey, journalKey } from '../functions/archive/keys';
import { sha256Hex } from '../functions/archive/sha256';
import { flatJournalKey } from '../test/helpers/flat-journal';

const LINES = Number(process.env.BENCH_JOURNAL_LINES ?? 35_000);
const DAYS = Number(process.env.BENCH_JOURNAL_DAYS ?? 400);
const RUNS = Number(process.env.BENCH_JOURNAL_RUNS ?? 30);
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
/** The year whose index is read: its journal holds every seventh line. */
const READ_YEAR = 2025;
/** The upgraded archive's bucketed lines: its last tenth. */
const UPGRADED_AT = Math.floor(LINES * 0.9);

interface Line {
  year: number;
  at: Date;
  keys: [string, string];
}

/** Line `i` of LINES, spread evenly over DAYS days that ended two days ago (no read takes them for publishes in progress). */
async function lineOf(i: number, end: number): Promise<Line> {
  const year = YEARS[i % YEARS.length]!;
  const at = new Date(end - Math.round(((LINES - 1 - i) / LINES) * DAYS * 86_400_000));
  const agencyId = `body-${String(i).padStart(5, '0')}`;
  const sha = await sha256Hex(new TextEncoder().encode(`source ${i}`));
  return { year, at, keys: [journalKey(year, at, agencyId, sha), allYearsJournalKey(year, at, agencyId, sha)] };
}

type Layout = (key: string, i: number) => string;

const LAYOUTS: [string, Layout][] = [
  ['flat (as before)', flatJournalKey],
  ['bucketed', (key) => key],
  [`upgraded (${UPGRADED_AT} flat, then bucketed)`, (key, i) => (i < UPGRADED_AT ? flatJournalKey(key) : key)],
];

/** An archive in `root` whose journals hold `lines` laid out by `layout`, and whose index and directory are marked at their last line. */
async function seed(root: string, lines: Line[], layout: Layout): Promise<Archive> {
  const body = new TextEncoder().encode('{"record":"none"}\n');
  const folders = new Set(lines.flatMap(({ keys }, i) => keys.map((key) => dirname(join(root, ...layout(key, i).split('/'))))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (let i = 0; i < lines.length; i += 500) {
    await Promise.all(lines.slice(i, i + 500).flatMap(({ keys }, j) => keys.map((key) => writeFile(join(root, ...layout(key, i + j).split('/')), body))));
  }
  const archive = createFsArchive({ root });
  const lastOfYear = lines.findLastIndex((line) => line.year === READ_YEAR);
  await archive.replaceDocument(catalogIndexKey(READ_YEAR), encodeIndex({ ...emptyIndex(READ_YEAR), journalMark: layout(lines[lastOfYear]!.keys[0], lastOfYear) }), null);
  await archive.replaceDocument(AGENCY_DIRECTORY_KEY, encodeDirectory({ ...emptyDirectory(), journalMark: layout(lines.at(-1)!.keys[1], lines.length - 1) }), null);
  return archive;
}

/** The archive, timing each listing and counting the keys it answers. */
function timingLists(archive: Archive, listings: { ms: number; keys: number }[]): Archive {
  return {
    ...archive,
    list: async (prefix, options) => {
      const started = performance.now();
      const page = await archive.list(prefix, options);
      listings.push({ ms: performance.now() - started, keys: page.keys.length });
      return page;
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** p50 over RUNS of `read`, and of the journal listings it made; the keys its listing answered. */
async function measure(archive: Archive, read: (archive: Archive) => Promise<unknown>): Promise<{ read: number; listing: number; keys: number }> {
  const reads: number[] = [];
  const listings: { ms: number; keys: number }[] = [];
  const timed = timingLists(archive, listings);
  await read(timed); // the first read decodes the document; the others find it unchanged, as a running server does
  listings.length = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await read(timed);
    reads.push(performance.now() - started);
  }
  return { read: median(reads), listing: median(listings.map(({ ms }) => ms)), keys: listings[0]!.keys };
}

export async function benchJournal(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'nianbao-bench-journal-'));
  try {
    const end = Date.now() - 2 * 86_400_000;
    const lines = await Promise.all(Array.from({ length: LINES }, (_, i) => lineOf(i, end)));
    console.log(`\nCatalog journal on the local folder: ${LINES} lines over ${DAYS} days (${YEARS.length} years), each in its year's journal and the all-years one; p50 of ${RUNS} reads`);
    console.log('layout                                   directory read  its listing  keys   index read  its listing  keys');
    for (const [n, [name, layout]] of LAYOUTS.entries()) {
      const archive = await seed(join(folder, String(n)), lines, layout);
      const directory = await measure(archive, (a) => readDirectory(a));
      const index = await measure(archive, (a) => readIndex(a, READ_YEAR));
      const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(11);
      console.log(`${name.padEnd(40)} ${ms(directory.read).padStart(14)}  ${ms(directory.listing)}  ${String(directory.keys).padStart(4)}  ${ms(index.read)}  ${ms(index.listing)}  ${String(index.keys).padStart(4)}`);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
