/**
 * The Chromium command line, chosen flag by flag from @sparticuz/chromium's defaults
 * (its source/index.ts). Runtime-neutral (strings only).
 */

/**
 * The GPU in software (SwiftShader through ANGLE, in process). Printing to PDF draws with Skia's
 * PDF backend and needs no GPU: with --disable-gpu instead, a browser held 253 instead of 269 MiB
 * PSS after printing the seed six times, and the PDFs were byte-identical (seed report, 2 cores, one browser).
 */
const SOFTWARE_GPU = ['--ignore-gpu-blocklist', '--in-process-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/**
 * Dropped on purpose. --disable-web-security and --allow-running-insecure-content turn off the
 * same-origin and mixed-content checks: harmless while interception holds, but they are the
 * second line of defence. --single-process is added back only when asked
 * (see PrinterOptions.singleProcess). The software GPU gives way to --disable-gpu (above).
 */
const DROPPED = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
  ...SOFTWARE_GPU,
]);

/**
 * Added. The proxy is a dead end on the loopback's discard port, and `<-loopback>` removes
 * Chromium's implicit loopback bypass: anything that escaped request interception (a preconnect,
 * a DNS prefetch, a WebSocket) still reaches no server. --dns-prefetch-disable for the same reason.
 */
const ISOLATION = ['--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>', '--dns-prefetch-disable'];

/**
 * Compositor frames only when a client asks for one (HeadlessExperimental.beginFrame), which we
 * never do: printing paints through its own path, and without the flag the headless shell
 * composites and rasterises the unseen 800×600 viewport at 60 Hz for the whole life of each page.
 * Seed, one document in flight: 427 → 320 ms of CPU per document over the tree (raster thread
 * pool 56 → 18 ms, viz and compositor threads 39 → 4 ms), 3.53 → 4.57 docs/s with two in flight;
 * PDFs byte-identical.
 */
const NO_FRAMES = ['--enable-begin-frame-control'];

/**
 * A feature switched on beside @sparticuz/chromium's. PartitionAlloc, Chromium's allocator, keeps
 * up to 16 emptied slot spans and returns the rest to the system (madvise), so each document
 * faulted its memory in again: ~3 400 page faults per seed document, at ~12 µs each on this
 * machine (a trip through its hypervisor; `npm run bench -- machine`); with the ring of emptied
 * spans that Chrome uses in the foreground, ~2 500, and the seed printed at 7.0 instead of 5.9
 * documents a second alone, 8.9 instead of 7.4 with two in flight, the browsers' memory unchanged
 * (~225 MiB PSS each, flat over 200 documents).
 * puppeteer joins this switch and the defaults' --enable-features into the one Chromium reads.
 */
const SPAN_RING = ['--enable-features=PartitionAllocLargeEmptySlotSpanRing'];

/**
 * V8's first old-generation limit at 4 MB instead of a share of its maximum heap. Blink keeps a
 * document's DOM, styles and layout in Oilpan, which V8 collects together with its own heap, and
 * with no script in the pages nothing else starts a collection: a browser let the garbage of its
 * first ~20 documents pile up to ~98 MB of Oilpan pages, and kept them. Collected from the start,
 * Oilpan held ~50 MB and the browser ~140 instead of ~190 MiB of its own after 100 generated
 * reports (Chromium's memory-infra dumps, one browser), and the benchmarks printed as fast.
 */
const EARLY_COLLECTION = ['--js-flags=--initial-old-space-size=4'];

/**
 * RenderDocument (a new frame for every cross-document navigation) switched off. A report is the
 * one navigation of a page of its own, from the page's blank first document; with RenderDocument
 * that navigation built a second frame and view in the renderer and swapped them in (a trace: ~8 ms
 * of the renderer's time per document). Without it the blank document's frame takes the report:
 * loading took 4–8 ms less and the browser ~8 ms less CPU per document (seed and 52-page report,
 * two browsers taking turns, byte-identical PDFs). puppeteer joins this switch and the defaults'
 * --disable-features into the one Chromium reads.
 */
const ONE_FRAME = ['--disable-features=RenderDocument'];

/**
 * PartitionAlloc's scheduler-loop quarantine switched off. It holds every freed block until the
 * task that freed it ends, so that script cannot reuse it at once (a use-after-free mitigation).
 * Our pages run no script and load nothing but our fonts (request interception), which leaves it
 * little to defend, and it cost more than any other allocator feature: the blocks a document frees
 * reached the system again (madvise), and its next document faulted them back. Seed, two browsers,
 * 50 documents per level, alternating: ~2 300 → ~1 550 page faults and ~198 → ~165 ms of CPU per
 * document, 6.7–6.8 → 7.5–8.2 documents a second alone and 8.4–8.5 → 9.7–10.8 with two in flight;
 * PDFs byte-identical.
 */
const NO_QUARANTINE = ['--disable-features=PartitionAllocSchedulerLoopQuarantine'];

const ADDED = [...ISOLATION, '--disable-gpu', ...NO_FRAMES, ...SPAN_RING, ...EARLY_COLLECTION, ...ONE_FRAME, ...NO_QUARANTINE];

export function chromiumArgs(defaults: readonly string[], options: { singleProcess: boolean }): string[] {
  const args = defaults.filter((flag) => !DROPPED.has(flag));
  if (options.singleProcess) args.push('--single-process');
  return [...args, ...ADDED];
}
