/**
 * The archivists' page in a real browser (issue 5): the Hono app served by @hono/node-server on
 * a free loopback port over a seeded filesystem archive, driven by the bundled Chromium through
 * puppeteer-core. With JavaScript off, as the page promises, it loads at a phone and a desktop
 * size without sideways scrolling, the search box finds an archived report, and the download
 * link returns the very bytes that were archived. The hostile agency name never runs. The API
 * reference at /docs renders from this server alone. Screenshots go to tmp/ for a person to look
 * at; tests assert what a person would check.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedArchive, type SeededArchive } from '../helpers/archive-seed';
import { inspect, openPage, PHONE, SCREENSHOTS, startPageBrowser, watchedPage, type PageBrowser } from '../helpers/page-browser';

const DESKTOP = { width: 1280, height: 900 };

let seeded: SeededArchive;
let served: PageBrowser;
let base: string;

beforeAll(async () => {
  seeded = await seedArchive();
  ({ base } = served = await startPageBrowser(seeded.archive));
});

afterAll(async () => {
  await served?.close();
  await seeded?.cleanup();
});

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('GET /archive on a %s', (name, viewport) => {
  it('loads without script, fits the width and lists every year', async () => {
    const { page, refused } = await openPage(served.browser, viewport);
    const response = await page.goto(`${base}/archive`, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-type']).toContain('text/html');
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.screenshot({ path: join(SCREENSHOTS, `archive-${name}.png`), fullPage: true });
    const layout = await inspect(page, () => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      years: Array.from(document.querySelectorAll('h2'), (h) => h.textContent!.trim()),
      hostileName: document.querySelectorAll('h3')[0]!.textContent,
      scripts: document.scripts.length,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(layout.years.map((year) => year.slice(0, 4))).toEqual(['2021', '2020']);
    expect(layout.hostileName).toContain('<script>alert("x")</script>');
    expect(layout.scripts).toBe(0);
    // Its inline style applies under the policy: laid out, not refused.
    expect(refused).toEqual([]);
    await page.close();
  });

  it('finds a report by typing in the search box and choosing its year, and its download link returns the archived bytes', async () => {
    const { page } = await openPage(served.browser, viewport);
    await page.goto(`${base}/archive`, { waitUntil: 'load' });
    await page.type('input[name=q]', '残疾人联合会');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('残疾人联合会');
    await page.screenshot({ path: join(SCREENSHOTS, `archive-search-${name}.png`), fullPage: true });
    // Over every year the search lists the agency with its years; a year leads to that year's versions.
    const listed = await inspect(page, () => ({
      agencies: Array.from(document.querySelectorAll('ol.found h3'), (h) => h.textContent!.replace(/\s+/g, ' ').trim()),
      years: Array.from(document.querySelectorAll('ol.found a.year'), (a) => a.textContent!.slice(0, 4)),
      scroll: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(listed).toEqual({ agencies: ['宿迁市残疾人联合会 suqian-cdpf'], years: ['2020'], scroll: 0 });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('ol.found a.year')]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ year: '2020', agency: 'suqian-cdpf' });

    const found = await inspect(page, () => ({
      agencies: Array.from(document.querySelectorAll('h3'), (h) => h.textContent!.replace(/\s+/g, ' ').trim()),
      versions: document.querySelectorAll('li.version').length,
      href: document.querySelector<HTMLAnchorElement>('li.current a.pdf')!.href,
      sha256: document.querySelector('li.current code.sha')!.textContent,
    }));
    expect(found.agencies).toEqual(['宿迁市残疾人联合会 suqian-cdpf']);
    expect(found.versions).toBe(2);
    const current = seeded.records[1]!;
    expect(found.href).toBe(`${base}/v1/archive/${current.keys.pdf}`);
    expect(found.sha256).toBe(current.sha256);

    // Following the link as the browser would: same origin, the browser's own fetch.
    await page.setJavaScriptEnabled(true);
    const download = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), bytes: Array.from(new Uint8Array(await response.arrayBuffer())) };
    }, found.href);
    expect(download.status).toBe(200);
    expect(download.type).toBe('application/pdf');
    expect(new Uint8Array(download.bytes)).toEqual(seeded.pdfs.get(current.keys.record));
    await page.close();
  });
});

describe('GET /docs', () => {
  it('renders the API reference from this server alone, under the server’s Content-Security-Policy', async () => {
    const { page, refused } = await watchedPage(served.browser);
    await page.setViewport(DESKTOP);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(`${base}/docs`, { waitUntil: 'networkidle0' });
    expect(response!.status()).toBe(200);
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'docs-desktop.png') });
    const operations = await page.$$eval('.opblock-summary-path', (nodes) => nodes.map((node) => node.textContent!.replace(/\u200b/g, '').trim()));
    expect(operations).toContain('/v1/reports');
    expect(operations).toContain('/v1/archive/{key}');
    expect(requested.filter((url) => !url.startsWith(base) && !url.startsWith('data:'))).toEqual([]);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");

    // "Try it out" sends a request from the page (connect-src 'self'): the schema route answers.
    const operation = '#operations-meta-reportSchema';
    await page.click(`${operation} .opblock-summary`);
    for (const button of ['.try-out__btn', '.execute']) {
      await page.waitForSelector(`${operation} ${button}`, { visible: true, timeout: 10_000 });
      await page.click(`${operation} ${button}`);
    }
    await page.waitForSelector(`${operation} .live-responses-table tbody .response-col_status`, { timeout: 10_000 });
    const status = await page.$eval(`${operation} .live-responses-table tbody .response-col_status`, (cell) => cell.textContent!.trim());
    expect(status).toBe('200');
    expect(refused).toEqual([]);
    await page.close();
  });
});
