/**
 * Paging and filters of /archive and /v1/archive, served from the catalog, over a real folder
 * archive with 60 agencies in each of two years, in three regions, one of them with a corrected
 * report (three versions): every page follows the previous one without a gap or a repeat, and
 * each filter (year, region, agency, a search on names) keeps exactly its rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { storePublication } from '../../../functions/archive/store';
import { createArchiveApp } from '../../helpers/archive-app';
import { clockAt, publication } from '../../contract/archive.contract';

const REGIONS = ['江海市', '临江县', '青石县'];
const AGENCIES = 60;
const agencyId = (i: number) => `agency-${String(i).padStart(3, '0')}`;

let folder: string;
let app: ReturnType<typeof createArchiveApp>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-archive-paging-'));
  const archive = createFsArchive({ root: folder });
  for (const year of [2020, 2021]) {
    for (let i = 0; i < AGENCIES; i++) {
      const at = `${year + 1}-01-${String(10 + (i % 15)).padStart(2, '0')}T08:00:00Z`;
      await storePublication(
        { archive, clock: clockAt(at) },
        publication({ year, agencyId: agencyId(i), agencyName: `江海市第${i}号单位`, agencyRegion: REGIONS[i % 3], source: { year, i } }),
      );
    }
  }
  for (const revision of [1, 2]) {
    await storePublication({ archive, clock: clockAt(`2022-03-0${revision}T08:00:00Z`) }, publication({ agencyId: agencyId(7), agencyName: '江海市第7号单位', agencyRegion: REGIONS[1], source: { year: 2021, i: 7, revision } }));
  }
  app = createArchiveApp(archive);
}, 120_000);

afterAll(() => rm(folder, { recursive: true, force: true }));

async function page(path: string) {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  const { document } = parseHTML(await response.text());
  const rows = Array.from(document.querySelectorAll('section')).flatMap((section) => {
    const year = section.querySelector('h2')!.getAttribute('id')!.slice(1);
    return Array.from(section.querySelectorAll('article .id'), (id) => `${year}/${id.textContent}`);
  });
  // A search over every year lists agencies, each with its years: `{id}: {year} {year}`.
  const agencies = Array.from(document.querySelectorAll('ol.found > li'), (li) => `${li.querySelector('.id')!.textContent}: ${Array.from(li.querySelectorAll('a.year'), (a) => a.textContent!.slice(0, 4)).join(' ')}`);
  return { document, rows, agencies, next: document.querySelector('a[rel=next]')?.getAttribute('href') ?? undefined };
}

/** Follows the next links from `path`; every page's rows, in order. */
async function allPages(path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = path;
  while (next) {
    const current = await page(next.startsWith('?') ? `/archive${next}` : next);
    pages.push(current.rows);
    next = current.next;
  }
  return pages;
}

const expectedRows = (years: number[], keep: (i: number) => boolean) =>
  years.flatMap((year) => Array.from({ length: AGENCIES }, (_, i) => i).filter(keep).map((i) => `${year}/${agencyId(i)}`));

describe('/archive', () => {
  it('shows 50 agencies a page, newest year first, and the next link leads through every one once', async () => {
    const pages = await allPages('/archive');
    expect(pages.map((rows) => rows.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(expectedRows([2021, 2020], () => true));
  });

  it('keeps the filters on the next link: a region over both years', async () => {
    const pages = await allPages(`/archive?region=${encodeURIComponent('临江县')}`);
    expect(pages.flat()).toEqual(expectedRows([2021, 2020], (i) => i % 3 === 1));
    expect((await page(`/archive?region=${encodeURIComponent('临江县')}`)).document.querySelectorAll('.region')[0]!.textContent).toBe('临江县');
  });

  it('filters by year and searches names', async () => {
    expect((await page(`/archive?year=2020&q=${encodeURIComponent('第12号')}`)).rows).toEqual(['2020/agency-012']);
    expect((await page(`/archive?q=${encodeURIComponent('第12号')}`)).agencies).toEqual(['agency-012: 2021 2020']);
    expect((await page('/archive?q=AGENCY-04')).agencies).toEqual(Array.from({ length: 10 }, (_, k) => `${agencyId(40 + k)}: 2021 2020`));
  });

  it('pages a search over every year by agency, 50 a page, the region kept on the next link', async () => {
    const first = await page(`/archive?q=${encodeURIComponent('江海市')}`);
    expect(first.agencies).toHaveLength(50);
    const second = await page(`/archive${first.next!}`);
    expect(second.next).toBeUndefined();
    expect([...first.agencies, ...second.agencies]).toEqual(Array.from({ length: AGENCIES }, (_, i) => `${agencyId(i)}: 2021 2020`));
    const inRegion = await page(`/archive?q=${encodeURIComponent('号单位')}&region=${encodeURIComponent('临江县')}`);
    expect(inRegion.agencies).toEqual(Array.from({ length: 20 }, (_, k) => `${agencyId(3 * k + 1)}: 2021 2020`));
    // The corrected report is the current version of agency-007's 2021.
    expect(inRegion.document.querySelector('ol.found > li:nth-child(3) time')!.getAttribute('datetime')).toBe('2022-03-02T08:00:00.000Z');
  });

  it('shows one agency in every year, with all its versions newest first', async () => {
    const { document, rows } = await page(`/archive?agency=${agencyId(7)}`);
    expect(rows).toEqual(['2021/agency-007', '2020/agency-007']);
    const versions = Array.from(document.querySelectorAll('section:first-of-type li.version time'), (time) => time.getAttribute('datetime'));
    expect(versions).toEqual(['2022-03-02T08:00:00.000Z', '2022-03-01T08:00:00.000Z', '2022-01-17T08:00:00.000Z']);
  });

  it.each(['cursor=%25%25', 'cursor=MjAyMC8uLi94', 'agency=..%2Fx'])('reports a bad %s on the page and shows the first page', async (query) => {
    const { document, rows } = await page(`/archive?${query}`);
    expect(document.querySelector('.notice')!.textContent).toContain('ignored');
    expect(rows[0]).toBe('2021/agency-000');
  });
});

describe('/v1/archive', () => {
  interface Item { year: number; agency: { id: string; region?: string }; current: boolean; createdAt: string }

  async function allItems(query: string): Promise<{ pages: number[]; items: Item[] }> {
    const pages: number[] = [];
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const response = await app.request(`/v1/archive?${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: Item[]; cursor?: string };
      pages.push(body.items.length);
      items.push(...body.items);
      cursor = body.cursor;
    } while (cursor);
    return { pages, items };
  }

  it('pages 100 versions at a time, oldest year first, never splitting an agency’s versions', async () => {
    const { pages, items } = await allItems('');
    expect(pages).toEqual([100, 22]);
    expect(items.map((item) => `${item.year}/${item.agency.id}`)).toEqual(
      [...expectedRows([2020], () => true), ...expectedRows([2021], () => true).flatMap((row) => (row.endsWith('007') ? [row, row, row] : [row]))],
    );
    expect(items.filter((item) => item.agency.id === agencyId(7) && item.year === 2021).map((item) => item.current)).toEqual([true, false, false]);
  });

  it('filters by year, region, agency and name', async () => {
    const inRegion = (await allItems(`year=2020&region=${encodeURIComponent('青石县')}`)).items;
    expect(inRegion.map((item) => item.agency.id)).toEqual(Array.from({ length: 20 }, (_, k) => agencyId(3 * k + 2)));
    expect(inRegion.every((item) => item.agency.region === '青石县')).toBe(true);
    expect((await allItems(`agency=${agencyId(7)}`)).items.map((item) => item.year)).toEqual([2020, 2021, 2021, 2021]);
    expect((await allItems(`year=2021&q=${encodeURIComponent('第59号')}`)).items.map((item) => `${item.year}/${item.agency.id}`)).toEqual(['2021/agency-059']);
    expect((await allItems('year=2019')).items).toEqual([]);
  });

  interface Found { id: string; region?: string; years: { year: number; current: { createdAt: string }; links: { versions: string } }[]; links: { history: string } }

  it('answers a name search over every year with agencies and their years, whose links list the versions', async () => {
    const response = await app.request(`/v1/archive?q=${encodeURIComponent('第7号')}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { agencies: Found[]; cursor?: string; items?: unknown };
    expect(body.items).toBeUndefined();
    expect(body.cursor).toBeUndefined();
    expect(body.agencies.map((agency) => `${agency.id}: ${agency.years.map((y) => y.year).join(' ')}`)).toEqual(['agency-007: 2021 2020']);
    const [latest] = body.agencies[0]!.years;
    expect(latest!.current.createdAt).toBe('2022-03-02T08:00:00.000Z');
    expect(body.agencies[0]!.links.history).toBe('/v1/agencies/agency-007/history');
    const versions = (await (await app.request(latest!.links.versions)).json()) as { items: Item[] };
    expect(versions.items.map((item) => [item.year, item.createdAt, item.current])).toEqual([
      [2021, '2022-03-02T08:00:00.000Z', true], [2021, '2022-03-01T08:00:00.000Z', false], [2021, '2022-01-17T08:00:00.000Z', false],
    ]);
  });

  it('keeps the region in a name search over every year, and refuses a cursor of the version list there', async () => {
    const body = (await (await app.request(`/v1/archive?q=${encodeURIComponent('江海市')}&region=${encodeURIComponent('青石县')}`)).json()) as { agencies: Found[] };
    expect(body.agencies.map((agency) => agency.id)).toEqual(Array.from({ length: 20 }, (_, k) => agencyId(3 * k + 2)));
    expect(body.agencies.every((agency) => agency.region === '青石县')).toBe(true);
    const versionCursor = Buffer.from('2020/agency-001').toString('base64url');
    expect((await app.request(`/v1/archive?q=x&cursor=${versionCursor}`)).status).toBe(400);
  });
});
