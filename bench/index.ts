/**
 * `npm run bench`: every benchmark of the project, one after another, each printing its table:
 * the printer (issue 3) and where its CPU goes by thread, the HTTP server under load (issue 5),
 * the year-end batch (issue 7), what a second core adds on this machine at all, the
 * prose-against-tables check on real reports (issue 17), the memory of font subsetting in the
 * Worker's runtime (issue 18), the workspace's live checks in the browser (issue 21), and the
 * archive's catalog on 35,000 records and its journal's listing on the folder (issue 19).
 * `npm run bench -- print threads load batch machine` runs a subset.
 * Each benchmark's module is loaded only when it runs, so the printing benchmark measures a
 * process that holds the printer, not also the archive's S3 client and the load generator.
 */
import '../functions/young-generation';

const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  print: async () => (await import('./print')).benchPrint(),
  threads: async () => (await import('./threads')).benchThreads(),
  load: async () => (await import('./load')).benchLoad(),
  batch: async () => (await import('./batch')).benchBatch(),
  machine: async () => (await import('./machine')).benchMachine(),
  prose: async () => (await import('./prose')).benchProse(),
  worker: async () => (await import('./worker-memory')).benchWorkerMemory(),
  import: async () => (await import('./import')).benchImport(),
  workspace: async () => (await import('./workspace')).benchWorkspace(),
  catalog: async () => (await import('./catalog')).benchCatalog(),
  journal: async () => (await import('./journal')).benchJournal(),
};

const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(BENCHMARKS)) {
  const run = BENCHMARKS[name];
  if (!run) throw new Error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  await run();
}
