/**
 * The agency page and the year dashboard in the bundled Chromium (issue 19, point 5): the app
 * served by @hono/node-server over a filesystem archive of example reports in both formats
 * (test/helpers/history-seed.ts), JavaScript off as the pages promise, at a desktop (1366×768) and a
 * phone (390×844) size. Each loads under the server's Content-Security-Policy with nothing refused,
 * never scrolls sideways (the figures table scrolls inside its own box), and the links a person
 * follows work: a name on /archive to its agency page, a number on the dashboard to its list, a
 * listed agency to its page. Screenshots go to tmp/ for a person to look at.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExample } from '../helpers/examples';
import { AGENCY, seedHistory, type HistoryArchive, type StoredReport } from '../helpers/history-seed';
import { inspect, openPage, PHONE, SCREENSHOTS, startPageBrowser, type PageBrowser } from '../helpers/page-browser';

const DESKTOP = { width: 1366, height: 768 };

let seeded: HistoryArchive;
let served: PageBrowser;
let base: string;

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
  ({ base } = served = await startPageBrowser(seeded.archive));
});

afterAll(async () => {
  await served?.close();
  await seeded?.cleanup();
});

const fitsWidth = (page: Page) => inspect(page, () => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth, scripts: document.scripts.length }));

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('on a %s', (name, viewport) => {
  it('the agency page opens from its name on /archive and shows the figures year over year', async () => {
    const { page, refused } = await openPage(served.browser, viewport);
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
    const { page, refused } = await openPage(served.browser, viewport);
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
