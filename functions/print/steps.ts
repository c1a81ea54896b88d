/**
 * Printing one document, as an ordered list of small named steps (shared/docs/conventions.md §8,
 * after Gotenberg's chromedp task list): open a fresh, isolated page → load the document → print →
 * close the page → finish. Each step is a function of a `PrintJob`, so the order in
 * `PRINT_STEPS` reads as documentation and each step can be tested alone. Puppeteer types only (no Node modules), so
 * @cloudflare/puppeteer can reuse these steps.
 */
import type { Browser, CDPSession, Page, PDFOptions, Protocol } from 'puppeteer-core';
import { ASSET_ORIGIN } from '../render/assets';
import { finishPdf } from './finish';
import { PrintFailed, PrintTimeout, type DocumentAssets, type PrintDocument, type PrintedPdf } from './printer';

export interface PrintLogger {
  info(event: string, fields: Record<string, unknown>): void;
  warn(event: string, fields: Record<string, unknown>): void;
}

export interface StepTimeouts {
  loadTimeoutMs: number;
  printTimeoutMs: number;
}

export interface PrintJob {
  doc: PrintDocument;
  assets: DocumentAssets;
  browser: Browser;
  timeouts: StepTimeouts;
  logger: PrintLogger;
  /**
   * A page the printer opened and isolated ahead of this document while the browser was idle
   * (chromium.ts); when absent or failed, openPage opens one.
   */
  spare?: Promise<IsolatedPage>;
  page?: Page;
  /** Where the document is loaded from: its own URL, so its fonts' URLs are its own too. */
  url?: string;
  /** Chromium's own PDF, as page.pdf() returned it. */
  pdf?: Uint8Array;
  /** The archival PDF that finishDocument made of it. */
  printed?: PrintedPdf;
  /** Bundled assets the page asked for and did not get: a PDF without its fonts is refused. */
  failedAssets?: string[];
}

/**
 * page.pdf options. Paper size and the GB/T 9704 margins (37/26/35/28 mm) come from the
 * template's @page, and so do the "— 1 —" page numbers (@page margin boxes, odd pages right,
 * even pages left: format.md §7), because a footerTemplate is a separate document that cannot
 * load our fonts (anchors §2 #2). `outline` makes bookmarks from h1–h6 and requires `tagged`
 * (puppeteer PR #11779).
 */
export const PDF_OPTIONS: PDFOptions = {
  format: 'A4',
  preferCSSPageSize: true,
  printBackground: true,
  displayHeaderFooter: false,
  tagged: true,
  outline: true,
  waitForFonts: true,
};

async function documentUrl(html: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(html)));
  const name = Array.from(digest.subarray(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${ASSET_ORIGIN}/documents/${name}/`;
}

function bounded<T>(work: Promise<T>, step: string, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeout(step, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A new page whose every request is intercepted, waiting for the document it will serve. */
export interface IsolatedPage {
  page: Page;
  /** From now on the page's requests are answered from this job's document and assets. */
  serve(job: PrintJob): void;
}

/**
 * No script runs and nothing leaves the page: the document and its bundled assets are answered
 * from memory, every other request (http, https, file, ws, the cloud metadata address, other
 * paths of our own origin) is aborted and logged; `data:` URLs never reach the network and are
 * not paused. This is the SSRF defence that HTML-to-PDF services learned the hard way (anchors
 * §4a, §4c). Until `serve` names a document, every request is refused.
 *
 * Why the Fetch domain on a session of our own instead of puppeteer's setRequestInterception:
 * puppeteer base64-encodes a response body with String.fromCodePoint over 64 K chunks and btoa,
 * ~55 ms of Node's main thread for the seed's ~0.7 MB of font subsets, about half of all of
 * Node's CPU per document (a --cpu-prof of 30 seed prints); Buffer's native encoder does the same
 * in ~1 ms. The cache is off, as puppeteer turns it off while it intercepts, so no response
 * can come from the browser's cache without passing through `answer`.
 */
export async function openIsolatedPage(browser: Browser, logger: PrintLogger): Promise<IsolatedPage> {
  const page = await browser.newPage();
  let served: PrintJob | undefined;
  const session = await page.createCDPSession();
  session.on('Fetch.requestPaused', (event) => void (served ? answer(served, session, event) : refuse(logger, session, event)));
  await Promise.all([
    page.setJavaScriptEnabled(false),
    page.setCacheEnabled(false),
    session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] }),
  ]);
  return { page, serve: (job) => (served = job) };
}

/**
 * Every document gets a page of its own (issue 3: "a fresh page or context per document"), so no
 * state of one report (cache, history, a half-loaded font) can reach the next. Reusing a page saved
 * ~60–140 ms per document in the bench; isolation between publishers is worth more. The page may
 * have been opened ahead (`job.spare`): it is just as new, only its ~20 ms of setup is off the
 * document's path.
 */
export async function openPage(job: PrintJob): Promise<void> {
  const [spare, url] = await Promise.all([job.spare?.catch(() => undefined), documentUrl(job.doc.html)]);
  const isolated = spare ?? (await openIsolatedPage(job.browser, job.logger));
  job.page = isolated.page;
  job.url = url;
  isolated.serve(job);
}

/** Base64 for CDP; Buffer exists on Node and on Workers with nodejs_compat (wrangler.toml). */
const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function fulfil(session: CDPSession, requestId: string, contentType: string, body: Uint8Array) {
  return session.send('Fetch.fulfillRequest', {
    requestId,
    responseCode: 200,
    responseHeaders: [
      { name: 'Content-Type', value: contentType },
      { name: 'Content-Length', value: String(body.byteLength) },
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
  try {
    if (url === job.url) {
      await fulfil(session, requestId, 'text/html; charset=utf-8', new TextEncoder().encode(job.doc.html));
      return;
    }
    const asset = url.startsWith(job.url!) ? await job.assets(url.slice(job.url!.length)) : undefined;
    if (asset) {
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

export async function loadDocument(job: PrintJob): Promise<void> {
  const { loadTimeoutMs } = job.timeouts;
  await bounded(job.page!.goto(job.url!, { waitUntil: 'load', timeout: 0 }), 'load', loadTimeoutMs);
}

export async function printPdf(job: PrintJob): Promise<void> {
  const { printTimeoutMs } = job.timeouts;
  job.pdf = await bounded(job.page!.pdf({ ...PDF_OPTIONS, timeout: 0 }), 'print', printTimeoutMs);
  // Chromium would print with a fallback face (no CJK glyphs on a server): never archive that.
  if (job.failedAssets?.length) throw new PrintFailed(`bundled assets could not be loaded: ${job.failedAssets.join(', ')}`);
}

export async function finishDocument(job: PrintJob): Promise<void> {
  job.printed = await finishPdf(job.pdf!, job.doc.meta);
}

/** Closes the document's page; the printer also runs it after a failed step. */
export async function closePage(job: PrintJob): Promise<void> {
  await job.page?.close();
  job.page = undefined;
}

export const PRINT_STEPS = [openPage, loadDocument, printPdf, closePage, finishDocument] as const;
