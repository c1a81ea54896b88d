/**
 * GET /v1/open-data/{year}/regions/{region}.csv|json over the real app and a filesystem archive of
 * example reports: a code covers its area by prefix (320000 → 32xxxx, 321300 → 3213xx), a name
 * matches the reports' region exactly, only current versions count, the CSV has a BOM, bad or
 * empty regions answer 400 and 404, and once there is a register its codes place the agencies.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyId } from '../../../functions/archive/keys';
import { systemClock } from '../../../functions/clock';
import { registerOf } from '../../../functions/register/model';
import { storeRegister } from '../../../functions/register/store';
import { createArchiveApp } from '../../helpers/archive-app';
import { loadExample } from '../../helpers/examples';
import { seedHistory, type HistoryArchive, type StoredReport } from '../../helpers/history-seed';

let seeded: HistoryArchive;
let app: ReturnType<typeof createArchiveApp>;

function inRegion(id: string, region: string, received: number | null, at = '2022-01-20T00:00:00.000Z'): StoredReport {
  const report = loadExample('consistent2021');
  report.agency = { id, name: `${id} 局`, region };
  report.sections.requests.table.received.total = received;
  return { report, at };
}

beforeAll(async () => {
  seeded = await seedHistory([
    inRegion('suqian-a', '321302', 10),
    inRegion('suqian-b', '321311', null),
    inRegion('suqian-b', '321311', 20, '2022-02-01T00:00:00.000Z'), // its correction: the current version
    inRegion('nanjing-a', '320102', 100),
    inRegion('hangzhou-a', '330102', 1000),
  ]);
  app = createArchiveApp(seeded.archive);
});

afterAll(() => seeded.cleanup());

interface Rolled {
  region: string;
  agencies: { id: string }[];
  figures: Record<string, number | null>;
  cells: { path: string; value: string; reported: number }[];
}

const rolled = async (path: string) => {
  const response = await app.request(path);
  expect(response.status).toBe(200);
  return (await response.json()) as Rolled;
};
const ids = (r: Rolled) => r.agencies.map((a) => a.id).sort();

describe('a region’s roll-up', () => {
  it('covers a city’s counties by its code, adding current versions only', async () => {
    const city = await rolled('/v1/open-data/2021/regions/321300.json');
    expect(ids(city)).toEqual(['suqian-a', 'suqian-b']);
    expect(city.figures.received).toBe(30);
    expect(city.cells.find((c) => c.path === 'sections.requests.table.received.total')).toMatchObject({ value: '30', reported: 2 });
  });

  it('covers a province’s cities, a county only itself, a name exactly', async () => {
    expect(ids(await rolled('/v1/open-data/2021/regions/320000.json'))).toEqual(['nanjing-a', 'suqian-a', 'suqian-b']);
    expect(ids(await rolled('/v1/open-data/2021/regions/321311.json'))).toEqual(['suqian-b']);
    const named = await rolled(`/v1/open-data/2021/regions/${encodeURIComponent('江海市')}.json`);
    expect(named.region).toBe('江海市');
    expect(ids(named)).toEqual(['jianghai-nrp']);
    // 行政复议 of its current version, the correction: 7.
    expect(named.figures.review).toBe(7);
  });

  it('is a CSV with a BOM, one line per cell, with reported and note', async () => {
    const response = await app.request('/v1/open-data/2021/regions/321300.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('\uFEFFsection,rowLabelId,rowLabel,columnLabelId,columnLabel,path,value,unit,reported,note');
    expect(lines).toHaveLength(1 + 200);
    expect(lines).toContain('requests,requests.row.received,一、本年新收政府信息公开申请数量,requests.column.total,总计,sections.requests.table.received.total,30,,2,');
  });

  it('answers 404 for a region or year with nothing published, 400 for a bad year or region', async () => {
    expect((await app.request('/v1/open-data/2021/regions/110000.json')).status).toBe(404);
    expect((await app.request('/v1/open-data/2019/regions/320000.csv')).status).toBe(404);
    expect((await app.request('/v1/open-data/1999/regions/320000.csv')).status).toBe(400);
    const tooLong = await app.request(`/v1/open-data/2021/regions/${'区'.repeat(101)}.json`);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { en: string }).en).toContain('invalid region');
  });
});

describe('the archive page with a region filter', () => {
  it('links the region’s roll-up of each year it shows', async () => {
    const { document } = parseHTML(await (await app.request('/archive?region=321302')).text());
    const links = Array.from(document.querySelectorAll('a.roll-up'), (a) => a.getAttribute('href'));
    expect(links).toEqual(['/v1/open-data/2021/regions/321302.csv', '/v1/open-data/2021/regions/321302.json']);
    for (const link of links) expect((await app.request(link!)).status).toBe(200);
  });
});

describe('with an agency register', () => {
  it('places an agency by its code in the register, whatever its report names', async () => {
    const agency = (id: string, region: string) => ({ id: id as AgencyId, name: id, region, kind: 'department' as const, from: 2019 });
    await storeRegister(seeded.archive, systemClock, registerOf([agency('jianghai-nrp', '321399'), agency('suqian-a', '321302')]));
    const city = await rolled('/v1/open-data/2021/regions/321300.json');
    // jianghai-nrp's report says 江海市; the register puts it in 3213xx. suqian-b is not listed: its report's code counts.
    expect(ids(city)).toEqual(['jianghai-nrp', 'suqian-a', 'suqian-b']);
    expect((await app.request(`/v1/open-data/2021/regions/${encodeURIComponent('江海市')}.json`)).status).toBe(404);
  });
});
