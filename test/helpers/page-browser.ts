/**
 * The server-rendered pages in a real browser: the Hono app over an archive, served by
 * @hono/node-server on a free loopback port, and the bundled Chromium (puppeteer-core) with the
 * project's CJK faces (cjk-fonts.ts), so screenshots show the text as a reader's system would.
 * Pages open with JavaScript off, as the pages promise to work; a test reads the laid-out page with
 * script of its own (`inspect`), never the page's.
 */
import { serve, type ServerType } from '@hono/node-server';
import chromium from '@sparticuz/chromium';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Archive } from '../../functions/archive/archive';
import { createArchiveApp } from './archive-app';
import { cjkFontEnv } from './cjk-fonts';

/** Where screenshots go, for a person to look at. */
export const SCREENSHOTS = 'tmp';
/** A phone as the browser tests size it. */
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface PageBrowser {
  /** The server's origin, e.g. http://127.0.0.1:40123. */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startPageBrowser(archive: Archive): Promise<PageBrowser> {
  const app = createArchiveApp(archive);
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const userDataDir = await mkdtemp(join(tmpdir(), 'nianbao-page-browser-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    userDataDir,
    headless: 'shell',
    pipe: true,
    // The pages rely on the system's CJK font; this machine has none, so the bundled one is given.
    env: await cjkFontEnv(),
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A new page whose Content-Security-Policy refusals, as the console reports them, go to `refused`. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return { page, refused };
}

/** A watched page at `viewport` with JavaScript off that fails the test on any dialog (a hostile name that ran). */
export async function openPage(browser: Browser, viewport: Parameters<Page['setViewport']>[0]): Promise<{ page: Page; refused: string[] }> {
  const opened = await watchedPage(browser);
  await opened.page.setViewport(viewport);
  await opened.page.setJavaScriptEnabled(false);
  opened.page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  return opened;
}

/** Reading the laid-out page needs script from the test, not from the page; re-enabling keeps the document. */
export async function inspect<T>(page: Page, read: () => T): Promise<T> {
  await page.setJavaScriptEnabled(true);
  try {
    return await page.evaluate(read);
  } finally {
    await page.setJavaScriptEnabled(false);
  }
}
