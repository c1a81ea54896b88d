/**
 * Printing one document, as an ordered list of small named steps (after Gotenberg's
 * chromedp task list, so the order reads as documentation): open a fresh, isolated page → load the document → print →
 * close the page → finish. Each step is a function of a `PrintJob`, so the order in
 * `PRINT_STEPS` reads as documentation and each step can be tested alone. Puppeteer types only (no Node modules), so
 * @cloudflare/puppeteer can reuse these steps.
 *
 * A page here is a bare target driven through one CDP session of our own, not a puppeteer Page:
 * creating a Page enables the Network, Runtime and lifecycle domains, an isolated world and an
 * init script on every new document, whose events then flow to Node for each request and
 * navigation. Without it a seed print cost ~30 ms less CPU over the browser and Node (~13 %).
 */
import type { Browser, CDPSession, Protocol } from 'puppeteer-core';
import { bytesToHex } from '../bytes';
import { ASSET_ORIGIN, type DocumentAssets } from '../render/assets';
import { finishPdf } from './finish';
import { printOnly } from './print-only';
import { abortError, PrintFailed, PrintTimeout, type PrintDocument, type PrintedPdf } from './printer';

export interface PrintLogger {
  info(event: string, fields: Record<string, unknown>): void;
  warn(event: string, fields: Record<string, unknown>): void;
}

export interface StepTimeouts {
  /** Opening or closing a page: work of the browser alone, a few ms unless it hangs. */
  pageTimeoutMs: number;
  loadTimeoutMs: number;
  printTimeoutMs: number;
}

export interface PrintJob {
  doc: PrintDocument;
  assets: DocumentAssets;
  browser: Browser;
  timeouts: StepTimeouts;
  logger: PrintLogger;
  /** The caller gave up (its client went away): the step under way stops waiting, and the printer closes the page. */
  signal?: AbortSignal;
  /**
   * A page the printer opened and isolated ahead of this document while the browser was idle
   * (chromium.ts); when absent or failed, openPage opens one.
   */
  spare?: Promise<IsolatedPage>;
  page?: IsolatedPage;
  /** The HTML the page loads: the document hidden from the screen (print-only.ts), or as it is. */
  html?: string;
  /** Where the document is loaded from: its own URL, so its fonts' URLs are its own too. */
  url?: string;
  /** Set once the document has loaded: a font asked for after that was not loaded ahead. */
  loaded?: boolean;
  /** Bundled assets the page asked for after the document had loaded (see printPdf). */
  lateAssets?: string[];
  /** Chromium's own PDF, as Page.printToPDF returned it. */
  pdf?: Uint8Array;
  /** The archival PDF that finishDocument made of it. */
  printed?: PrintedPdf;
  /** Bundled assets the page asked for and did not get: a PDF without its fonts is refused. */
  failedAssets?: string[];
}

/**
 * Page.printToPDF parameters. Paper size and the GB/T 9704 margins (37/26/35/28 mm) come from the
 * template's @page (`preferCSSPageSize`; A4 and no margin otherwise), and so do the "— 1 —" page
 * numbers (@page margin boxes, odd pages right, even pages left: format.md §7), because a footer
 * template is a separate document that cannot load our fonts (puppeteer#1853). The document outline
 * makes bookmarks from h1–h6 and needs the tagged PDF (puppeteer PR #11779). The PDF comes back as
 * a stream, read in chunks, instead of one base64 string of the whole file.
 */
export const PRINT_TO_PDF: Protocol.Page.PrintToPDFRequest = {
  paperWidth: 8.2677,
  paperHeight: 11.6929,
  marginTop: 0,
  marginBottom: 0,
  marginLeft: 0,
  marginRight: 0,
  preferCSSPageSize: true,
  printBackground: true,
  displayHeaderFooter: false,
  generateTaggedPDF: true,
  generateDocumentOutline: true,
  transferMode: 'ReturnAsStream',
};

/** Bytes per IO.read of the PDF stream. */
const PDF_CHUNK = 1 << 20;

async function documentUrl(html: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(html)));
  const name = bytesToHex(digest.subarray(0, 12));
  return `${ASSET_ORIGIN}/documents/${name}/`;
}

/**
 * Steps whose work does not depend on the document (opening and closing a page, asking the browser
 * its version): when one of them times out, the browser hangs, and the document can be printed
 * again on another browser.
 */
export const BROWSER_STEPS: ReadonlySet<string> = new Set(['open', 'close', 'version']);

/** `work`, or a PrintTimeout naming `step` once `ms` have passed, or the abort of `signal`. */
export function bounded<T>(work: Promise<T>, step: string, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeout(step, ms)), ms);
    onAbort = () => reject(abortError(signal!));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, limit]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort!);
  });
}

/** A new page whose every request is intercepted, waiting for the document it will serve. */
export interface IsolatedPage {
  /** The one CDP session that drives the page. */
  session: CDPSession;
  /** From now on the page's requests are answered from this job's document and assets. */
  serve(job: PrintJob): void;
  /** Closes the page's target. */
  close(): Promise<void>;
}

/** Asks each browser once; a failed answer is forgotten, so the next caller asks again. */
function oncePerBrowser<T>(ask: (browser: Browser) => Promise<T>): (browser: Browser) => Promise<T> {
  const answers = new WeakMap<Browser, Promise<T>>();
  return (browser) => {
    let answer = answers.get(browser);
    if (!answer) {
      answer = ask(browser);
      answer.catch(() => answers.delete(browser));
      answers.set(browser, answer);
    }
    return answer;
  };
}

/** One CDP session on each browser itself, which creates and closes the pages' targets. */
const controlOf = oncePerBrowser((browser) => browser.target().createCDPSession());

/**
 * No script runs and nothing leaves the page: the document and its bundled assets are answered
 * from memory, every other request (http, https, file, ws, the cloud metadata address, other
 * paths of our own origin) is aborted and logged; `data:` URLs never reach the network and are
 * not paused. This is the SSRF defence that HTML-to-PDF services learned the hard way
 * (wkhtmltopdf's file:// reads, CVE-2022-35583; Gotenberg's deny-list bypasses). Until `serve` names a document, every request is refused. Every answer is marked
 * `no-store` (fulfil): a URL names its document by the hash of its HTML, so no other document
 * asks for it again, yet Blink's memory cache kept each document's fonts after its page closed
 * (~16 MB more per 100 generated reports in one browser, memory-infra dumps).
 *
 * Why Fetch.fulfillRequest with Buffer's base64 rather than puppeteer's request interception:
 * puppeteer encodes a body with String.fromCodePoint over 64 K chunks and btoa, ~55 ms of Node's
 * main thread for ~0.7 MB of fonts, against ~1 ms (a --cpu-prof of 30 seed prints).
 */
export async function openIsolatedPage(browser: Browser, logger: PrintLogger): Promise<IsolatedPage> {
  const control = await controlOf(browser);
  const { targetId } = await control.send('Target.createTarget', { url: 'about:blank' });
  const close = () => control.send('Target.closeTarget', { targetId }).then(() => undefined);
  try {
    const { sessionId } = await control.send('Target.attachToTarget', { targetId, flatten: true });
    const session = control.connection()?.session(sessionId);
    if (!session) throw new PrintFailed('the browser gave no session for a new page');
    let served: PrintJob | undefined;
    session.on('Fetch.requestPaused', (event) => void (served ? answer(served, session, event) : refuse(logger, session, event)));
    await Promise.all([
      session.send('Emulation.setScriptExecutionDisabled', { value: true }),
      session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] }),
      session.send('Page.enable').then(() => session.send('Page.setLifecycleEventsEnabled', { enabled: true })),
    ]);
    return { session, serve: (job) => (served = job), close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * Every document gets a page of its own (issue 3: "a fresh page or context per document"), so no
 * state of one report (its history, its documents, a half-loaded font) can reach the next.
 * Reusing a page saved ~60–140 ms per document in the bench; isolation between publishers is
 * worth more. The page may have been opened ahead (`job.spare`): it is just as new, only its
 * ~20 ms of setup is off the document's path.
 */
export async function openPage(job: PrintJob): Promise<void> {
  const html = printOnly(job.doc.html);
  const opened = Promise.all([job.spare?.catch(() => undefined), documentUrl(html)]).then(
    async ([spare, url]) => [spare ?? (await openIsolatedPage(job.browser, job.logger)), url] as const,
  );
  // Bounded: a browser that hangs answers no command, and puppeteer's own protocol timeout is
  // three minutes. A page that opens after its caller gave up, or after the budget, is nobody's.
  const [page, url] = await bounded(opened, 'open', job.timeouts.pageTimeoutMs, job.signal).catch((error: unknown) => {
    void opened.then(([late]) => late.close()).catch(() => {});
    throw error;
  });
  job.page = page;
  job.html = html;
  job.url = url;
  job.page.serve(job);
}

/** Base64 for CDP; Buffer exists on Node and on Workers with nodejs_compat (wrangler.toml), as in printToPdf. */
const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function fulfil(session: CDPSession, requestId: string, contentType: string, body: Uint8Array) {
  return session.send('Fetch.fulfillRequest', {
    requestId,
    responseCode: 200,
    responseHeaders: [
      { name: 'Content-Type', value: contentType },
      { name: 'Content-Length', value: String(body.byteLength) },
      { name: 'Cache-Control', value: 'no-store' },
    ],
    body: base64(body),
  });
}

async function refuse(logger: PrintLogger, session: CDPSession, event: Protocol.Fetch.RequestPausedEvent): Promise<void> {
  logger.warn('print.request_blocked', { url: event.request.url.slice(0, 200), resourceType: event.resourceType.toLowerCase() });
  await session.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' });
}

async function answer(job: PrintJob, session: CDPSession, event: Protocol.Fetch.RequestPausedEvent): Promise<void> {
  const { requestId, request } = event;
  const url = request.url;
  const late = job.loaded; // read now: making the asset takes a while, and the print may end meanwhile
  try {
    if (url === job.url) {
      await fulfil(session, requestId, 'text/html; charset=utf-8', new TextEncoder().encode(job.html));
      return;
    }
    const path = url.startsWith(job.url!) ? url.slice(job.url!.length) : undefined;
    const asset = path === undefined ? undefined : await job.assets(path);
    if (asset) {
      if (late) (job.lateAssets ??= []).push(path!);
      await fulfil(session, requestId, asset.contentType, asset.body);
      return;
    }
    await refuse(job.logger, session, event);
  } catch (error) {
    // An asset that cannot be made (a missing font file) must fail its request at once, or the
    // page waits for it until the load timeout. If the page closed meanwhile, failing fails too.
    job.logger.warn('print.request_failed', { url: url.slice(0, 200), error: String(error) });
    (job.failedAssets ??= []).push(url.slice(job.url?.length ?? 0));
    await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {});
  }
}

/**
 * Navigates the page to the document and waits for its load event, told apart from any other
 * (the initial about:blank) by the navigation's loader id.
 */
export async function loadDocument(job: PrintJob): Promise<void> {
  if (job.signal?.aborted) throw abortError(job.signal);
  const { session } = job.page!;
  job.loaded = false;
  const loadedLoaders = new Set<string>();
  let navigation: string | undefined;
  let onLoaded!: () => void;
  let notLoaded!: (error: Error) => void;
  const loaded = new Promise<void>((resolve, reject) => {
    onLoaded = resolve;
    notLoaded = reject;
  });
  loaded.catch(() => {}); // awaited through `navigated`; it may fail before navigation answers
  const onLifecycle = (event: Protocol.Page.LifecycleEventEvent) => {
    if (event.name !== 'load') return;
    loadedLoaders.add(event.loaderId);
    if (event.loaderId === navigation) onLoaded();
  };
  // A browser that dies while loading sends no load event: without this the document waited for
  // the load timeout (30 s) before it was printed again on a new browser.
  const onDisconnected = () => notLoaded(new PrintFailed('the browser exited while loading the document'));
  session.on('Page.lifecycleEvent', onLifecycle);
  // `on`, not `once`: puppeteer's `once` registers a wrapper that `off` cannot find, and each
  // document's listener (and with it the whole job) stayed on the browser until it was recycled.
  job.browser.on('disconnected', onDisconnected);
  try {
    const navigated = session.send('Page.navigate', { url: job.url! }).then(({ loaderId, errorText }) => {
      if (errorText) throw new PrintFailed(`the document did not load: ${errorText}`);
      navigation = loaderId;
      if (loaderId && loadedLoaders.has(loaderId)) onLoaded();
      return loaded;
    });
    await bounded(navigated, 'load', job.timeouts.loadTimeoutMs, job.signal);
    job.loaded = true;
  } finally {
    session.off('Page.lifecycleEvent', onLifecycle);
    job.browser.off('disconnected', onDisconnected);
  }
}

/** Page.printToPDF on a loaded page, the stream read to its end: the whole of the print step. */
export async function printToPdf(session: CDPSession): Promise<Uint8Array> {
  const { stream } = await session.send('Page.printToPDF', PRINT_TO_PDF);
  if (!stream) throw new PrintFailed('Page.printToPDF returned no stream');
  const chunks: Uint8Array[] = [];
  for (let eof = false; !eof; ) {
    const chunk = await session.send('IO.read', { handle: stream, size: PDF_CHUNK });
    chunks.push(Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'latin1'));
    eof = chunk.eof;
  }
  await session.send('IO.close', { handle: stream });
  // One chunk (any PDF up to PDF_CHUNK) is the PDF itself: concat would copy it.
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

const printLoaded = (job: PrintJob) => bounded(printToPdf(job.page!.session), 'print', job.timeouts.printTimeoutMs, job.signal);

/**
 * Prints the loaded document. A font asked for after the document had loaded was not loaded
 * ahead by the print-only document's probe (print-only.ts), so Chromium printed that text in an
 * invisible fallback: the document is then loaded again as it is, which its screen layout makes
 * ask for every face it draws with, and printed again. This is a safety net for a template that
 * draws with a face outside the probe's rule, not a guarantee: the font's request is sent while
 * the print lays the document out, and in every print seen it reached Node before the PDF's
 * last chunk, but nothing in Chromium orders the two.
 */
export async function printPdf(job: PrintJob): Promise<void> {
  job.pdf = await printLoaded(job);
  if (job.lateAssets?.length && job.html !== job.doc.html) {
    job.logger.warn('print.font_not_loaded_ahead', { assets: job.lateAssets });
    job.lateAssets = undefined;
    job.html = job.doc.html;
    job.url = await documentUrl(job.html);
    await loadDocument(job);
    job.pdf = await printLoaded(job);
  }
  if (job.lateAssets?.length) throw new PrintFailed(`fonts were asked for only after the document had loaded: ${job.lateAssets.join(', ')}`);
  // Chromium would print with a fallback face (no CJK glyphs on a server): never archive that.
  if (job.failedAssets?.length) throw new PrintFailed(`bundled assets could not be loaded: ${job.failedAssets.join(', ')}`);
}

/** The browser's own name and version (PrintedPdf.printedBy). */
const versionOf = oncePerBrowser((browser) => browser.version());

export async function finishDocument(job: PrintJob): Promise<void> {
  const [finished, printedBy] = await Promise.all([finishPdf(job.pdf!, job.doc.meta), bounded(versionOf(job.browser), 'version', job.timeouts.pageTimeoutMs)]);
  job.printed = { ...finished, printedBy };
}

/** Closes the document's page, within the page budget (a hung browser never answers). */
export async function closePage(job: PrintJob): Promise<void> {
  const page = job.page;
  job.page = undefined;
  if (page) await bounded(page.close(), 'close', job.timeouts.pageTimeoutMs);
}

export const PRINT_STEPS = [openPage, loadDocument, printPdf, closePage, finishDocument] as const;
