/**
 * `nianbao batch --year YEAR [--from DIR] [--concurrency N] [--json]`: publish the current draft of every
 * agency for YEAR (issue 7). With --from, the folder's reports are stored as drafts first, so
 * "a batch from a folder" and "a batch of drafts sent by form tools" are one path. Progress goes
 * to stderr (a bar on a terminal, plain lines in logs); the counts and the summary's location go
 * to stdout (with --json, the summary itself and its location, as one JSON object). Exit 0 when every report is published or already archived as its agency's current
 * version, 1 when any is invalid, failed, left undone (stopped with Ctrl-C) or archived but not
 * current (a draft turned back to an earlier version), 2 on a usage error.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { openArchive, type ArchiveLocation } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseYear } from '../archive/keys';
import { planKey } from '../batch/keys';
import { planBatch } from '../batch/plan';
import { runBatch, type BatchRun } from '../batch/run';
import { notCurrent } from '../batch/model';
import { allPublished } from '../batch/summary';
import { systemClock } from '../clock';
import { loadConfig, type Config } from '../config';
import { createChromiumPrinter, type PrinterOptions } from '../print/chromium';
import { createFontAssets } from '../fonts/node-assets';
import { storeDraftFolder } from './draft-files';
import { recordCliWrite } from './audit';
import { defineCommand, JSON_OPTION, UsageError, type CommandIo, type Values } from './index';
import { createProgressReporter } from './progress';

const MAX_CONCURRENCY = 64;

/**
 * The printer of a batch with `concurrency` reports in flight: a browser for each, but no more
 * browsers than cores. A document keeps a core busy while it prints (chromium.ts), so more
 * browsers only add memory (~180 MiB each): 200 reports at concurrency 4 on 2 cores published at
 * 7.3 reports/s with 4 browsers and with 2, peaking at 866 and 604 MiB, and the 4 browsers' memory
 * grew by a third from the first 50 reports to the last 50 while they warmed up (npm run bench --
 * batch). The reports beyond the browsers are read, validated, rendered and archived meanwhile,
 * and wait for a browser in the printer's queue. Several browsers are each kept on a core of
 * their own (PrinterOptions.pinBrowsers): a batch is all throughput.
 */
export function batchPrinterOptions(concurrency: number, cores = availableParallelism()): Pick<PrinterOptions, 'concurrency' | 'maxQueued' | 'pinBrowsers'> {
  const browsers = Math.min(concurrency, cores);
  return { concurrency: browsers, maxQueued: concurrency, pinBrowsers: browsers > 1 };
}

const OPTIONS = {
  year: { type: 'string', value: 'YEAR', help: 'the year whose reports to publish (required)' },
  from: { type: 'string', value: 'DIR', help: "store the folder's *.json reports as drafts first" },
  concurrency: { type: 'string', value: 'N', help: `reports in flight at once, 1–${MAX_CONCURRENCY} (default NIANBAO_CONCURRENCY)` },
  ...JSON_OPTION,
} as const;

interface BatchArgs {
  year: number;
  from?: string;
  concurrency?: number;
}

function argsOf(values: Values<typeof OPTIONS>, positionals: string[]): BatchArgs {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.year === undefined) throw new UsageError('--year YEAR is required');
  let year: number;
  try {
    year = parseYear(values.year);
  } catch (error) {
    if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
    throw error;
  }
  // Digits only: Number() would also take "0x2", "1e1" and " 2".
  const concurrency = values.concurrency === undefined ? undefined : /^\d+$/.test(values.concurrency) ? Number(values.concurrency) : NaN;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${values.concurrency}"`);
  }
  return { year, from: values.from, concurrency };
}

/** Where an operator finds a stored key: a file path, or an s3:// URL. */
function locationOf(archive: ArchiveLocation, key: string): string {
  return archive.kind === 'fs' ? resolve(archive.root, key) : `s3://${archive.bucket}/${archive.prefix}${key}`;
}

export const batchCommand = defineCommand({
  usage: '--year YEAR [--from DIR] [--concurrency N] [--json]',
  details: [
    'Publishes the current draft of every agency for YEAR. Progress goes to stderr; the counts and the',
    "summary's location to stdout. Ctrl-C lets the reports in flight finish; a rerun publishes what is left.",
    'Exit 1 when any report is invalid, failed, not done, or archived but not current.',
  ],
  options: OPTIONS,
  async run({ values, positionals }, io) {
    const { year, from, concurrency: wanted } = argsOf(values, positionals);
    const config = loadConfig(process.env);
    try {
      return await batch(year, from, wanted ?? config.concurrency, config, values.json === true, io);
    } catch (error) {
      // Planning reads the whole year's drafts: storage that is down stops the batch before it starts.
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao batch: ${error.message}`);
      return 1;
    }
  },
});

async function batch(year: number, from: string | undefined, concurrency: number, config: Config, json: boolean, io: CommandIo): Promise<number> {
  const archive = await openArchive(config.archive);
  const ports = { archive, clock: systemClock };
  for (const stray of (await archive.sweepStrayWrites?.()) ?? []) io.err(`nianbao batch: removed ${stray.path} (${stray.bytes} bytes), left by an interrupted write`);

  const rejected = from === undefined ? [] : await storeDraftFolder(from, year, ports, io);
  const plan = { ...(await planBatch(year, ports)), rejected };
  await recordCliWrite(archive, 'batch.start', { target: planKey(year, plan.runId) });
  io.err(`nianbao batch ${year}: ${plan.pending.length} to publish, ${plan.already.length} already archived, ${rejected.length} rejected (run ${plan.runId})`);

  // The browser starts on the first print only, so a batch with nothing left never launches it.
  const printer = createChromiumPrinter({ assets: createFontAssets(), ...batchPrinterOptions(concurrency), executablePath: config.chromiumPath });
  const progress = createProgressReporter({ isTTY: process.stderr.isTTY === true, columns: process.stderr.columns, write: (text) => process.stderr.write(text) });
  const stop = new AbortController();
  const onSignal = () => {
    stop.abort();
    // Once: a second Ctrl-C finds no handler and ends the process at once, as usual.
    progress.finish();
    io.err('nianbao batch: stopping after the reports in flight (Ctrl-C again to quit now; a rerun finishes the rest)');
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let run;
  try {
    run = await runBatch(plan, { archive, printer, clock: systemClock }, { concurrency, signal: stop.signal, onProgress: progress.update });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    progress.finish();
    await printer.close();
  }

  if (json) printJson(run, config.archive, io);
  else printOutcome(run, config.archive, io);
  return allPublished(run.summary) && !run.storeError ? 0 : 1;
}

function printOutcome(run: BatchRun, location: ArchiveLocation, io: CommandIo): void {
  const { counts, year, runId } = run.summary;
  io.out(`batch ${year} run ${runId}: ${counts.published} published, ${counts.already} already archived, ${counts.invalid} invalid, ${counts.failed} failed${counts.pending ? `, ${counts.pending} not done (stopped; run again to finish)` : ''}`);
  if (run.summary.missing.length > 0) {
    io.out(`${run.summary.missing.length} agencies that must report for ${year} sent no draft and published nothing: ${run.summary.missing.map((agency) => agency.agencyId).join(', ')}`);
  }
  for (const line of notCurrent(run.summary)) {
    io.err(`${line.agencyId}: already archived, but not current: the agency's later version ${line.newer!.pdf} stays current; change the draft (e.g. its publication date) to publish it as current`);
  }
  for (const line of run.summary.reports) {
    if (line.outcome === 'failed') io.err(`${line.agencyId}: failed: ${line.error.name}: ${line.error.message}`);
    if (line.outcome === 'invalid' && line.agencyId) io.err(`${line.agencyId}: invalid: ${line.problems.length} problem(s)`);
  }
  if (run.keys) {
    io.out(`summary: ${locationOf(location, run.keys.html)}`);
    io.out(`summary (JSON): ${locationOf(location, run.keys.json)}`);
  }
  if (run.storeError) io.err(`nianbao batch: could not store the run's state: ${run.storeError.name}: ${run.storeError.message}; run again when the storage is back`);
}

function printJson(run: BatchRun, location: ArchiveLocation, io: CommandIo): void {
  const stored = run.keys && { html: locationOf(location, run.keys.html), json: locationOf(location, run.keys.json) };
  const storeError = run.storeError && `${run.storeError.name}: ${run.storeError.message}`;
  io.out(JSON.stringify({ ...run.summary, stored, storeError }, null, 2));
}
