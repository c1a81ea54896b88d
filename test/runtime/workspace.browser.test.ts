/**
 * The authors' workspace (issue 21) in the real bundled Chromium over the real app (filesystem
 * archive, Chromium printer), served by @hono/node-server. A report is written from blank with the
 * keyboard only and published; a year is started from last year's published report; a TSV block
 * is pasted; a violation shows on its cell and goes when fixed; two editors conflict and neither
 * loses anything; a wrong or missing credential sees nothing; an author's credential opens only its
 * agency's drafts and a region admin's its region's (issued tokens, the register); labels as
 * printed, the 落款 and dates are edited; a 2020 report starts blank in the 2019 format.
 * Screenshots at an office screen and a phone go to tmp/ for a person to look at.
 */
import { serve, type ServerType } from '@hono/node-server';
import chromium from '@sparticuz/chromium';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentDraft, readDraft } from '../../functions/drafts/store';
import { listAll } from '../../functions/archive/archive';
import { issueToken } from '../../functions/access/tokens';
import { registerFromCsv } from '../../functions/register/csv';
import { storeRegister } from '../../functions/register/store';
import { startTestApp, TEST_TOKEN, jsonRequest, type TestApp } from '../helpers/app';
import { cjkFontEnv } from '../helpers/cjk-fonts';
import { loadExample } from '../helpers/examples';
import { TEST_REGISTER_CSV } from '../helpers/register';
import { REAL_REPORTS_DIR, realReports } from '../helpers/real-reports';

const SCREENSHOTS = 'tmp';
const OFFICE = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const AGENCY = 'jianghai-nrp';
/** A 1×1 PNG, whole and sound. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
/** Credentials as `nianbao token add` issues them: jianghai-nrp's author, 宿迁市's admin. */
const tokens = { author: '', suqianAdmin: '', twoAgencies: '' };
let server: ServerType;
let base: string;
/** Each author has a browser of their own (its own local storage); a second one for the conflict. */
const browsers: Browser[] = [];
const userDataDirs: string[] = [];

async function launchBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'nianbao-workspace-browser-'));
  userDataDirs.push(userDataDir);
  const browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args, userDataDir, headless: 'shell', pipe: true, env: await cjkFontEnv() });
  browsers.push(browser);
  return browser;
}

beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date() } });
  const clock = { now: () => new Date() };
  await storeRegister(t.ports.archive, clock, registerFromCsv(TEST_REGISTER_CSV));
  tokens.author = (await issueToken(t.ports.archive, clock, { role: 'author', agencies: [AGENCY], name: '江海市自规局 张三' })).token;
  tokens.suqianAdmin = (await issueToken(t.ports.archive, clock, { role: 'region-admin', region: '321300', name: '宿迁市政务公开办' })).token;
  tokens.twoAgencies = (await issueToken(t.ports.archive, clock, { role: 'author', agencies: [AGENCY, 'shuyang'], name: '两个机关的联络员' })).token;
  // Last year's report, published, for the prefill.
  const published = await t.app.request('/v1/reports', jsonRequest(loadExample('consistent2021'), { token: TEST_TOKEN }));
  expect(published.status).toBe(201);
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await launchBrowser();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await new Promise((resolve) => server?.close(resolve));
  for (const folder of userDataDirs) await rm(folder, { recursive: true, force: true });
  await t?.close();
});

async function openWorkspace(viewport: Parameters<Page['setViewport']>[0] = OFFICE, browser = browsers[0]!): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${base}/workspace`);
  await page.waitForSelector('form.sign-in');
  return page;
}

const active = (page: Page) => page.evaluate(() => {
  const e = document.activeElement as HTMLElement | null;
  return { tag: e?.tagName ?? '', text: e?.textContent ?? '', label: e?.getAttribute('aria-label') ?? '', path: e?.dataset.path ?? '', name: (e as HTMLInputElement | null)?.name ?? '' };
});

/** Presses Tab until the focused element matches: the keyboard-only way through a page. */
async function tabTo(page: Page, matches: (e: Awaited<ReturnType<typeof active>>) => boolean, limit = 600): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (matches(await active(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`never reached the element; focus is on ${JSON.stringify(await active(page))}`);
}

/** Signs in with a credential (by default jianghai-nrp's author, who has one agency: straight to its years). */
async function signInWithKeys(page: Page, token = tokens.author): Promise<void> {
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
}

/** Signed in, a blank report of `year` open in the editor. */
async function blankReport(year: number, viewport: Parameters<Page['setViewport']>[0] = OFFICE): Promise<Page> {
  const page = await openWorkspace(viewport);
  await signInWithKeys(page);
  await page.waitForSelector('.years');
  await page.$eval('input[name=year]', (e, y) => ((e as HTMLInputElement).value = String(y)), year);
  await page.type('input[name=agency-name]', '江海市自然资源和规划局');
  await page.evaluate(() => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.startsWith('空白开始'))!.click());
  await page.waitForSelector('.editor');
  return page;
}

/** From the list of years, the draft of `year` (on the server, or kept in this browser). */
async function openYear(page: Page, year: number): Promise<void> {
  await page.evaluate((y) => Array.from(document.querySelectorAll('.year-list li')).find((li) => li.textContent?.startsWith(`${y} `))!.querySelector('button')!.click(), year);
  await page.waitForSelector('.editor');
}

const cell = (page: Page, path: string) => page.$eval(`input[data-path="${path}"]`, (e) => (e as HTMLInputElement).value);
const problemsListed = (page: Page) => page.$$eval('ol.problems li', (items) => items.map((li) => `${li.className} ${li.textContent}`));

describe('the workspace', () => {
  it('shows a wrong or missing credential nothing', async () => {
    const page = await openWorkspace();
    await signInWithKeys(page, 'nb_not-a-token-that-was-ever-issued-by-anyone-000');
    await page.waitForSelector('form.sign-in [role=alert]');
    expect(await page.$eval('form.sign-in [role=alert]', (e) => e.textContent)).toContain('凭据不正确');
    expect(await page.$('.years')).toBeNull();
    // Without one, the form does not even go.
    await page.$eval('input[name=token]', (e) => ((e as HTMLInputElement).value = ''));
    await page.keyboard.press('Enter');
    expect(await page.$eval('input[name=token]', (e) => (e as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(await page.$('.years')).toBeNull();
    for (const path of ['/v1/me', `/v1/agencies/${AGENCY}/years`, `/v1/drafts/2022/${AGENCY}`, `/v1/drafts/2022/${AGENCY}/prefill`]) {
      expect((await fetch(base + path)).status).toBe(401);
      expect((await fetch(base + path, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    }
    await page.close();
  });

  it('opens only the agencies a credential acts for: an author’s link to another agency’s draft is refused (the page says so, the API answers 403); a region admin chooses among its region’s', async () => {
    const theirs = loadExample('seed2020'); // 宿迁市残联, 2020
    expect([200, 201]).toContain((await t.app.request(`/v1/drafts/2020/suqian-cdpf`, jsonRequest(theirs, { method: 'PUT', token: TEST_TOKEN }))).status);
    // jianghai-nrp's author follows a link to 宿迁市残联's draft.
    const page = await openWorkspace();
    await page.goto(`${base}/workspace#/suqian-cdpf/2020`);
    await page.waitForSelector('form.sign-in');
    await signInWithKeys(page);
    await page.waitForSelector('.years [role=alert]');
    expect(await page.$eval('.years [role=alert]', (e) => e.textContent)).toContain('无法打开 suqian-cdpf 的 2020 年度草稿：此凭据无权代表机关“suqian-cdpf”');
    expect(await page.$eval('#years-title', (e) => e.textContent)).toContain(`${AGENCY} 的年度报告`);
    expect(await page.$('.editor')).toBeNull();
    expect(await page.evaluate(() => document.body.textContent)).not.toContain('宿迁市残疾人联合会');
    expect(new URL(page.url()).hash).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-forbidden-1366.png') });
    const author = { authorization: `Bearer ${tokens.author}` };
    for (const path of ['/v1/drafts/2020/suqian-cdpf', '/v1/agencies/suqian-cdpf/years', '/v1/drafts/2021/suqian-cdpf/prefill']) {
      const refused = await fetch(base + path, { headers: author });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { zh: string }).zh).toContain('suqian-cdpf');
    }
    const me = (await (await fetch(`${base}/v1/me`, { headers: author })).json()) as { role: string; agencies: string[] };
    expect(me).toMatchObject({ role: 'author', agencies: [AGENCY] });
    await page.close();

    // 宿迁市's admin: its region's two agencies to choose from, not 江海's; then 宿迁市残联's draft.
    const admin = await openWorkspace(PHONE);
    await signInWithKeys(admin, tokens.suqianAdmin);
    await admin.waitForSelector('.agency-list');
    expect(await admin.$$eval('.agency-list button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['沭阳县人民政府（shuyang）', '宿迁市残疾人联合会（suqian-cdpf）']);
    expect((await active(admin)).text).toBe('沭阳县人民政府（shuyang）');
    await admin.screenshot({ path: join(SCREENSHOTS, 'workspace-agencies-390.png') });
    await admin.keyboard.press('Tab');
    await admin.keyboard.press('Enter');
    await admin.waitForSelector('.years');
    await openYear(admin, 2020);
    expect(await admin.$eval('input[data-path="sections.proactive.table.licensing.change"]', (e) => e.getAttribute('aria-label'))).toBe('行政许可，本年增/减');
    expect(new URL(admin.url()).hash).toBe('#/suqian-cdpf/2020');
    // Back to the years, and to the other agency of the region.
    await admin.click('button.back');
    await admin.waitForSelector('.years');
    await admin.evaluate(() => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.startsWith('选择其他机关'))!.click());
    await admin.waitForSelector('.agency-list');
    await admin.click('button[data-agency=shuyang]');
    await admin.waitForSelector('.years');
    expect(await admin.$eval('#years-title', (e) => e.textContent)).toContain('shuyang 的年度报告');
    await admin.close();

    // An author of two agencies chooses between them by the names the register gives.
    const both = await openWorkspace();
    await signInWithKeys(both, tokens.twoAgencies);
    await both.waitForSelector('.agency-list');
    expect(await both.$$eval('.agency-list button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['江海市自然资源和规划局（jianghai-nrp）', '沭阳县人民政府（shuyang）']);
    await both.close();
  });

  it('starts a year from last year’s published report: every 上年结转 cell is last year’s 结转下年度继续办理', async () => {
    const page = await openWorkspace();
    await signInWithKeys(page);
    await page.waitForSelector('.years');
    expect(await page.$eval('.year-list', (e) => e.textContent)).toContain('2021 年度');
    await page.$eval('input[name=year]', (e) => ((e as HTMLInputElement).value = '2022'));
    await page.evaluate(() => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.startsWith('从上年'))!.click());
    await page.waitForSelector('.editor');
    const lastYear = loadExample('consistent2021').sections.requests.table.carriedForward as Record<string, number>;
    for (const [column, value] of Object.entries(lastYear)) {
      expect(await cell(page, `sections.requests.table.carriedOver.${column}`)).toBe(String(value));
    }
    // Everything this year must say is blank, and shown blank.
    expect(await cell(page, 'sections.requests.table.received.naturalPerson')).toBe('');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-prefill-1366.png') });
    await page.close();
  });

  it('starts a year from a published report’s file: 平潭综合实验区’s 2023 web page read and carried into 2024', async () => {
    const page = await openWorkspace();
    await signInWithKeys(page);
    await page.waitForSelector('.years');
    await page.$eval('input[name=year]', (e) => ((e as HTMLInputElement).value = '2024'));
    const upload = (await page.$('input[name=published-file]'))!;
    await upload.uploadFile(join(REAL_REPORTS_DIR, 'pingtan-2023', 'source.txt'));
    await page.evaluate(() => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.startsWith('从文件开始'))!.click());
    await page.waitForSelector('.editor');
    const published = realReports().find((r) => r.slug === 'pingtan-2023')!.json().sections.requests.table.carriedForward as Record<string, number>;
    for (const [column, value] of Object.entries(published)) {
      expect(await cell(page, `sections.requests.table.carriedOver.${column}`)).toBe(String(value));
    }
    expect(await cell(page, 'sections.proactive.table.normativeDocuments.inForce')).toBe('470');
    expect(await cell(page, 'sections.requests.table.received.naturalPerson')).toBe('');
    await page.close();
  });

  it('writes a complete 2021-format report from blank with the keyboard only, and publishes it', async () => {
    const page = await openWorkspace();
    await signInWithKeys(page);
    await page.waitForSelector('.years');
    await tabTo(page, (e) => e.name === 'year');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('2023');
    await tabTo(page, (e) => e.name === 'agency-name');
    await page.keyboard.type('江海市自然资源和规划局');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.editor');

    const texts: Record<string, string> = {
      'introduction[0].text': '本报告根据《中华人民共和国政府信息公开条例》编制。',
      'sections.overview.blocks[0].text': '2023年，本局认真贯彻落实政府信息公开工作要求。',
      'sections.problems.blocks[0].text': '主动公开的深度和广度有待进一步提升。',
      'signature.name': '江海市自然资源和规划局',
      'signature.date': '2024年1月20日',
      publishedOn: '2024-01-25',
    };
    // The figures: three requests received, two granted, one carried forward; everything else 0.
    const figures: Record<string, string> = {
      'sections.requests.table.received.naturalPerson': '3',
      'sections.requests.table.received.total': '3',
      'sections.requests.table.results.granted.naturalPerson': '2',
      'sections.requests.table.results.granted.total': '2',
      'sections.requests.table.results.total.naturalPerson': '2',
      'sections.requests.table.results.total.total': '2',
      'sections.requests.table.carriedForward.naturalPerson': '1',
      'sections.requests.table.carriedForward.total': '1',
      'sections.reviews.table.review.upheld': '1',
      'sections.reviews.table.review.total': '1',
      'sections.proactive.table.fees.amount.value': '0',
      'sections.other.processingFees.notices': '0',
      'sections.other.processingFees.amount.value': '0',
    };
    await page.keyboard.press('Tab');
    const inputs = await page.$$eval('.editor input[data-path], .editor textarea[data-path]', (all) => all.map((e) => (e as HTMLElement).dataset.path!));
    const last = inputs.at(-1)!;
    let seen = 0;
    for (let i = 0; i < 2000; i++) {
      const focus = await active(page);
      if (focus.path) {
        const value = texts[focus.path] ?? figures[focus.path] ?? (focus.tag === 'INPUT' && focus.path.includes('.table.') ? '0' : undefined);
        if (value !== undefined) await page.keyboard.type(value);
        seen++;
        if (focus.path === last) break;
      }
      await page.keyboard.press('Tab');
    }
    expect(seen).toBeGreaterThan(200);
    await page.waitForFunction(() => document.querySelector('.summary')?.classList.contains('clean'));
    expect(await page.$eval('.summary', (e) => e.textContent)).toMatch(/^0 个错误/);
    // The computed total shows beside the typed one.
    expect(await page.$eval('output[data-computed="sections.requests.table.received.total"]', (e) => e.textContent)).toBe('= 3');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-filled-1366.png') });

    // The preview is the real PDF, printed by the server.
    await tabTo(page, (e) => e.text.startsWith('预览'), 50);
    const rendered = page.waitForResponse((r) => r.url().endsWith('/v1/reports/render'), { timeout: 60_000 });
    await page.keyboard.press('Enter');
    const pdfResponse = await rendered;
    expect(pdfResponse.status()).toBe(200);
    expect(pdfResponse.headers()['content-type']).toBe('application/pdf');
    expect(Number(pdfResponse.headers()['content-length'])).toBeGreaterThan(10_000);
    await page.waitForSelector('iframe.pdf[src^="blob:"]');

    await tabTo(page, (e) => e.text.startsWith('发布'), 50);
    await page.keyboard.press('Enter');
    await page.waitForSelector('form.publish');
    await tabTo(page, (e) => e.text.startsWith('发布并归档'), 20);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.published', { timeout: 60_000 });
    const pdfLink = await page.$eval('a.pdf-link', (a) => (a as HTMLAnchorElement).href);
    const pdf = await fetch(pdfLink);
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const record = (await (await fetch(await page.$eval('.published a[href$=".record.json"]', (a) => (a as HTMLAnchorElement).href))).json()) as { keys: { source: string } };
    const source = (await (await fetch(`${base}/v1/archive/${record.keys.source}`)).json()) as { publishedOn: string; signature: unknown; sections: { other: unknown; requests: { table: { received: unknown } } } };
    expect(source).toMatchObject({ publishedOn: '2024-01-25', signature: { name: '江海市自然资源和规划局', date: '2024-01-20' } });
    expect(source.sections.other).toEqual({ blocks: [], processingFees: { notices: 0, amount: { value: '0', unit: '元' } } });
    expect(source.sections.requests.table.received).toEqual({ naturalPerson: 3, commercial: 0, research: 0, nonProfit: 0, legal: 0, other: 0, total: 3 });
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-published-1366.png') });
    await page.close();
  });

  it('pastes a TSV block from Excel at the cursor, and shows a violation on its cell until it is fixed', async () => {
    const page = await blankReport(2024, PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-editor-390.png') });
    const start = 'sections.requests.table.received.naturalPerson';
    await page.focus(`input[data-path="${start}"]`);
    // Two rows of Excel: full-width digits and a thousands separator as WPS copies them, a blank cell.
    await page.evaluate((path) => {
      const data = new DataTransfer();
      data.setData('text/plain', '5\t１\t\t0\t0\t0\t6\r\n2\t0\t0\t0\t0\t0\t2\r\n');
      document.querySelector(`input[data-path="${path}"]`)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, start);
    expect(await cell(page, 'sections.requests.table.received.commercial')).toBe('１');
    expect(await cell(page, 'sections.requests.table.received.total')).toBe('6');
    expect(await cell(page, 'sections.requests.table.carriedOver.naturalPerson')).toBe('2');
    expect(await cell(page, 'sections.requests.table.received.research')).toBe('');

    // Spreadsheet moves: ArrowDown and Enter go down a column, ArrowRight along the row, ArrowUp back.
    await page.keyboard.press('ArrowDown');
    expect((await active(page)).path).toBe('sections.requests.table.carriedOver.naturalPerson');
    await page.keyboard.press('Enter');
    expect((await active(page)).path).toBe('sections.requests.table.results.granted.naturalPerson');
    await page.keyboard.press('ArrowRight');
    expect((await active(page)).path).toBe('sections.requests.table.results.granted.commercial');
    await page.keyboard.press('ArrowUp');
    expect((await active(page)).path).toBe('sections.requests.table.carriedOver.commercial');

    const total = 'input[data-path="sections.reviews.table.review.total"]';
    await page.focus('input[data-path="sections.reviews.table.review.upheld"]');
    await page.keyboard.type('2');
    // Less than its parts: no figure in the blank outcomes could make it hold, so it is an error.
    await page.focus(total);
    await page.keyboard.type('1');
    await page.waitForSelector(`${total}.error[aria-invalid=true]`);
    expect((await problemsListed(page)).some((p) => p.startsWith('error') && p.includes('R-4'))).toBe(true);
    expect(await page.$eval('output[data-computed="sections.reviews.table.review.total"]', (e) => `${e.textContent} ${e.className}`)).toBe('= 2 computed differs');
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-violation-390.png'), fullPage: false });
    await page.focus(total);
    await page.keyboard.type('2');
    await page.waitForFunction((selector) => !document.querySelector(selector)!.classList.contains('error'), {}, total);
    expect((await problemsListed(page)).some((p) => p.startsWith('error') && p.includes('R-4'))).toBe(false);
    await page.close();
  });

  it('prints a label as the author words it, against the official wording and with the rules’ warning; sets the 落款 and the dates', async () => {
    const page = await blankReport(2027);
    const labels = '#section-requests details.labels';
    const row = 'printedLabels.requests.row.results.withheld.processInformation';
    const rowCell = 'input[data-path="sections.requests.table.results.withheld.processInformation.naturalPerson"]';
    // Folded away; opened and worked with the keyboard.
    expect(await page.$eval(labels, (e) => (e as HTMLDetailsElement).open)).toBe(false);
    await page.focus(`${labels} summary`);
    await page.keyboard.press('Enter');
    expect(await page.$eval(labels, (e) => (e as HTMLDetailsElement).open)).toBe(true);
    await tabTo(page, (e) => e.path === row, 60);
    expect((await active(page)).label).toBe('「6.属于四类过程性信息」印作 printed as');
    expect(await page.$eval(`input[data-path="${row}"]`, (e) => (e as HTMLInputElement).value)).toBe('6.属于四类过程性信息');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('6.属于四类内部事务信息');
    // The rules' own warning, on the field; the table prints the new wording and names its cells by it.
    await page.waitForSelector(`input[data-path="${row}"].warning`);
    expect(await page.$eval(`${labels} .note.warning`, (e) => e.textContent)).toContain('印作「6.属于四类内部事务信息」，规定格式为「6.属于四类过程性信息」');
    expect((await problemsListed(page)).some((p) => p.startsWith('warning') && p.includes('标签') && p.includes('内部事务信息'))).toBe(true);
    expect(await page.$eval('#table-requests', (e) => e.textContent)).toContain('6.属于四类内部事务信息');
    expect(await page.$eval(rowCell, (e) => e.getAttribute('aria-label'))).toBe('（三）不予公开6.属于四类内部事务信息，自然人');
    // A section heading too: the editor's heading follows it.
    await page.focus('input[data-path="printedLabels.heading.requests"]');
    await page.keyboard.press('End');
    await page.keyboard.type('（续）');
    await page.waitForFunction(() => document.querySelector('#title-requests')!.textContent === '三、收到和处理政府信息公开申请情况（续）');
    await page.$eval(labels, (e) => e.scrollIntoView());
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-labels-1366.png') });
    // Emptied, the official wording prints again and the warning goes.
    await page.focus('input[data-path="printedLabels.heading.requests"]');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => document.querySelector('#title-requests')!.textContent === '三、收到和处理政府信息公开申请情况');
    expect(await page.$('input[data-path="printedLabels.heading.requests"].warning')).toBeNull();

    // The 落款: a name without a date is refused on the date; dates as people write them are kept as ISO dates.
    await page.focus('input[data-path="signature.name"]');
    await page.keyboard.type('江海市自然资源和规划局');
    await page.waitForSelector('input[data-path="signature.date"].error[aria-invalid=true]');
    await page.keyboard.press('Tab');
    expect((await active(page)).path).toBe('signature.date');
    await page.keyboard.type('2028年1月20日');
    await page.waitForFunction(() => !document.querySelector('input[data-path="signature.date"]')!.classList.contains('error'));
    await page.keyboard.press('Tab');
    expect((await active(page)).path).toBe('publishedOn');
    await page.keyboard.type('2027/12/31');
    await page.waitForSelector('input[data-path="publishedOn"].error');
    expect(await page.$eval('#section-signature .note.error', (e) => e.textContent)).toContain('2028-01-01');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('2028/1/25');
    await page.waitForFunction(() => !document.querySelector('input[data-path="publishedOn"]')!.classList.contains('error'));
    await page.$eval('#section-signature', (e) => e.scrollIntoView());
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-signature-1366.png') });
    await page.waitForSelector('.save-state[data-state=saved]', { timeout: 10_000 });
    const stored = (await readDraft(t.ports.archive, (await currentDraft(t.ports.archive, 2027, AGENCY))!.key)) as Record<string, unknown>;
    expect(stored).toMatchObject({ publishedOn: '2028-01-25', signature: { name: '江海市自然资源和规划局', date: '2028-01-20' }, printedLabels: { 'requests.row.results.withheld.processInformation': '6.属于四类内部事务信息' } });
    expect(Object.keys(stored.printedLabels as object)).toEqual(['requests.row.results.withheld.processInformation']);

    // On a phone (the page reloads for it): the draft comes back with its labels unfolded, as it departs from the official wording.
    await page.setViewport(PHONE);
    await page.waitForSelector('.editor');
    expect(await page.$eval(labels, (e) => (e as HTMLDetailsElement).open)).toBe(true);
    await page.$eval(`input[data-path="${row}"]`, (e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-labels-390.png') });
    await page.$eval('#section-signature', (e) => e.scrollIntoView());
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-signature-390.png') });
    await page.close();
  });

  it('checks an image as the schema does: a PNG is taken with its alternative text, a text file named .png is refused on its block', async () => {
    const page = await blankReport(2026);
    const picker = (await page.$('.blocks[data-path="sections.other.blocks"] input[type=file]'))!;
    const folder = await mkdtemp(join(tmpdir(), 'nianbao-images-'));
    const png = join(folder, '公开平台截图.png');
    await writeFile(png, PNG_1X1);
    await picker.uploadFile(png);
    await page.waitForSelector('.block.image[data-path="sections.other.blocks[0]"] img');
    expect(await page.$eval('input[data-path="sections.other.blocks[0].alt"]', (e) => (e as HTMLInputElement).value)).toBe('公开平台截图');
    expect(await page.$eval('.block.image', (e) => e.classList.contains('error'))).toBe(false);

    const fake = join(folder, 'not-an-image.png');
    await writeFile(fake, 'this is text, not a PNG');
    await (await page.$('.blocks[data-path="sections.other.blocks"] input[type=file]'))!.uploadFile(fake);
    await page.waitForSelector('.block.image[data-path="sections.other.blocks[1]"].error');
    expect((await problemsListed(page)).some((p) => p.startsWith('error') && p.includes('不是 image/png 格式的图片'))).toBe(true);
    await rm(folder, { recursive: true, force: true });
    await page.close();
  });

  it('edits a 2019-format report in its own table layout, 本年增/减 taking a fall', async () => {
    const report = loadExample('seed2020');
    expect([200, 201]).toContain((await t.app.request(`/v1/drafts/2020/${report.agency.id}`, jsonRequest(report, { method: 'PUT', token: TEST_TOKEN }))).status);
    // The server's own token acts for any agency: it types which.
    const page = await openWorkspace();
    await signInWithKeys(page, TEST_TOKEN);
    await page.waitForSelector('form.operator-agency input[name=agency]:focus');
    await page.keyboard.type(report.agency.id);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.years');
    await openYear(page, 2020);
    const heads = await page.$eval('#table-proactive', (table) => table.textContent);
    for (const head of ['本年新制作数量', '上一年项目数量', '本年增/减', '采购总金额']) expect(heads).toContain(head);
    const change = 'input[data-path="sections.proactive.table.licensing.change"]';
    await page.focus(change);
    await page.keyboard.type('-2');
    await page.waitForFunction((s) => document.querySelector(s)!.getAttribute('aria-label') !== null && !document.querySelector(s)!.classList.contains('error'), {}, change);
    expect(await page.$eval(change, (e) => e.getAttribute('aria-label'))).toBe('行政许可，本年增/减');
    expect((await problemsListed(page)).filter((p) => p.startsWith('error'))).toEqual([]);
    await page.close();
  });

  it('starts a 2020 report from blank in the 2019 format, with that format’s grids', async () => {
    const page = await blankReport(2020);
    const proactive = await page.$eval('#table-proactive', (table) => table.textContent);
    for (const head of ['本年新制作数量', '上一年项目数量', '本年增/减', '采购总金额']) expect(proactive).toContain(head);
    expect(proactive).not.toContain('现行有效件数');
    // （六）其他处理 is one row of seven cells; section 六 has no 信息处理费 (the 2021 format's).
    expect(await page.$$eval('input[data-path^="sections.requests.table.results.other."]', (inputs) => inputs.map((i) => (i as HTMLElement).dataset.path))).toHaveLength(7);
    expect(await page.$('fieldset.fees')).toBeNull();
    // Blank, it is wrong only in its empty texts; its cells are blanks to fill in.
    await page.waitForSelector('.summary');
    const errors = (await problemsListed(page)).filter((p) => p.startsWith('error'));
    expect(errors).toHaveLength(3);
    expect(errors.every((p) => p.includes('不能为空'))).toBe(true);
    await page.focus('input[data-path="sections.proactive.table.licensing.change"]');
    await page.keyboard.type('-3');
    await page.waitForFunction(() => !document.querySelector('input[data-path="sections.proactive.table.licensing.change"]')!.classList.contains('warning'));
    await page.$eval('#table-proactive', (e) => e.scrollIntoView());
    await page.screenshot({ path: join(SCREENSHOTS, 'workspace-blank2019-1366.png') });
    await page.close();
  });

  it('loses nothing to a lost connection and a reload: the copy kept in the browser comes back and is then stored', async () => {
    const page = await blankReport(2022);
    await page.setOfflineMode(true);
    await page.focus('textarea[data-path="sections.overview.blocks[0].text"]');
    await page.keyboard.type('断网时写下的总体情况。');
    await page.waitForSelector('.save-state[data-state=offline]', { timeout: 10_000 });
    expect(await page.evaluate(() => localStorage.getItem('nianbao:draft:jianghai-nrp:2022'))).toContain('断网时写下的总体情况');
    await page.setOfflineMode(false);
    // The address names the draft: the reload opens it again.
    await page.reload();
    await page.waitForSelector('.editor');
    expect(new URL(page.url()).hash).toBe(`#/${AGENCY}/2022`);
    expect(await page.$eval('textarea[data-path="sections.overview.blocks[0].text"]', (e) => (e as HTMLTextAreaElement).value)).toBe('断网时写下的总体情况。');
    await page.waitForSelector('.save-state[data-state=saved]', { timeout: 10_000 });
    const stored = await currentDraft(t.ports.archive, 2022, AGENCY);
    expect(JSON.stringify(await readDraft(t.ports.archive, stored!.key))).toContain('断网时写下的总体情况');
    await page.close();
  });

  it('publishes a report that still breaks rules only with a reason for each violation, acknowledged by cell', async () => {
    const report = loadExample('violations2021');
    expect((await t.app.request(`/v1/drafts/2021/${AGENCY}?incomplete=true`, jsonRequest(report, { method: 'PUT', token: TEST_TOKEN }))).status).toBe(201);
    const page = await openWorkspace();
    await signInWithKeys(page);
    await page.waitForSelector('.years');
    await openYear(page, 2021);
    await page.click('button.publish');
    await page.waitForSelector('form.publish');
    const cells = await page.$$eval('form.publish input[data-cell]', (inputs) => inputs.map((i) => (i as HTMLElement).dataset.cell));
    expect(cells).toEqual([
      'sections.requests.table.results.total.naturalPerson',
      'sections.requests.table.results.granted.total',
      'sections.requests.table.results.partiallyGranted.total',
      'sections.requests.table.results.total.commercial',
      'sections.reviews.table.litigationDirect.total',
    ]);
    // Without every reason the form does not go: nothing is published.
    await page.type('form.publish input[data-cell]', '按原发布版本存档');
    await page.click('form.publish button[type=submit]');
    expect(await page.$('.published')).toBeNull();
    for (const input of (await page.$$('form.publish input[data-cell]')).slice(1)) await input.type('按原发布版本存档');
    await page.click('form.publish button[type=submit]');
    await page.waitForSelector('.published', { timeout: 60_000 });
    const recordLink = await page.$eval('.published a[href$=".record.json"]', (a) => (a as HTMLAnchorElement).href);
    const record = (await (await fetch(recordLink)).json()) as { exceptions: { rule: string; cell: string; reason: string }[] };
    expect(record.exceptions.map((e) => e.cell)).toEqual(cells);
    expect(record.exceptions.every((e) => e.reason === '按原发布版本存档')).toBe(true);
    await page.close();
  });

  it('tells the second of two editors of a conflict, and loses neither one’s work', async () => {
    // A draft both start from.
    const draft = { ...loadExample('consistent2021'), year: 2025, publishedOn: undefined, signature: undefined, title: undefined };
    const stored = await t.app.request(`/v1/drafts/2025/${AGENCY}`, jsonRequest(draft, { method: 'PUT', token: TEST_TOKEN }));
    expect(stored.status).toBe(201);
    const [alice, bob] = [await openWorkspace(), await openWorkspace(OFFICE, await launchBrowser())];
    for (const page of [alice, bob]) {
      await signInWithKeys(page);
      await page.waitForSelector('.years');
      await openYear(page, 2025);
    }
    const edit = async (page: Page, text: string) => {
      await page.focus('textarea[data-path="sections.problems.blocks[0].text"]');
      await page.keyboard.press('End');
      await page.keyboard.type(text);
    };
    await edit(alice, '甲的修改。');
    await alice.waitForSelector('.save-state[data-state=saved]', { timeout: 10_000 });
    await edit(bob, '乙的修改。');
    await bob.waitForSelector('.conflict', { timeout: 10_000 });
    await bob.screenshot({ path: join(SCREENSHOTS, 'workspace-conflict-1366.png') });
    // Bob's text is kept in his browser; the server still has Alice's.
    const serverText = async () => {
      const current = await currentDraft(t.ports.archive, 2025, AGENCY);
      return ((await readDraft(t.ports.archive, current!.key)) as { sections: { problems: { blocks: { text: string }[] } } }).sections.problems.blocks[0]!.text;
    };
    expect(await serverText()).toContain('甲的修改');
    expect(await serverText()).not.toContain('乙的修改');
    expect(await bob.evaluate(() => JSON.stringify(localStorage))).toContain('乙的修改');
    // Bob keeps his: stored over Alice's, whose draft stays in the archive as an older version.
    await bob.click('button.keep-mine');
    await bob.waitForSelector('.save-state[data-state=saved]', { timeout: 10_000 });
    expect(await serverText()).toContain('乙的修改');
    const versions = (await Array.fromAsync(listAll(t.ports.archive, `drafts/2025/${AGENCY}/`))).flat();
    const texts = await Promise.all(versions.map(async (key) => JSON.stringify(await readDraft(t.ports.archive, key))));
    expect(texts.some((text) => text.includes('甲的修改') && !text.includes('乙的修改'))).toBe(true);
    for (const page of [alice, bob]) await page.close();
  });
});
