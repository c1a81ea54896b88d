/**
 * The year's dashboard over the real app and a filesystem archive of example reports: expected
 * against published without a register (the archive's last two years) and with one, late reports on
 * both sides of both deadlines (Beijing time, the first version's archive time), acknowledged
 * failures and prose warnings of the current version, records that predate prose warnings, the
 * region filter, each number's list on the page, and the bad parameters.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyId } from '../../../functions/archive/keys';
import { systemClock } from '../../../functions/clock';
import { registerOf, type Agency } from '../../../functions/register/model';
import { storeRegister } from '../../../functions/register/store';
import { createArchiveApp } from '../../helpers/archive-app';
import { loadExample } from '../../helpers/examples';
import { seedHistory, type HistoryArchive, type StoredReport } from '../../helpers/history-seed';

let seeded: HistoryArchive;
let app: ReturnType<typeof createArchiveApp>;

function agencyReport(id: string, name: string, at: string, change: (report: any) => void = () => {}): StoredReport {
  const report = loadExample('consistent2021');
  report.agency = { id, name, region: '321302' };
  change(report);
  return { report, at };
}

beforeAll(async () => {
  seeded = await seedHistory([
    // 2021: deadlines 2022-01-31 (departments) and 2022-03-31 (governments), end of day in Beijing.
    agencyReport('dept-on-time', '宿城区教育局', '2022-01-31T15:59:59.999Z'),
    agencyReport('dept-late', '宿城区民政局', '2022-01-31T16:00:00.000Z'),
    agencyReport('gov-on-time', '宿城区人民政府', '2022-03-31T15:59:59.999Z'),
    agencyReport('gov-late', '宿豫区人民政府', '2022-03-31T16:00:00.000Z'),
    agencyReport('prose-off', '宿城区财政局', '2022-01-10T00:00:00.000Z', (r) => (r.sections.requests.table.received.total = 50)),
    { ...agencyReport('old-record', '宿城区卫健委', '2022-01-11T00:00:00.000Z'), unrecorded: true },
    // Published for 2020 only: expected in 2021 without a register, and missing.
    { report: { ...loadExample('seed2020'), agency: { id: 'gone-2021', name: '已撤销机关', region: '321302' } }, at: '2021-01-20T00:00:00.000Z' },
  ]);
  app = createArchiveApp(seeded.archive);
});

afterAll(() => seeded.cleanup());

interface DashboardJson {
  fromRegister: boolean;
  deadlines: { department: string; government: string };
  counts: Record<string, number>;
  agencies: { id: string; kind: string; late: boolean; expected: boolean; exceptions: number; proseWarnings: number | null; versions: number }[];
}

const dashboard = async (query = '') => {
  const response = await app.request(`/v1/dashboard/2021${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as DashboardJson;
};
const ids = (d: DashboardJson) => d.agencies.map((a) => a.id);

describe('without a register', () => {
  it('expects the agencies of this year and the year before, and counts the published', async () => {
    const d = await dashboard();
    expect(d.fromRegister).toBe(false);
    expect(d.deadlines).toEqual({ department: '2022-01-31T15:59:59.999Z', government: '2022-03-31T15:59:59.999Z' });
    expect(d.counts).toMatchObject({ expected: 8, published: 7, missing: 1, unlisted: 0 });
    expect(ids(await dashboard('?list=missing'))).toEqual(['gone-2021']);
  });

  it('finds late reports on either side of each deadline, by the first version’s time', async () => {
    const d = await dashboard('?list=late');
    expect(ids(d)).toEqual(['dept-late', 'gov-late']);
    expect(d.agencies.map((a) => a.kind)).toEqual(['department', 'government']);
    // jianghai-nrp's correction came after 31 January; its first version did not.
    const all = await dashboard();
    expect(all.agencies.find((a) => a.id === 'jianghai-nrp')).toMatchObject({ late: false, versions: 2, exceptions: 1 });
  });

  it('lists acknowledged failures, prose warnings and records that predate them', async () => {
    expect(ids(await dashboard('?list=acknowledged'))).toEqual(['jianghai-nrp']);
    const prose = await dashboard('?list=prose');
    expect(ids(prose)).toEqual(['prose-off']);
    expect(prose.agencies[0]!.proseWarnings).toBe(1);
    expect(ids(await dashboard('?list=unrecorded'))).toEqual(['old-record']);
  });

  it('keeps to a region: by the reports’ region name, or by code', async () => {
    expect(ids(await dashboard(`?region=${encodeURIComponent('江海市')}`))).toEqual(['jianghai-nrp']);
    const city = await dashboard('?region=321300');
    expect(city.counts).toMatchObject({ expected: 7, published: 6, missing: 1 });
  });

  it('answers 400 for a bad year, list or region', async () => {
    expect((await app.request('/v1/dashboard/1999')).status).toBe(400);
    expect((await app.request('/v1/dashboard/2021?list=everything')).status).toBe(400);
    expect((await app.request(`/v1/dashboard/2021?region=${'区'.repeat(101)}`)).status).toBe(400);
  });
});

describe('the page', () => {
  it('links every number to its list, which names the agencies with links to their pages', async () => {
    const response = await app.request('/dashboard/2021?region=321300');
    expect(response.status).toBe(200);
    const { document } = parseHTML(await response.text());
    expect(document.querySelectorAll('script')).toHaveLength(0);
    const late = document.querySelector('a.count-late')!;
    expect(late.querySelector('strong')!.textContent).toBe('2');
    expect(late.getAttribute('href')).toBe('/dashboard/2021?region=321300&list=late');
    expect(document.querySelector('a.count-unlisted')).toBeNull();

    const list = parseHTML(await (await app.request(late.getAttribute('href')!)).text()).document;
    const rows = Array.from(list.querySelectorAll('table.list tbody tr'));
    expect(rows.map((tr) => tr.querySelector('th a')!.getAttribute('href'))).toEqual(['/archive/dept-late', '/archive/gov-late']);
    expect(rows[0]!.textContent).toContain('逾期');
    expect(list.querySelector('a.count-late')!.getAttribute('aria-current')).toBe('page');
  });

  it('reports an unknown list on the page and says when there is no register', async () => {
    const { document } = parseHTML(await (await app.request('/dashboard/2021?list=%3Cb%3E')).text());
    expect(document.querySelector('.notice[role=alert]')!.textContent).toContain('<b>');
    expect(document.body.textContent).toContain('尚未导入机关名录');
  });

  it('is linked from each year of /archive', async () => {
    const { document } = parseHTML(await (await app.request('/archive?region=321302')).text());
    expect(document.querySelector('a.dashboard')!.getAttribute('href')).toBe('/dashboard/2021?region=321302');
  });
});

describe('with a register', () => {
  it('expects the register’s agencies that must report, and lists published agencies it does not know', async () => {
    const agency = (id: string, name: string, kind: Agency['kind'], until?: number): Agency => ({ id: id as AgencyId, name, region: '321302', kind, from: 2019, ...(until ? { until } : {}) });
    await storeRegister(seeded.archive, systemClock, registerOf([
      agency('dept-on-time', '宿城区教育局', 'department'),
      // The register says government: its late publication counts against 31 March.
      agency('dept-late', '宿城区民政局', 'government'),
      agency('gone-2021', '已撤销机关', 'department', 2020),
      agency('never-published', '宿城区从未发布局', 'department'),
    ]));
    const d = await dashboard('?region=321300');
    expect(d.fromRegister).toBe(true);
    expect(d.counts).toMatchObject({ expected: 3, published: 6, missing: 1, unlisted: 4 });
    expect(ids(await dashboard('?region=321300&list=missing'))).toEqual(['never-published']);
    expect(ids(await dashboard('?region=321300&list=late'))).toEqual(['gov-late']);
  });
});
