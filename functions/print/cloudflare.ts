/**
 * The Printer on Cloudflare Workers: Browser Rendering's remote Chromium, driven through the
 * `[browser]` binding with @cloudflare/puppeteer
 * (https://developers.cloudflare.com/browser-rendering/workers-bindings/), printing each document
 * with the very steps the Node printer runs (steps.ts): JavaScript off, every request
 * intercepted, the document and its font subsets answered from this Worker, `data:` passed,
 * everything else aborted; then finish.ts, which is runtime-neutral.
 *
 * What differs from chromium.ts, and why: there is no process to supervise, so no slots,
 * relaunches or recycling. Cloudflare caps concurrent browsers and new browsers per minute
 * (https://developers.cloudflare.com/browser-rendering/limits/), so a document first tries to
 * reuse an idle session (one with no Worker connected, docs "Reuse sessions":
 * https://developers.cloudflare.com/browser-rendering/workers-bindings/reuse-sessions/) and
 * disconnects afterwards, leaving the browser alive for the next document until `keepAliveMs`
 * passes with no one connected. Each session is also launched with guardrails that let it reach
 * only the assets origin, which can never resolve (render/assets.ts): a second wall, kept by
 * Cloudflare, behind the interception.
 */
import puppeteer, { type BrowserWorker } from '@cloudflare/puppeteer';
import type { Browser } from 'puppeteer-core';
import { ASSET_ORIGIN, type AssetSource } from '../render/assets';
import { abortError, PrinterClosed, PrinterUnavailable, PrintFailed, PrintTimeout, type Printer } from './printer';
import { PRINT_STEPS, closePage, type PrintJob, type PrintLogger } from './steps';

export interface CloudflarePrinterOptions {
  /** The Browser Rendering binding from the Worker's env (`[browser]` in wrangler.toml). Required. */
  browser: BrowserWorker;
  /** Serves the page's bundled fonts; usually `createCloudflareFontAssets()`. Required. */
  assets: AssetSource;
  /**
   * How long an idle browser stays alive for the next document, in ms; Cloudflare allows up to
   * 600000 and bills the browser time. @default 60000 (Cloudflare's own default is 60 s)
   */
  keepAliveMs?: number;
  /** Budget for opening or closing a page (a few ms, unless the browser hangs). @default 5000 */
  pageTimeoutMs?: number;
  /** Budget for loading the document with its fonts. @default 30000 */
  loadTimeoutMs?: number;
  /** Budget for the print step (Page.printToPDF and reading the PDF). @default 60000 */
  printTimeoutMs?: number;
  /** Receives blocked requests and session trouble (warn), sessions opened (info). Required. */
  logger: PrintLogger;
}

export const DEFAULT_CLOUDFLARE_PRINTER_OPTIONS = { keepAliveMs: 60_000, pageTimeoutMs: 5_000, loadTimeoutMs: 30_000, printTimeoutMs: 60_000 };

/**
 * @cloudflare/puppeteer is Cloudflare's fork of puppeteer 22, and steps.ts is typed against
 * puppeteer-core: what the steps use of it (Browser.target().createCDPSession(), CDPSession.send,
 * on/off/once and connection().session(id)) exists in both with the same signatures, and the rest
 * is the DevTools protocol itself, so the fork's Browser is used as one (tested in wrangler's
 * local runtime: test/runtime/worker.test.ts).
 */
const asPuppeteerCore = (browser: unknown) => browser as Browser;

export function createCloudflarePrinter(options: CloudflarePrinterOptions): Printer {
  if (!options?.browser) throw new TypeError('createCloudflarePrinter: missing required option `browser` (the Browser Rendering binding)');
  if (!options.assets) throw new TypeError('createCloudflarePrinter: missing required option `assets`');
  if (!options.logger) throw new TypeError('createCloudflarePrinter: missing required option `logger`');
  const resolved = { ...DEFAULT_CLOUDFLARE_PRINTER_OPTIONS, ...options };
  const binding = resolved.browser;
  let closed = false;

  /** An idle session if one is left from an earlier document, else a new one. */
  async function openSession() {
    const idle = (await puppeteer.sessions(binding)).filter((session) => !session.connectionId);
    for (const { sessionId } of idle) {
      try {
        return await puppeteer.connect(binding, sessionId);
      } catch (error) {
        // Another Worker took it between the listing and the connect: try the next one.
        resolved.logger.warn('print.session_taken', { sessionId, error: String(error) });
      }
    }
    const browser = await puppeteer.launch(binding, {
      keep_alive: resolved.keepAliveMs,
      guardrails: { allowedDomains: [new URL(ASSET_ORIGIN).hostname] },
    });
    resolved.logger.info('print.session_opened', { sessionId: browser.sessionId() });
    return browser;
  }

  return {
    async print(doc, signal) {
      if (closed) throw new PrinterClosed();
      signal?.throwIfAborted();
      let browser: Awaited<ReturnType<typeof openSession>>;
      try {
        browser = await openSession();
      } catch (error) {
        throw new PrinterUnavailable('no Browser Rendering session could be opened', { cause: error });
      }
      const job: PrintJob = {
        doc,
        assets: resolved.assets.forDocument(doc.html),
        browser: asPuppeteerCore(browser),
        timeouts: resolved,
        logger: resolved.logger,
        signal,
      };
      try {
        for (const step of PRINT_STEPS) await step(job);
        await browser.disconnect();
        return job.printed!;
      } catch (error) {
        if (signal?.aborted && job.page) {
          // The caller gave up with its page open: closed, the session is sound and is left for the
          // next document. A page still opening would open into it later, so then it is closed.
          await closePage(job).catch(() => {});
          await browser.disconnect().catch(() => {});
          throw abortError(signal);
        }
        // A browser that failed mid-document is not handed to the next one.
        await browser.close().catch(() => {});
        if (signal?.aborted) throw abortError(signal);
        if (error instanceof PrintTimeout || error instanceof PrintFailed) throw error;
        throw PrintFailed.wrapping(error);
      } finally {
        await closePage(job).catch(() => {});
      }
    },

    async close() {
      // Sessions outlive this isolate by design (keep_alive); nothing here holds one between documents.
      closed = true;
    },
  };
}
