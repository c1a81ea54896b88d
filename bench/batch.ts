/**
 * The year-end batch benchmark (issue 7, "Performance"): 200 generated reports (valid, of varied
 * length; test/helpers/generated-reports.ts) stored as drafts in a fresh local archive, then one
 * batch run at concurrency 1, 2 and 4 on the local defaults (filesystem archive, bundled
 * Chromium with as many browsers as reports in flight). For each: reports per second, the peak
 * memory of the whole process tree (Node + every Chromium process, PSS), the peak over the first
 * 50 and the last 50 reports (flat memory = no growth between them), and a second run of the same
 * batch, which must skip everything. Prints a table with the goals beside the figures and asserts
 * nothing: figures move with the machine's load, which is printed too.
 * BENCH_BATCH_REPORTS=20 makes a quick run while developing.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsArchive } from '../functions/archive/fs';
import { planBatch } from '../functions/batch/plan';
import { runBatch } from '../functions/batch/run';
import { systemClock } from '../functions/clock';
import { storeDraft } from '../functions/drafts/store';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/print/fonts';
import { generateReports, GENERATED_YEAR } from '../test/helpers/generated-reports';
import { treePssMiB } from './memory';

const CONCURRENCIES = [1, 2, 4];
/** Reports at each end of the run whose memory is compared. */
const WINDOW = 50;
const SAMPLE_MS = 250;

interface Measured {
  concurrency: number;
  seconds: number;
  published: number;
  peakMiB: number;
  firstMiB: number;
  lastMiB: number;
  rerunSeconds: number;
  rerunSkipped: number;
}

async function measure(concurrency: number, reports: unknown[]): Promise<Measured> {
  const root = await mkdtemp(join(tmpdir(), 'nianbao-bench-batch-'));
  const archive = createFsArchive({ root });
  const ports = { archive, clock: systemClock };
  for (const report of reports) await storeDraft(report, ports);
  const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency, maxQueued: concurrency });
  try {
    await printer.warm(); // the launch is the cold-start benchmark's business, not the batch's
    const window = Math.min(WINDOW, Math.floor(reports.length / 2));
    let done = 0;
    const samples: { done: number; mib: number }[] = [];
    const sampler = setInterval(() => samples.push({ done, mib: treePssMiB(process.pid) }), SAMPLE_MS);
    const started = performance.now();
    const first = await runBatch(await planBatch(GENERATED_YEAR, ports), { ...ports, printer }, { concurrency, onProgress: (p) => (done = p.done) });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (first.keys) await copyFile(join(root, first.keys.html), summaryCopy(concurrency));
    const peak = (keep: (s: { done: number }) => boolean) => Math.max(0, ...samples.filter(keep).map((s) => s.mib));

    const again = performance.now();
    const rerun = await runBatch(await planBatch(GENERATED_YEAR, ports), { ...ports, printer }, { concurrency });
    return {
      concurrency,
      seconds,
      published: first.summary.counts.published,
      peakMiB: peak(() => true),
      firstMiB: peak((s) => s.done < window),
      lastMiB: peak((s) => s.done >= reports.length - window),
      rerunSeconds: (performance.now() - again) / 1000,
      rerunSkipped: rerun.summary.counts.already,
    };
  } finally {
    await printer.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The summary page of each first run, kept after the archive is removed, to be looked at. */
const summaryCopy = (concurrency: number) => join(tmpdir(), `nianbao-bench-batch-summary-${concurrency}.html`);

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export async function benchBatch(): Promise<void> {
  const count = Number(process.env.BENCH_BATCH_REPORTS ?? 200);
  const reports = generateReports(count);
  const loadBefore = loadavg();
  const results: Measured[] = [];
  for (const concurrency of CONCURRENCIES) results.push(await measure(concurrency, reports));

  const window = Math.min(WINDOW, Math.floor(count / 2));
  const base = results[0]!.published / results[0]!.seconds;
  const header = ['in flight', 'published', 'time', 'reports/s', '× of 1', 'peak PSS', `first ${window}`, `last ${window}`, 'rerun', 'rerun / first'];
  const rows = results.map((r) => {
    const rate = r.published / r.seconds;
    return [
      String(r.concurrency),
      `${r.published}/${count}`,
      `${r.seconds.toFixed(1)} s`,
      rate.toFixed(2),
      `${(rate / base).toFixed(2)}×`,
      `${r.peakMiB.toFixed(0)} MiB`,
      `${r.firstMiB.toFixed(0)} MiB`,
      `${r.lastMiB.toFixed(0)} MiB`,
      `${r.rerunSeconds.toFixed(2)} s (${r.rerunSkipped} skipped)`,
      `${((100 * r.rerunSeconds) / r.seconds).toFixed(1)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ')}`;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  const two = results.find((r) => r.concurrency === 2)!;
  const scaling = two.published / two.seconds / base;
  const flat = results.every((r) => r.lastMiB <= r.firstMiB * 1.1);
  const cheapRerun = results.every((r) => r.rerunSeconds < 0.05 * r.seconds);

  console.log(`\nbatch: ${count} generated 2021 reports (overview ×1–4), filesystem archive, one browser per report in flight`);
  console.log(`load average before: ${load(loadBefore)}; after: ${load(loadavg())}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`  goal: 2 in flight ≥ 1.6× the rate of 1: ${scaling.toFixed(2)}× ${met(scaling >= 1.6)}`);
  console.log(`  goal: memory flat (peak over the last ${window} ≤ the first ${window} + 10%): ${met(flat)}`);
  console.log(`  goal: a second run < 5% of the first: ${met(cheapRerun)}`);
  console.log(`  summary pages of the first runs: ${CONCURRENCIES.map(summaryCopy).join(' ')}`);
}
