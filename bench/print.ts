/**
 * Printing benchmark (issue 3): warm latency per document one at a time against the page.pdf()
 * floor measured in the same run, throughput at 1/2/4 in flight, peak memory of the process tree
 * with 2 in flight, cold start in a child process, and the seed PDF's size. Prints a table; it
 * asserts nothing (figures vary with the machine and its load). Baseline: shared/docs/perf-anchors.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { chromiumArgs } from '../functions/print/chromium-args';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/print/fonts';
import type { AssetSource, PrintDocument } from '../functions/print/printer';
import { PDF_OPTIONS, isolatePage, loadDocument, openPage, type PrintJob } from '../functions/print/steps';
import { PRINT_SAMPLE_META, printSampleHtml } from '../test/fixtures/print-sample';

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Sum of PSS (or RSS where smaps_rollup is unreadable) over a process and all its descendants. */
function treeMemoryMiB(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {}
  }
  let kib = 0;
  const visit = (pid: number) => {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kib += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {}
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return kib / 1024;
}

async function warmLatency(print: (doc: PrintDocument) => Promise<Uint8Array>, doc: PrintDocument, runs: number) {
  for (let index = 0; index < 3; index++) await print(doc);
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await print(doc);
    times.push(performance.now() - start);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function throughput(print: (doc: PrintDocument) => Promise<Uint8Array>, doc: PrintDocument, inFlight: number, total: number) {
  // One round first, so every slot's browser is launched before the clock starts.
  await Promise.all(Array.from({ length: inFlight }, () => print(doc)));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await print(doc);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

/** page.pdf() alone on a page that already holds the document and its fonts. */
async function floor(assets: AssetSource, doc: PrintDocument, runs: number) {
  const browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromiumArgs(chromium.args, { singleProcess: true }),
    headless: 'shell',
    pipe: true,
  });
  const job: PrintJob = {
    doc,
    assets: assets.forDocument(doc.html),
    browser,
    timeouts: { loadTimeoutMs: 60_000, printTimeoutMs: 60_000 },
    logger: { info: () => {}, warn: () => {} },
  };
  await openPage(job);
  await isolatePage(job);
  await loadDocument(job);
  for (let index = 0; index < 3; index++) await job.page!.pdf(PDF_OPTIONS);
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await job.page!.pdf(PDF_OPTIONS);
    times.push(performance.now() - start);
  }
  await browser.close();
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

function coldStart(): Promise<number> {
  const out = join(tmpdir(), `nianbao-cold-${process.pid}.pdf`);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/print-cold.ts', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('written') && statSync(out).size > 0) resolve(performance.now() - start);
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`cold child exited ${code}`)));
  });
}

export async function benchPrint(): Promise<void> {
  const assets = createFontAssets();
  const seed: PrintDocument = { html: printSampleHtml(1), meta: PRINT_SAMPLE_META };
  const large: PrintDocument = { html: printSampleHtml(10), meta: PRINT_SAMPLE_META };
  const rows: [string, string, string][] = [];

  const printer = createChromiumPrinter({ assets, concurrency: 4, maxQueued: 1000 });
  const print = (doc: PrintDocument) => printer.print(doc);
  const seedPdf = await print(seed);
  const warmSeed = await warmLatency(print, seed, 20);
  const warmLarge = await warmLatency(print, large, 8);
  const rates = new Map<number, number>();
  let peak = 0;
  for (const inFlight of [1, 2, 4]) {
    const sampler = setInterval(() => inFlight === 2 && (peak = Math.max(peak, treeMemoryMiB(process.pid))), 50);
    rates.set(inFlight, await throughput(print, seed, inFlight, 16));
    clearInterval(sampler);
  }
  await printer.close();

  const floorSeed = await floor(assets, seed, 15);
  const floorLarge = await floor(assets, large, 6);
  const cold = [await coldStart(), await coldStart(), await coldStart()];

  rows.push(['warm seed p50 / p95', `${ms(warmSeed.p50)} / ${ms(warmSeed.p95)}`, 'anchor 1060 / 1276 ms']);
  rows.push(['floor seed p50 / p95', `${ms(floorSeed.p50)} / ${ms(floorSeed.p95)}`, 'anchor 115 / 191 ms']);
  rows.push(['seed p50 / floor p50', `${(warmSeed.p50 / floorSeed.p50).toFixed(2)}×`, 'goal ≤ 2.5×']);
  rows.push(['warm large p50 / p95', `${ms(warmLarge.p50)} / ${ms(warmLarge.p95)}`, 'anchor 2064 / 2580 ms']);
  rows.push(['floor large p50 / p95', `${ms(floorLarge.p50)} / ${ms(floorLarge.p95)}`, 'anchor 654 / 933 ms']);
  rows.push(['large p50 / floor p50', `${(warmLarge.p50 / floorLarge.p50).toFixed(2)}×`, 'goal ≤ 1.5×']);
  for (const [inFlight, rate] of rates) rows.push([`throughput seed, ${inFlight} in flight`, `${rate.toFixed(2)} docs/s`, inFlight === 1 ? 'anchor 0.94' : `${(rate / rates.get(1)!).toFixed(2)}× of 1 (goal ≥ 1.6× at 2)`]);
  rows.push(['peak PSS, process tree, 2 in flight', `${peak.toFixed(0)} MiB`, 'goal ≤ 700 (anchor 473)']);
  rows.push(['cold start → PDF written (median of 3)', ms(quantile(cold, 0.5)), 'goal ≤ 1500 (anchor 2070)']);
  rows.push(['seed PDF size', `${(seedPdf.byteLength / 1000).toFixed(0)} KB`, 'goal ≤ 300 (anchor 415)']);

  const width = Math.max(...rows.map((row) => row[0].length));
  console.log('\nprint (fixture test/fixtures/print-sample.html; large = 10 copies)');
  for (const [name, value, note] of rows) console.log(`  ${name.padEnd(width)}  ${value.padStart(18)}   ${note}`);
}
