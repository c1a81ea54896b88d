/**
 * An agency's history over the real app and a filesystem archive of real reports in both formats
 * (test/helpers/history-seed.ts): the JSON of GET /v1/agencies/{agency}/history (every version,
 * current first, and the key figures of each year's current version, blanks as null), the page
 * at /archive/{agency} (the year-over-year table with blank cells blank, the versions with their
 * downloads and acknowledged exceptions), the link to it from /archive, the errors, and that it
 * reads the sources of the agency's current versions only.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../../functions/archive/archive';
import { createArchiveApp } from '../../helpers/archive-app';
import { loadExample } from '../../helpers/examples';
import { AGENCY, seedHistory, type HistoryArchive } from '../../helpers/history-seed';

let seeded: HistoryArchive;
/** Every key the app read (get), in order. */
const reads: string[] = [];
let app: ReturnType<typeof createArchiveApp>;

beforeAll(async () => {
  const other = loadExample('consistent2021');
  other.agency = { id: 'jianghai-other', name: '江海市另一部门', region: '江海市' };
  seeded = await seedHistory([{ report: other, at: '2022-01-20T00:00:00.000Z' }]);
  const counting: Archive = { ...seeded.archive, get: (key) => (reads.push(key), seeded.archive.get(key)) };
  app = createArchiveApp(counting);
});

afterAll(() => seeded.cleanup());

interface History {
  agency: { id: string; name: string };
  keyFigures: { id: string; zh: string }[];
  years: { year: number; formatVersion: string; figures: Record<string, number | null>; versions: { sha256: string; current: boolean; exceptions: unknown[]; links: { pdf: string } }[] }[];
}

const FIGURES_2021 = {
  received: 105, carriedOver: 6, granted: 51, partiallyGranted: 7, withheld: 15, unavailable: 22, notProcessed: 8, otherHandling: 2,
  handled: 105, carriedForward: 6, review: 7, litigation: 3, normativeIssued: 3, normativeInForce: 27,
};

describe('GET /v1/agencies/{agency}/history', () => {
  it('lists every year newest first, every version current first, with links and exceptions', async () => {
    reads.length = 0;
    const response = await app.request(`/v1/agencies/${AGENCY.id}/history`);
    expect(response.status).toBe(200);
    const history = (await response.json()) as History;
    expect(history.agency).toEqual(AGENCY);
    expect(history.years.map((y) => [y.year, y.formatVersion, y.versions.length])).toEqual([[2022, '2021', 1], [2021, '2021', 2], [2020, '2019', 1]]);
    const [, y2021] = history.years;
    expect(y2021!.versions.map((v) => v.current)).toEqual([true, false]);
    expect(y2021!.versions[0]!.sha256).toBe(seeded.records[2]!.sha256);
    expect(y2021!.versions[0]!.exceptions).toEqual([expect.objectContaining({ rule: 'R-4', cell: 'sections.reviews.table.review.total' })]);
    expect(y2021!.versions[1]!.links.pdf).toBe(`/v1/archive/${seeded.records[1]!.keys.pdf}`);
    // One source per year, its current version's; no other agency's, no superseded version's.
    expect(reads.filter((key) => key.endsWith('.json') && !key.endsWith('.record.json')).sort()).toEqual([seeded.records[0]!, seeded.records[2]!, seeded.records[3]!].map((r) => r.keys.source).sort());
  });

  it('gives the key figures of both formats, the correction’s in 2021, blanks as null', async () => {
    const history = (await (await app.request(`/v1/agencies/${AGENCY.id}/history`)).json()) as History;
    expect(history.keyFigures.map((f) => f.id)).toEqual(Object.keys(FIGURES_2021));
    const [y2022, y2021, y2020] = history.years;
    expect(y2021!.figures).toEqual(FIGURES_2021);
    expect(y2022!.figures).toEqual({ ...FIGURES_2021, review: 6, litigation: null, normativeIssued: null });
    expect(y2020!.figures).toEqual({
      received: 3, carriedOver: null, granted: 2, partiallyGranted: 0, withheld: 1, unavailable: 0, notProcessed: 0, otherHandling: 0,
      handled: 0, carriedForward: 0, review: 0, litigation: 0, normativeIssued: 4, normativeInForce: 30,
    });
  });

  it('answers 404 for an agency that never published and 400 for a malformed id', async () => {
    const unknown = await app.request('/v1/agencies/nobody/history');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await app.request('/v1/agencies/Not_An_Id/history')).status).toBe(400);
  });
});

describe('GET /archive/{agency}', () => {
  const texts = (nodes: ArrayLike<Element>) => Array.from(nodes).map((node) => node.textContent!.replace(/\s+/g, ' ').trim());

  it('shows the key figures year over year, newest first, blank cells blank', async () => {
    const response = await app.request(`/archive/${AGENCY.id}`);
    expect(response.status).toBe(200);
    const { document } = parseHTML(await response.text());
    expect(document.querySelector('h1')!.textContent).toContain(AGENCY.name);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    const table = document.querySelector('.figures table')!;
    expect(texts(table.querySelectorAll('thead th')).slice(1)).toEqual(['2022 2021 格式', '2021 2021 格式', '2020 2019 格式']);
    const row = (zh: string) => Array.from(table.querySelectorAll('tbody tr')).find((tr) => tr.querySelector('th')!.textContent!.startsWith(zh))!;
    expect(texts(row('行政诉讼').querySelectorAll('td'))).toEqual(['', '3', '0']);
    expect(texts(row('上年结转').querySelectorAll('td'))).toEqual(['6', '6', '']);
    expect(texts(row('行政复议').querySelectorAll('td'))).toEqual(['6', '7', '0']);
    expect(texts(row('规范性文件 本年制发').querySelectorAll('td'))).toEqual(['', '3', '4']);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(14);
  });

  it('lists every year’s versions with downloads, SHA-256 and the acknowledged exception', async () => {
    const { document } = parseHTML(await (await app.request(`/archive/${AGENCY.id}`)).text());
    const sections = Array.from(document.querySelectorAll('main > section')).slice(1);
    expect(texts(sections.map((s) => s.querySelector('h2')!))).toEqual(['2022 年度 2022: 1 version(s)', '2021 年度 2021: 2 version(s)', '2020 年度 2020: 1 version(s)']);
    const versions = sections[1]!.querySelectorAll('li.version');
    expect(versions[0]!.className).toContain('current');
    expect(versions[0]!.querySelector('code.sha')!.textContent).toBe(seeded.records[2]!.sha256);
    expect(versions[0]!.querySelector('.exceptions')!.textContent).toContain('按原发布版本存档');
    expect(versions[1]!.querySelector('a.pdf')!.getAttribute('href')).toBe(`/v1/archive/${seeded.records[1]!.keys.pdf}`);
    expect(document.querySelector(`a[href="/v1/agencies/${AGENCY.id}/history"]`)).not.toBeNull();
  });

  it('is linked from each agency’s name on /archive', async () => {
    const { document } = parseHTML(await (await app.request('/archive?year=2021')).text());
    const links = Array.from(document.querySelectorAll('h3 a.agency-page'), (a) => a.getAttribute('href'));
    expect(links.sort()).toEqual(['/archive/jianghai-nrp', '/archive/jianghai-other']);
  });

  it('answers 404 for an agency that never published and 400 for a malformed id', async () => {
    expect((await app.request('/archive/nobody')).status).toBe(404);
    expect((await app.request('/archive/Not_An_Id')).status).toBe(400);
  });
});

describe('a damaged source', () => {
  it('costs only its year’s figures: the other years and every version stay on the page and in the JSON', async () => {
    const other = await seedHistory();
    try {
      const damagedApp = createArchiveApp({ ...other.archive, get: (key) => (key === other.records[3]!.keys.source ? Promise.resolve(null) : other.archive.get(key)) });
      const history = (await (await damagedApp.request(`/v1/agencies/${AGENCY.id}/history`)).json()) as History & { years: { damaged?: string }[] };
      expect(history.years.map((y) => [y.year, y.figures === null, y.versions.length])).toEqual([[2022, true, 1], [2021, false, 2], [2020, false, 1]]);
      expect(history.years[0]!.damaged).toContain('cannot be read');
      const page = await damagedApp.request(`/archive/${AGENCY.id}`);
      expect(page.status).toBe(200);
      const { document } = parseHTML(await page.text());
      expect(document.querySelector('.notice[role=alert]')!.textContent).toContain('archive verify');
      expect(document.querySelectorAll('td.damaged')).toHaveLength(14);
    } finally {
      await other.cleanup();
    }
  });
});
