/**
 * `npm run bench`: every benchmark of the project, one after another, each printing its table:
 * the printer (issue 3) and where its CPU goes by thread, the HTTP server under load (issue 5),
 * the year-end batch (issue 7). `npm run bench -- print threads load batch` runs a subset.
 */
import { benchBatch } from './batch';
import { benchLoad } from './load';
import { benchPrint } from './print';
import { benchThreads } from './threads';

const BENCHMARKS: Record<string, () => Promise<unknown>> = { print: benchPrint, threads: benchThreads, load: benchLoad, batch: benchBatch };

const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHMARKS)) {
  const run = BENCHMARKS[name];
  if (!run) throw new Error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  await run();
}
