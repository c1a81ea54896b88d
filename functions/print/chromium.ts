/**
 * The Printer on Node and Lambda: puppeteer-core driving the headless-shell Chromium that
 * @sparticuz/chromium ships. A bounded number of documents at once behind a bounded queue
 * (slots.ts), one supervised single-process browser per slot (supervisor.ts), a fresh page per
 * document printed by the steps of steps.ts, fonts subset per document (fonts/node-assets.ts).
 *
 * Why a browser per slot: the bundled Chromium in --single-process mode gains nothing from a
 * second page in flight (0.94 docs/s with one page, 0.93 with two, measured on 2 cores), and without it every new page
 * spawns a renderer process, which cost ~250 ms per document here against ~30 ms for a page in a
 * single-process browser. Two single-process browsers print on two cores at once. puppeteer-core
 * and @sparticuz/chromium are imported on first launch, so creating a printer costs nothing and
 * the CLI's first document overlaps their import with its own work.
 *
 * Memory: a browser holds ~40 MiB of its own after its first document, ~105 MiB after twenty, and
 * creeps to ~110–120 MiB by its hundredth (generated reports), because V8 collects early and no
 * document's answers stay cached (chromium-args.ts, steps.ts); recycleAfter then replaces it. Told
 * that memory is critically short (Memory.simulatePressureNotification), a browser frees more, but
 * what it gave back its next pages fault in again, and a page fault costs ~12 µs on this machine (a
 * trip through its hypervisor; `npm run bench -- machine`): told so every 20th document, it printed
 * the seed ~30 % slower, one at a time and two at once, than never told. So it is told only when it
 * holds more than relieveAboveMiB of its own after a document. Node-only.
 */
import '../young-generation';
import { availableParallelism, tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { constants, readdirSync, readFileSync } from 'node:fs';
import { access, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { chromiumArgs } from './chromium-args';
import { abortError, PrinterBusy, PrinterClosed, PrinterUnavailable, PrintFailed, PrintTimeout, type PrintDocument, type PrintedPdf, type Printer } from './printer';
import { Slots } from './slots';
import { BROWSER_STEPS, PRINT_STEPS, bounded, closePage, openIsolatedPage, type IsolatedPage, type PrintJob, type PrintLogger } from './steps';
import { privateMiB } from './resident-memory';
import type { AssetSource } from '../render/assets';
import { Supervisor, type SupervisedBrowser } from './supervisor';

export interface PrinterOptions {
  /** Serves the page's bundled fonts; usually `createFontAssets()` (fonts/node-assets.ts). Required. */
  assets: AssetSource;
  /**
   * Chromium binary to run (the CHROMIUM_PATH setting, read by the entry file). Unset: the one in
   * @sparticuz/chromium, unpacked to /tmp on first use (about 2 s once per machine).
   * @default undefined
   */
  executablePath?: string;
  /**
   * Documents printed at once, each in a browser of its own. Each one pins a core while laid out
   * and printed (Page.printToPDF keeps a core busy throughout), so more than the cores only adds latency, and every browser
   * holds ~200 MiB.
   * @default the number of cores
   */
  concurrency?: number;
  /**
   * Documents waiting for a slot before `print` rejects with PrinterBusy (HTTP 503). Each costs
   * only its HTML in memory, but also the wait of everyone behind it.
   * @default 64
   */
  maxQueued?: number;
  /**
   * Documents one browser prints before it is replaced (Gotenberg's chromium-restart-after), to
   * bound slow memory growth (gotenberg#642 led to its default of 100). The replacement launches once the old browser has
   * closed (supervisor.ts): its slot's next document waits ~0.3 s, the other slots print on.
   * @default 100
   */
  recycleAfter?: number;
  /**
   * Keep each browser on a core of its own (the browser of slot i on the i-th CPU this process
   * may use, modulo their number; the browser process's threads only, so single-process mode). A
   * single-process browser's threads mostly take turns, yet left free they ran on both cores, and
   * with two browsers each core kept switching between them. Seed report, two browsers on two
   * cores, ten rounds of 80–100 documents, free and pinned alternating (three sittings): two in
   * flight printed 10.5 documents a second pinned against 9.7 free (+8 %; per round −6 % to
   * +29 %, and no gain at all in the busiest sitting), but one in flight 6.9 against 7.5 (−7 %),
   * since a lone document's browser then has one core. So the batch, which is all
   * throughput, pins (commands/batch.ts), and the server, where a form tool waits for each
   * document, does not. Linux, with util-linux's taskset; without it the browsers run unpinned
   * and a warning says so.
   * @default false
   */
  pinBrowsers?: boolean;
  /**
   * Run each browser's renderer inside its browser process (@sparticuz/chromium's default flag).
   * On, a new page costs ~30 ms; off, every page spawns a renderer process (~250 ms of CPU) but
   * one browser can lay out several documents at once.
   * @default true
   */
  singleProcess?: boolean;
  /**
   * Memory of its own (resident-memory.ts) above which a browser that has just printed is told
   * that memory is critically short, so that it frees what documents left behind. Below it
   * nothing is freed: what a browser gives back, its next pages fault in again, at a cost in speed
   * (see the comment on this module). Browsers level off below it (~115 MiB), so it guards against
   * reports far larger than usual: no browser of the print or batch benchmarks reached it.
   * Counts the browser's main process only, which is the whole browser in single-process mode
   * (the default).
   * @default 150
   */
  relieveAboveMiB?: number;
  /** Budget for starting the browser. @default 20000 (Gotenberg's chromium-start-timeout) */
  launchTimeoutMs?: number;
  /**
   * Budget for opening or closing a page, which takes the browser ~20 ms: one that takes longer
   * hangs, and is replaced, its document printed on the new one. @default 5000
   */
  pageTimeoutMs?: number;
  /** Budget for loading the document with its fonts. @default 30000 */
  loadTimeoutMs?: number;
  /** Budget for the print step (Page.printToPDF and reading the PDF); large reports take ~13 ms per page. @default 60000 */
  printTimeoutMs?: number;
  /**
   * Receives blocked requests and browser trouble (warn), launches, closes and memory relief (info).
   * @default warnings as JSON lines on stderr, info dropped
   */
  logger?: PrintLogger;
}

type ResolvedOptions = Required<Omit<PrinterOptions, 'executablePath' | 'pinBrowsers'>> & Pick<PrinterOptions, 'executablePath' | 'pinBrowsers'>;

export const DEFAULT_PRINTER_OPTIONS: Omit<ResolvedOptions, 'assets'> = {
  concurrency: availableParallelism(),
  maxQueued: 64,
  recycleAfter: 100,
  relieveAboveMiB: 150,
  singleProcess: true,
  launchTimeoutMs: 20_000,
  pageTimeoutMs: 5_000,
  loadTimeoutMs: 30_000,
  printTimeoutMs: 60_000,
  logger: {
    info: () => {},
    warn: (event, fields) => void process.stderr.write(JSON.stringify({ level: 'warn', event, ...fields }) + '\n'),
  },
};

/** A Printer that can also be told to start its browser before the first document arrives. */
export interface ChromiumPrinter extends Printer {
  /** Launches the browser now (the CLI calls it before rendering HTML); otherwise lazy. */
  warm(): Promise<void>;
}

/** Starts of one browser before its launch fails (see launchBrowser). */
const LAUNCH_ATTEMPTS = 2;

/** How long a browser may take to close before its process is killed (Sparticuz README: close can hang). */
const CLOSE_TIMEOUT_MS = 5_000;

/** What launching one browser needs; the benchmark launches its floor browser with the same. */
export type LaunchOptions = Pick<ResolvedOptions, 'executablePath' | 'singleProcess' | 'launchTimeoutMs' | 'logger'> & {
  /** The core to keep every thread of the browser on (see PrinterOptions.pinBrowsers). */
  core?: number;
};

/**
 * The CPUs this process may run on (Cpus_allowed_list: "0-1", "2,3", "0-3,8-11"), in order: a
 * container or `taskset` may allow other CPUs than 0 … n−1. Empty where /proc cannot tell.
 */
function allowedCpus(): number[] {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    return list.split(',').flatMap((range) => {
      const [first, last = first] = range.split('-').map(Number);
      return Array.from({ length: last! - first! + 1 }, (_, index) => first! + index);
    });
  } catch {
    return [];
  }
}

/**
 * Keeps every thread of the browser on one core: `taskset -a` sets the mask of each thread it has,
 * and the threads it starts later inherit it. Child processes are not reached: with
 * `singleProcess: false` the renderers stay free.
 */
async function pinToCore(pid: number, core: number, logger: PrintLogger): Promise<void> {
  try {
    await promisify(execFile)('taskset', ['-a', '-p', '-c', String(core), String(pid)]);
  } catch (error) {
    logger.warn('print.browser_not_pinned', { pid, core, error: String(error).slice(0, 200) });
  }
}

/** User-data folders are named after the process that made them: `nianbao-chromium-<pid>-XXXXXX`. */
const USER_DATA_PREFIX = 'nianbao-chromium-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the user-data folders of processes that are gone: a Node process killed with SIGKILL or
 * by the OOM killer never runs its dispose, and on a warm Lambda each such folder (~1 MB) would stay
 * in /tmp for the life of the container. A folder named after this very pid but older than this
 * process is an orphan too (a restarted Lambda runtime often gets the same pid). Once per process,
 * beside its first launch.
 */
async function removeOrphanedUserData(): Promise<void> {
  const startedAt = Date.now() - process.uptime() * 1000;
  const orphaned = async (folder: string): Promise<boolean> => {
    const pid = Number(new RegExp(`^${USER_DATA_PREFIX}(\\d+)-`).exec(folder)?.[1]);
    if (!pid) return false;
    if (pid !== process.pid) return !alive(pid);
    return (await stat(join(tmpdir(), folder))).mtimeMs < startedAt;
  };
  const folders = await readdir(tmpdir()).catch(() => []);
  await Promise.all(
    folders.map(async (folder) => {
      if (await orphaned(folder).catch(() => false)) await rm(join(tmpdir(), folder), { recursive: true, force: true }).catch(() => {});
    }),
  );
}

let orphansSwept = false;

/**
 * Kills the browser started with this user-data folder, found by its command line: a launch that
 * timed out never handed its process over. Linux (/proc); elsewhere there is nothing to find.
 */
function killStartedWith(userDataDir: string): void {
  const flag = `--user-data-dir=${userDataDir}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(flag)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
}

/** Starts one browser with the printer's flags and a user-data folder of its own. */
export async function launchBrowser(options: LaunchOptions): Promise<SupervisedBrowser<Browser>> {
  options.logger.info('print.browser_launching', {});
  if (!orphansSwept) {
    orphansSwept = true;
    void removeOrphanedUserData();
  }
  const [{ default: puppeteer }, executablePath] = await Promise.all([
    import('puppeteer-core'),
    options.executablePath ?? import('@sparticuz/chromium').then(({ default: chromium }) => chromium.executablePath()),
  ]);
  // puppeteer leaves the spawn error of a file it may not run (EACCES: a CHROMIUM_PATH without
  // the execute bit, a bundled browser unpacked by another user) unhandled, which ends the process.
  await access(executablePath, constants.X_OK).catch((error: unknown) => {
    throw new PrinterUnavailable(`the browser ${executablePath} cannot be run (CHROMIUM_PATH): ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  });
  const { default: chromium } = await import('@sparticuz/chromium');
  const args = chromiumArgs(chromium.args, { singleProcess: options.singleProcess });
  // A folder of its own per browser, removed on dispose: warm Lambdas otherwise fill /tmp
  // (Sparticuz/chromium#231).
  let userDataDir = '';
  let browser: Browser | undefined;
  for (let attempt = 1; !browser; attempt++) {
    userDataDir = await mkdtemp(join(tmpdir(), `${USER_DATA_PREFIX}${process.pid}-`));
    try {
      const launching = puppeteer.launch({ executablePath, args, headless: 'shell', pipe: true, userDataDir, timeout: options.launchTimeoutMs, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
      launching.catch(() => {});
      // Our own bound: puppeteer's covers only its wait for the first page, so a browser that
      // hangs earlier held its first command for the 3-minute protocol timeout, and its own
      // clean-up as long again.
      browser = await bounded(launching, 'launch', options.launchTimeoutMs);
    } catch (error) {
      const timedOut = error instanceof PrintTimeout || (error instanceof Error && error.name === 'TimeoutError');
      if (timedOut) killStartedWith(userDataDir);
      await rm(userDataDir, { recursive: true, force: true });
      if (timedOut) throw new PrinterUnavailable(`the browser did not start within ${options.launchTimeoutMs} ms`, { cause: error });
      // A browser that exits while starting is started once more: under heavy load the test suite
      // saw one close its pipe before answering its first command, once in a few hundred launches.
      if (attempt >= LAUNCH_ATTEMPTS) throw new PrinterUnavailable('the browser did not start', { cause: error });
      options.logger.warn('print.browser_launch_failed', { attempt, error: String(error).slice(0, 300) });
    }
  }
  const pid = browser.process()?.pid;
  if (pid !== undefined && options.core !== undefined) await pinToCore(pid, options.core, options.logger);
  options.logger.info('print.browser_launched', { pid, userDataDir, core: options.core });
  return {
    browser,
    onExit: (callback) => browser.once('disconnected', callback),
    dispose: async () => {
      const closing = browser.close().catch(() => {});
      const timer = setTimeout(() => browser.process()?.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await closing;
      clearTimeout(timer);
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      options.logger.info('print.browser_closed', { pid, userDataDir });
    },
  };
}

/** Runs launches one after another, whichever slot asks (two launches at once crash with ETXTBSY). */
function oneAtATime<A, T>(work: (argument: A) => Promise<T>): (argument: A) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (argument) => {
    const next = last.catch(() => {}).then(() => work(argument));
    last = next;
    return next;
  };
}

/**
 * The page each browser will print its next document on, opened and isolated as soon as its
 * current document is printed: while Node finishes that PDF and the next one is rendered, the
 * browser is idle, so the next document does not wait ~20 ms for a page (seed, one at a time:
 * p50 ~245 → ~230 ms).
 * A browser that dies or is retired takes its spare page with it.
 */
const spares = new WeakMap<Browser, Promise<IsolatedPage>>();

function takeSpare(browser: Browser): Promise<IsolatedPage> | undefined {
  const spare = spares.get(browser);
  spares.delete(browser);
  return spare;
}

function prepareSpare(job: PrintJob): void {
  const spare = openIsolatedPage(job.browser, job.logger);
  spare.catch(() => {}); // a browser that closed meanwhile: the next document opens its own page
  spares.set(job.browser, spare);
}

/** Tells the job's browser that memory is critically short if it holds more than `aboveMiB` of its own. */
async function relieveIfAbove(job: PrintJob, aboveMiB: number): Promise<void> {
  const pid = job.browser.process()?.pid;
  const heldMiB = pid === undefined ? undefined : privateMiB(pid);
  if (heldMiB === undefined || heldMiB <= aboveMiB) return;
  try {
    await bounded(job.page!.session.send('Memory.simulatePressureNotification', { level: 'critical' }), 'relieve', job.timeouts.pageTimeoutMs);
    job.logger.info('print.memory_relieved', { pid, heldMiB: Math.round(heldMiB), aboveMiB });
  } catch (error) {
    // The document is printed; a browser that could not be told is no reason to refuse it.
    job.logger.warn('print.memory_relief_failed', { pid, error: String(error) });
  }
}

async function runSteps(job: PrintJob, relieveAboveMiB: number): Promise<PrintedPdf> {
  try {
    for (const step of PRINT_STEPS) {
      if (step === closePage) {
        await relieveIfAbove(job, relieveAboveMiB);
        prepareSpare(job);
      }
      await step(job);
    }
    return job.printed!;
  } catch (error) {
    // Not waited for: after a timeout the browser may hang, and the printer retires it anyway.
    void closePage(job).catch(() => {});
    throw error;
  }
}

export function createChromiumPrinter(options: PrinterOptions): ChromiumPrinter {
  if (!options?.assets) throw new TypeError('Missing required option `assets` (see createFontAssets)');
  const resolved: ResolvedOptions = { ...DEFAULT_PRINTER_OPTIONS, ...options };
  const slots = new Slots(resolved.concurrency, resolved.maxQueued);
  const launch = oneAtATime((core: number | undefined) => launchBrowser({ ...resolved, core }));
  const cpus = resolved.pinBrowsers ? allowedCpus() : [];
  const supervisors = Array.from({ length: resolved.concurrency }, (_, slot) => new Supervisor(() => launch(cpus.length > 0 ? cpus[slot % cpus.length] : undefined), resolved.recycleAfter));
  let closed = false;

  /**
   * One attempt on one browser. A browser that exits mid-document, or hangs while opening or
   * closing its page, is replaced and the document retried once on the new one.
   */
  async function attempt(doc: PrintDocument, slot: number, retriesLeft: number, signal?: AbortSignal): Promise<PrintedPdf> {
    const lease = await supervisors[slot]!.acquire();
    const job: PrintJob = {
      doc,
      assets: resolved.assets.forDocument(doc.html),
      browser: lease.browser,
      spare: takeSpare(lease.browser),
      timeouts: resolved,
      logger: resolved.logger,
      signal,
    };
    // A caller that gives up mid-document (an HTTP client gone) frees its slot at once: the step
    // under way stops waiting (steps.ts, bounded), the page is closed, and the browser prints the
    // next document.
    try {
      const printed = await runSteps(job, resolved.relieveAboveMiB);
      lease.release();
      return printed;
    } catch (error) {
      lease.release(error instanceof PrintTimeout);
      if (signal?.aborted) throw abortError(signal);
      const hung = error instanceof PrintTimeout && BROWSER_STEPS.has(error.step);
      if ((lease.exited() || hung) && retriesLeft > 0) {
        resolved.logger.warn(hung ? 'print.browser_hung' : 'print.browser_exited', { retrying: true });
        return attempt(doc, slot, retriesLeft - 1, signal);
      }
      if (error instanceof PrintTimeout || error instanceof PrintFailed || error instanceof PrinterBusy) throw error;
      throw PrintFailed.wrapping(error);
    }
  }

  return {
    print(doc, signal) {
      if (closed) return Promise.reject(new PrinterClosed());
      return slots.run((slot) => attempt(doc, slot, 1, signal), signal);
    },
    warm: () => supervisors[0]!.warm(),
    stats: () => ({ printing: slots.running, queued: slots.queued, browserRestarts: supervisors.reduce((sum, supervisor) => sum + supervisor.restarts, 0) }),
    async close() {
      closed = true;
      await Promise.all(supervisors.map((supervisor) => supervisor.close()));
    },
  };
}
