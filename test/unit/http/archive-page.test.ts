/**
 * The archivists' page (functions/http/archive-page.ts) over a real filesystem archive with three
 * published versions: its structure years → agencies → versions, the links and facts of each
 * version, escaping of a hostile agency name, search, the year filter and a bad year. The HTML is
 * parsed with linkedom, so assertions read the document a browser would build.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { archivePage } from '../../../functions/http/archive-page';
import { createArchiveApp } from '../../helpers/archive-app';
import { HOSTILE_NAME, seedArchive, type SeededArchive } from '../../helpers/archive-seed';

let seeded: SeededArchive;

beforeAll(async () => {
  seeded = await seedArchive();
});

afterAll(() => seeded.cleanup());

async function render(query: { q?: string; year?: string } = {}) {
  const source = await archivePage(seeded.archive, query);
  return { source, document: parseHTML(source).document };
}

const texts = (nodes: ArrayLike<Element>) => Array.from(nodes).map((node) => node.textContent!.replace(/\s+/g, ' ').trim());

describe('the whole archive', () => {
  it('is a complete zh-CN document with a viewport, inline style and no script', async () => {
    const { source, document } = await render();
    expect(source.startsWith('<!doctype html>')).toBe(true);
    expect(document.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(document.querySelector('meta[name=viewport]')!.getAttribute('content')).toContain('width=device-width');
    expect(document.querySelectorAll('style')).toHaveLength(1);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('link[rel=stylesheet]')).toHaveLength(0);
  });

  it('groups years, newest first, then agencies, then versions newest first', async () => {
    const { document } = await render();
    expect(texts(document.querySelectorAll('section > h2'))).toEqual(['2021 年度 2021', '2020 年度 2020']);
    const [y2021, y2020] = Array.from(document.querySelectorAll('section'));
    expect(y2021!.querySelectorAll('article')).toHaveLength(1);
    expect(y2020!.querySelectorAll('article')).toHaveLength(1);
    expect(y2020!.querySelector('h3')!.textContent).toContain('宿迁市残疾人联合会');
    const versions = y2020!.querySelectorAll('li.version');
    expect(versions).toHaveLength(2);
    const [correction, original] = [seeded.records[1]!, seeded.records[0]!];
    expect(versions[0]!.className).toContain('current');
    expect(versions[0]!.textContent).toContain('当前版本');
    expect(versions[0]!.querySelector('a.pdf')!.getAttribute('href')).toBe(`/v1/archive/${correction.keys.pdf}`);
    expect(versions[1]!.className).toContain('older');
    expect(versions[1]!.textContent).toContain('旧版本');
    expect(versions[1]!.querySelector('a.pdf')!.getAttribute('href')).toBe(`/v1/archive/${original.keys.pdf}`);
    expect(texts(document.querySelectorAll('.summary'))[0]).toContain('共 2 份报告，3 个版本');
  });

  it('shows each version’s links, size, pages, full sha256, Beijing time and exceptions', async () => {
    const { document } = await render();
    const correction = seeded.records[1]!;
    const item = document.querySelector('section:nth-of-type(2) li.version')!;
    const hrefs = Array.from(item.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    const tables = `/v1/archive/${correction.keys.source.replace(/\.json$/, '')}.tables`;
    expect(hrefs).toEqual([`/v1/archive/${correction.keys.pdf}`, `/v1/archive/${correction.keys.source}`, `/v1/archive/${correction.keys.record}`, `${tables}.csv`, `${tables}.json`]);
    expect(item.querySelector('code.sha')!.textContent).toBe(correction.sha256);
    const facts = item.querySelector('dl')!.textContent!.replace(/\s+/g, ' ');
    expect(facts).toContain(`${(correction.bytes / 1024).toFixed(1)} KB`);
    expect(facts).toMatch(/页数 Pages\s*3/);
    expect(item.querySelector('time')!.getAttribute('datetime')).toBe('2021-01-20T09:30:00.000Z');
    expect(item.querySelector('time')!.textContent).toBe('2021-01-20 17:30 北京时间');
    expect(texts(item.querySelectorAll('.exceptions li'))).toEqual(['R-2 上年结转件数按原统计口径填报']);
    expect(document.querySelector('section:nth-of-type(2) li.older .exceptions')).toBeNull();
  });

  it('escapes a hostile agency name everywhere it appears', async () => {
    const { source, document } = await render({ q: 'script' });
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(source).not.toContain('<script>');
    expect(source).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 局&#39;s &quot;office&quot;');
    expect(document.querySelector('h3')!.textContent).toContain(HOSTILE_NAME);
    expect(document.querySelector('input[name=q]')!.getAttribute('value')).toBe('script');
  });

  it('escapes a hostile search term in the box and in the no-result message', async () => {
    const term = '"><img src=x onerror=alert(1)>';
    const { document } = await render({ q: term });
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(document.querySelector('input[name=q]')!.getAttribute('value')).toBe(term);
    expect(document.querySelector('.empty')!.textContent).toContain(term);
  });
});

describe('search over every year (the agency directory)', () => {
  it('finds an agency by a substring of its Chinese name, with each year’s current version linking to that year', async () => {
    const { document } = await render({ q: '残疾人联合会' });
    expect(texts(document.querySelectorAll('h3'))).toEqual(['宿迁市残疾人联合会 suqian-cdpf']);
    expect(document.querySelector('h3 a.agency-page')!.getAttribute('href')).toBe('/archive/suqian-cdpf');
    const years = document.querySelectorAll('ol.found ul.years li');
    expect(texts(years)).toEqual(['2020 年度 2020 当前版本 current 2021-01-20 17:30 北京时间']);
    expect(years[0]!.querySelector('a.year')!.getAttribute('href')).toBe('/archive?year=2020&agency=suqian-cdpf');
    expect(years[0]!.querySelector('time')!.getAttribute('datetime')).toBe(seeded.records[1]!.createdAt);
  });

  it('finds an agency by a substring of its id, in either case', async () => {
    const { document } = await render({ q: '  HOSTILE ' });
    expect(document.querySelectorAll('ol.found > li')).toHaveLength(1);
    expect(document.querySelector('h3 .id')!.textContent).toBe('hostile-agency');
  });

  it('finds a name by characters that its stored form escapes (quotes)', async () => {
    const { document } = await render({ q: '"office"' });
    expect(document.querySelectorAll('ol.found > li')).toHaveLength(1);
    expect(document.querySelector('h3 .id')!.textContent).toBe('hostile-agency');
  });

  it('says clearly when nothing matches (an abbreviation is not a substring)', async () => {
    const { document } = await render({ q: '残联' });
    expect(document.querySelectorAll('ol.found > li')).toHaveLength(0);
    expect(document.querySelector('.empty')!.textContent).toContain('没有找到报告');
    expect(document.querySelector('.empty')!.textContent).toContain('No result');
    expect(document.querySelector('.empty')!.textContent).toContain('“残联”');
  });

  it('offers a clear link only while a filter is set', async () => {
    expect((await render()).document.querySelector('a.reset')).toBeNull();
    expect((await render({ q: '宿迁' })).document.querySelector('a.reset')!.getAttribute('href')).toBe('?');
  });
});

describe('year filter', () => {
  it('offers the archived years, newest first, and selects the chosen one', async () => {
    const { document } = await render({ year: '2020' });
    const options = Array.from(document.querySelectorAll('select[name=year] option'));
    expect(options.map((o) => o.getAttribute('value'))).toEqual(['', '2021', '2020']);
    expect(options.filter((o) => o.hasAttribute('selected')).map((o) => o.getAttribute('value'))).toEqual(['2020']);
    expect(texts(document.querySelectorAll('section > h2'))).toEqual(['2020 年度 2020']);
  });

  it('combines with search', async () => {
    const { document } = await render({ year: '2021', q: '宿迁' });
    expect(document.querySelectorAll('article')).toHaveLength(0);
    expect(document.querySelector('.empty')!.textContent).toContain('2021 年度');
  });

  it('lists nothing for a valid year without reports', async () => {
    const { document } = await render({ year: '2019' });
    expect(document.querySelectorAll('section')).toHaveLength(0);
    expect(document.querySelector('.empty')!.textContent).toContain('in 2019');
  });

  it.each(['20x1', '1999', '<b>2020</b>', '2020/../x'])('reports the bad year %j and shows every year', async (year) => {
    const { source, document } = await render({ year });
    expect(document.querySelector('.notice')!.textContent).toContain(year);
    expect(document.querySelectorAll('b')).toHaveLength(0);
    expect(source).not.toContain('<b>');
    expect(document.querySelectorAll('section')).toHaveLength(2);
  });
});

describe('through the app', () => {
  it.each(['/archive', '/archive?year=20x1&q=%3Cscript%3E', '/archive?year=2020&year=2021'])('answers %s with an HTML page, never an error', async (url) => {
    const response = await createArchiveApp(seeded.archive).request(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(parseHTML(await response.text()).document.querySelector('form[role=search]')).not.toBeNull();
  });
});

describe('an empty archive', () => {
  it('renders the form and the no-result message', async () => {
    const { document } = parseHTML(await archivePage(createFsArchive({ root: `${seeded.root}-empty` }), {}));
    expect(document.querySelector('form input[name=q]')).not.toBeNull();
    expect(document.querySelector('.empty')).not.toBeNull();
  });
});
