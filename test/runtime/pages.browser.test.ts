/**
 * The agency page and the year dashboard in the bundled Chromium (issue 19, point 5): the app
 * served by @hono/node-server over a filesystem archive of example reports in both formats
 * (test/helpers/history-seed.ts), JavaScript off as the pages promise, at a desktop (1366×768) and a
 * phone (390×844) size. Each loads under the server's Content-Security-Policy with nothing refused,
 * never scrolls sideways (the figures table scrolls inside its own box), and the links a person
 * follows work: a name on /archive to its agency page, a number on the dashboard to its list, a
 * listed agency to its page. Screenshots go to tmp/ for a person to look at.
 */
import { serve, type ServerType } from '@hono/node-server';
import chromium from '@sparticuz/chromium';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveApp } from '../helpers/archive-app';
import { cjkFontEnv } from '../helpers/cjk-fonts';
import { loadExample } from '../helpers/examples';
import { AGENCY, seedHistory, type HistoryArchive, type StoredReport } from '../helpers/history-seed';

const SCREENSHOTS = 'tmp';
const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1366, height: 768 };

let seeded: HistoryArchive;
let server: ServerType;
let base: string;
let browser: Browser;
let userDataDir: string;

function department(id: string, name: string, at: string): StoredReport {
  const report = loadExample('consistent2021');
  report.agency = { id, name, region: '321302' };
  return { report, at };
}

beforeAll(async () => {
  seeded = await seedHistory([
    department('sucheng-edu', '宿迁市宿城区教育局', '2022-01-20T01:00:00.000Z'),
    department('sucheng-civil', '宿迁市宿城区民政局', '2022-02-03T08:00:00.000Z'),
    { ...department('sucheng-gov', '宿迁市宿城区人民政府', '2022-03-25T02:00:00.000Z') },
  ]);
  const app = createArchiveApp(seeded.archive);
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  userDataDir = await mkdtemp(join(tmpdir(), 'nianbao-pages-browser-'));
  browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    userDataDir,
    headless: 'shell',
    pipe: true,
    // The pages rely on the system's CJK font; this machine has none, so the bundled one is given.
    env: await cjkFontEnv(),
  });
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(userDataDir, { recursive: true, force: true });
  await seeded?.cleanup();
});

/** A page with JavaScript off; what the browser refused under the CSP is collected in `refused`. */
async function openPage(viewport: Parameters<Page['setViewport']>[0]): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.setViewport(viewport);
  await page.setJavaScriptEnabled(false);
  return { page, refused };
}

/** Reading the laid-out page needs script from the test, not from the page. */
async function inspect<T>(page: Page, read: () => T): Promise<T> {
  await page.setJavaScriptEnabled(true);
  try {
    return await page.evaluate(read);
  } finally {
    await page.setJavaScriptEnabled(false);
  }
}

const fitsWidth = (page: Page) => inspect(page, () => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth, scripts: document.scripts.length }));

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('on a %s', (name, viewport) => {
  it('the agency page opens from its name on /archive and shows the figures year over year', async () => {
    const { page, refused } = await openPage(viewport);
    await page.goto(`${base}/archive?q=${encodeURIComponent('自然资源')}`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('h3 a.agency-page')]);
    expect(new URL(page.url()).pathname).toBe(`/archive/${AGENCY.id}`);
    await page.screenshot({ path: join(SCREENSHOTS, `agency-${name}.png`), fullPage: true });
    const layout = await fitsWidth(page);
    expect(layout.scroll).toBeLessThanOrEqual(layout.width);
    expect(layout.scripts).toBe(0);
    const table = await inspect(page, () => {
      const box = document.querySelector<HTMLElement>('.figures')!;
      const row = Array.from(document.querySelectorAll('.figures tbody tr')).find((tr) => tr.querySelector('th')!.textContent!.startsWith('行政诉讼'))!;
      return { fitsBox: box.getBoundingClientRect().right <= window.innerWidth, years: document.querySelectorAll('.figures thead th').length - 1, litigation: Array.from(row.querySelectorAll('td'), (td) => td.textContent) };
    });
    expect(table).toEqual({ fitsBox: true, years: 3, litigation: ['', '3', '0'] });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('the dashboard links its late number to the list, and a listed agency to its page', async () => {
    const { page, refused } = await openPage(viewport);
    await page.goto(`${base}/dashboard/2021`, { waitUntil: 'load' });
    await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('a.count-late')]);
    expect(new URL(page.url()).searchParams.get('list')).toBe('late');
    await page.screenshot({ path: join(SCREENSHOTS, `dashboard-late-${name}.png`), fullPage: true });
    const layout = await fitsWidth(page);
    expect(layout.scroll).toBeLessThanOrEqual(layout.width);
    const listed = await inspect(page, () => Array.from(document.querySelectorAll('table.list tbody th a'), (a) => a.textContent));
    expect(listed).toEqual(['宿迁市宿城区民政局']);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('table.list tbody th a')]);
    expect(new URL(page.url()).pathname).toBe('/archive/sucheng-civil');
    expect(refused).toEqual([]);
    await page.close();
  });
});
