/**
 * The year-end batch benchmark (issue 7, "Performance"): 200 generated reports (valid, of varied
 * length; test/helpers/generated-reports.ts) stored as drafts in a fresh local archive, then one
 * batch run at concurrency 1, 2 and 4 on the local defaults (filesystem archive, bundled
 * Chromium with a browser per report in flight up to one per core, as `nianbao batch` runs).
 * For each: reports per second, the peak memory of the whole process tree (Node + every Chromium
 * process, PSS), the median while the first 50 and the last 50 reports were printed, for the
 * tree and for Node alone, each as PSS and as its anonymous part, and a second run of the same
 * batch, which must skip everything. Flat memory is judged on the anonymous part, what a leak
 * grows: PSS also counts the code pages that the measuring machine's host pages out when idle and
 * a run faults back in (memory.ts). Prints a table with the goals beside the figures and
 * asserts nothing: figures move with the machine's load, which is printed too.
 * BENCH_BATCH_REPORTS=20 makes a quick run while developing.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsArchive } from '../functions/archive/fs';
import { batchPrinterOptions } from '../functions/commands/batch';
import { planBatch } from '../functions/batch/plan';
import { runBatch } from '../functions/batch/run';
import { systemClock } from '../functions/clock';
import { storeDraft } from '../functions/drafts/store';
import { createChromiumPrinter, DEFAULT_PRINTER_OPTIONS } from '../functions/print/chromium';
import { createFontAssets } from '../functions/fonts/node-assets';
import { generateReports, GENERATED_YEAR } from '../test/helpers/generated-reports';
import { treeCpuMs, twoInFlightBound } from './cpu';
import { treeMemoryMiB } from './memory';

const CONCURRENCIES = [1, 2, 4];
/** Reports at each end of the run whose memory is compared. */
const WINDOW = 50;
/**
 * One memory sample of the tree reads smaps_rollup of Node and every browser, ~30 ms of Node's main
 * thread (kernel time walking page tables): every 250 ms that took 13 % of the main thread the
 * batch itself runs on (--cpu-prof, 40 reports). Once a second still gives a median over ~12
 * samples for each end of the run.
 */
const SAMPLE_MS = 1000;

interface Measured {
  concurrency: number;
  seconds: number;
  /** CPU time of the whole tree (Node and every browser) over the run. */
  cpuSeconds: number;
  published: number;
  peakMiB: number;
  /**
   * Each memory measure of the samples (the tree's and Node's PSS, and the anonymous part of each,
   * memory.ts processMemoryMiB) at both ends of the run.
   */
  ends: Record<MemoryMeasure, Ends>;
  rerunSeconds: number;
  rerunSkipped: number;
}

/** Node alone is the batch's own memory, without the browsers'. */
type MemoryMeasure = 'tree' | 'treeAnonymous' | 'node' | 'nodeAnonymous';

type Sample = { done: number } & Record<MemoryMeasure, number>;

/** Medians of one measure's samples while the first and the last reports were printed. */
interface Ends {
  first: number;
  last: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(concurrency: number, reports: unknown[]): Promise<Measured> {
  const root = await mkdtemp(join(tmpdir(), 'nianbao-bench-batch-'));
  const archive = createFsArchive({ root });
  const ports = { archive, clock: systemClock };
  for (const report of reports) await storeDraft(report, ports);
  const printer = createChromiumPrinter({ assets: createFontAssets(), ...batchPrinterOptions(concurrency) });
  try {
    await printer.warm(); // the launch is the cold-start benchmark's business, not the batch's
    const window = Math.min(WINDOW, Math.floor(reports.length / 2));
    let done = 0;
    const samples: Sample[] = [];
    const sampler = setInterval(() => {
      const { tree, treeAnonymous, root: node } = treeMemoryMiB(process.pid);
      samples.push({ done, tree, treeAnonymous, node: node.pss, nodeAnonymous: node.anonymous });
    }, SAMPLE_MS);
    const started = performance.now();
    const cpuBefore = treeCpuMs(process.pid);
    const run = await runBatch(await planBatch(GENERATED_YEAR, ports), { ...ports, printer }, { concurrency, onProgress: (p) => (done = p.done) });
    const cpuSeconds = (treeCpuMs(process.pid) - cpuBefore) / 1000;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (run.keys) await copyFile(join(root, run.keys.html), summaryCopy(reports.length, concurrency));
    const ends = (measure: MemoryMeasure): Ends => ({
      first: median(samples.filter((s) => s.done < window).map((s) => s[measure])),
      last: median(samples.filter((s) => s.done >= reports.length - window).map((s) => s[measure])),
    });

    const again = performance.now();
    const rerun = await runBatch(await planBatch(GENERATED_YEAR, ports), { ...ports, printer }, { concurrency });
    return {
      concurrency,
      seconds,
      cpuSeconds,
      published: run.summary.counts.published,
      peakMiB: Math.max(0, ...samples.map((s) => s.tree)),
      ends: { tree: ends('tree'), treeAnonymous: ends('treeAnonymous'), node: ends('node'), nodeAnonymous: ends('nodeAnonymous') },
      rerunSeconds: (performance.now() - again) / 1000,
      rerunSkipped: rerun.summary.counts.already,
    };
  } finally {
    await printer.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The summary page of each first run, kept after the archive is removed, to be looked at. */
const summaryCopy = (count: number, concurrency: number) => join(tmpdir(), `nianbao-bench-batch-${count}-summary-c${concurrency}.html`);

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export async function benchBatch(): Promise<void> {
  const count = Number(process.env.BENCH_BATCH_REPORTS ?? 200);
  const reports = generateReports(count);
  const loadBefore = loadavg();
  const results: Measured[] = [];
  for (const concurrency of CONCURRENCIES) results.push(await measure(concurrency, reports));

  const window = Math.min(WINDOW, Math.floor(count / 2));
  const base = results[0]!.published / results[0]!.seconds;
  const header = ['in flight', 'published', 'time', 'reports/s', '× of 1', 'CPU/report', 'cores busy', 'peak PSS', `tree first/last ${window}`, 'anonymous', `node first/last`, 'anonymous', 'rerun', 'rerun / first'];
  const rows = results.map((r) => {
    const rate = r.published / r.seconds;
    return [
      String(r.concurrency),
      `${r.published}/${count}`,
      `${r.seconds.toFixed(1)} s`,
      rate.toFixed(2),
      `${(rate / base).toFixed(2)}×`,
      `${((1000 * r.cpuSeconds) / r.published).toFixed(0)} ms`,
      (r.cpuSeconds / r.seconds).toFixed(2),
      `${r.peakMiB.toFixed(0)} MiB`,
      ...(['tree', 'treeAnonymous', 'node', 'nodeAnonymous'] as const).map((measure) => `${r.ends[measure].first.toFixed(0)}/${r.ends[measure].last.toFixed(0)} MiB`),
      `${r.rerunSeconds.toFixed(2)} s (${r.rerunSkipped} skipped)`,
      `${((100 * r.rerunSeconds) / r.seconds).toFixed(1)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ')}`;
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  const two = results.find((r) => r.concurrency === 2)!;
  const scaling = two.published / two.seconds / base;
  const oneBusy = results[0]!.cpuSeconds / results[0]!.seconds;
  const grewAtMost10Percent = ({ first, last }: Ends) => last <= first * 1.1;
  const flat = results.every((r) => grewAtMost10Percent(r.ends.treeAnonymous) && grewAtMost10Percent(r.ends.nodeAnonymous));
  const cheapRerun = results.every((r) => r.rerunSeconds < 0.05 * r.seconds);

  console.log(`\nbatch: ${count} generated 2021 reports (overview ×1–4), filesystem archive, a browser per report in flight, up to one per core`);
  console.log(`load average before: ${load(loadBefore)}; after: ${load(loadavg())}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`  goal: 2 in flight ≥ 1.6× the rate of 1: ${scaling.toFixed(2)}× ${met(scaling >= 1.6)}`);
  console.log(`  (bound: one report in flight kept ${oneBusy.toFixed(2)} of ${availableParallelism()} cores busy, so 2 in flight can reach at most ${twoInFlightBound(oneBusy).toFixed(2)}× its rate)`);
  console.log(`  goal: memory flat (median anonymous memory over the last ${window} reports ≤ the first ${window} + 10%, tree and Node alone): ${met(flat)}`);
  console.log(`  (each browser is replaced after ${DEFAULT_PRINTER_OPTIONS.recycleAfter} documents, so the tree's memory is bounded by that cycle, not by the batch's size)`);
  console.log(`  goal: a second run < 5% of the first: ${met(cheapRerun)}`);
  console.log(`  summary pages of the first runs: ${CONCURRENCIES.map((c) => summaryCopy(count, c)).join(' ')}`);
}
