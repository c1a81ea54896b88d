/**
 * One hostile file imported in a process of its own (bench/import-hostile.ts). The file's library
 * is loaded first (pdf.js on a one-page PDF, which also loads its worker module), so "idle" is a
 * process ready to import and no more; a worker thread then samples the process's RSS every 2 ms (it runs while the import
 * blocks the main thread) and keeps the peak. Prints the file's size, idle RSS, peak RSS, the time
 * to the outcome, and the outcome.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileKind, importFile } from '../functions/import/adapters';

const BLANK_PDF = '%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF';

const path = process.argv[2]!;
const kind = fileKind(path);
if (kind === 'pdf') await importFile(new TextEncoder().encode(BLANK_PDF), 'blank.pdf').catch(() => undefined);
if (kind === 'docx') await import('mammoth');
const bytes = new Uint8Array(readFileSync(path));

const peak = new Float64Array(new SharedArrayBuffer(8));
const sampler = new Worker(
  `const { workerData } = require('node:worker_threads');
   const peak = new Float64Array(workerData), pause = new Int32Array(new SharedArrayBuffer(4));
   for (;;) { peak[0] = Math.max(peak[0], process.memoryUsage.rss()); Atomics.wait(pause, 0, 0, 2); }`,
  { eval: true, workerData: peak.buffer },
);
await new Promise((resolve) => setTimeout(resolve, 50));
globalThis.gc?.();
const idle = process.memoryUsage.rss();
peak[0] = idle;
const started = performance.now();
let outcome: string;
try {
  const result = await importFile(bytes, path);
  outcome = `read (${result.summary.needsPerson.length} for a person)`;
} catch (error) {
  outcome = `refused: ${(error as Error).message}`;
}
const ms = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 10));
await sampler.terminate();
process.stdout.write(JSON.stringify({ bytes: bytes.byteLength, idle, peak: Math.max(peak[0]!, process.memoryUsage.rss()), ms, outcome: outcome.slice(0, 90) }));
