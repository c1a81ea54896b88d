/**
 * The agency register: CSV in (BOM, Chinese or English headers, every bad line and column named)
 * and out (round trip), the questions the rest asks of it (mustReport, regionCovers, agenciesOf,
 * regionOf), its storage in a real folder archive, the CLI (`nianbao agencies`), GET /v1/agencies,
 * and where it is used: a draft for an agency it does not list is refused, and the batch plan lists
 * the agencies it expects that sent nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { listAll } from '../../../functions/archive/archive';
import { planBatch } from '../../../functions/batch/plan';
import { storeDraft } from '../../../functions/drafts/store';
import { ReportInvalid } from '../../../functions/errors';
import { publish } from '../../../functions/publish';
import { registerFromCsv, registerToCsv, RegisterInvalid } from '../../../functions/register/csv';
import { agenciesOf, findAgency, mustReport, regionCovers, regionOf } from '../../../functions/register/model';
import { readRegister, storeRegister } from '../../../functions/register/store';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { cli } from '../../helpers/cli';
import { loadExample } from '../../helpers/examples';

const CSV = [
  '\uFEFF机关代码 id,机关名称 name,行政区划代码 region,上级机关 parent,类型 kind,起报年度 from,止报年度 until',
  'suqian,宿迁市人民政府,321300,,government,2019,',
  'suqian-cdpf,"宿迁市残疾人联合会, 市级",321300,suqian,部门,2019,',
  'shuyang,沭阳县人民政府,321322,suqian,政府,2019,2022',
  'jianghai-nrp,江海市自然资源和规划局,320100,,department,2021,',
  '',
].join('\r\n');

const clock = { now: () => new Date('2026-01-20T08:00:00Z') };

function problemsOf(text: string) {
  try {
    registerFromCsv(text);
  } catch (error) {
    if (error instanceof RegisterInvalid) return error.problems.map(({ line, column, en }) => ({ line, column, en }));
    throw error;
  }
  throw new Error('expected RegisterInvalid');
}

describe('CSV import and export', () => {
  it('reads a spreadsheet export: BOM, both-language headers, quoted commas, Chinese kinds, open-ended years', () => {
    const register = registerFromCsv(CSV);
    expect(register.agencies.map((a) => a.id)).toEqual(['jianghai-nrp', 'shuyang', 'suqian', 'suqian-cdpf']);
    expect(findAgency(register, 'suqian-cdpf')).toEqual({ id: 'suqian-cdpf', name: '宿迁市残疾人联合会, 市级', region: '321300', parent: 'suqian', kind: 'department', from: 2019 });
    expect(findAgency(register, 'shuyang')).toMatchObject({ kind: 'government', until: 2022 });
  });

  it('takes English-only headers in any order and LF line ends', () => {
    const register = registerFromCsv('kind,id,region,name,from\ngovernment,suqian,321300,宿迁市人民政府,2019\n');
    expect(register.agencies).toEqual([{ id: 'suqian', name: '宿迁市人民政府', region: '321300', kind: 'government', from: 2019 }]);
  });

  it('writes what it reads back, with a BOM and CRLF, and a formula-looking name made inert', () => {
    const register = registerFromCsv(CSV.replace('宿迁市人民政府', '=宿迁市人民政府'));
    const csv = registerToCsv(register);
    expect(csv.startsWith('\uFEFF机关代码 id,机关名称 name,')).toBe(true);
    expect(csv).toContain("suqian,'=宿迁市人民政府,321300,,government,2019,\r\n");
    expect(registerFromCsv(csv)).toEqual(register);
  });

  it('names every bad value by line and column, and imports nothing', () => {
    const text = [
      'id,name,region,parent,kind,from,until',
      'Suqian,宿迁,321300,,government,2019,',
      'a,甲,32130,,government,2019,',
      'b,乙,991300,,agency,2007,',
      'c,,321300,nobody,department,2020,2019',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { line: 2, column: 1, en: expect.stringContaining('lowercase a-z') },
      { line: 3, column: 3, en: expect.stringContaining('行政区划代码') },
      { line: 4, column: 3, en: expect.stringContaining('行政区划代码') },
      { line: 4, column: 5, en: expect.stringContaining('government or department') },
      { line: 4, column: 6, en: expect.stringContaining('from 2008') },
      { line: 5, column: 2, en: 'name is empty' },
    ]);
  });

  it('checks the register as a whole: duplicate ids, unknown parents, parent cycles, until before from', () => {
    const text = ['id,name,region,parent,kind,from,until', 'a,甲,321300,b,government,2019,', 'b,乙,321300,a,government,2019,', 'a,丙,321300,,government,2019,', 'c,丁,321300,x,government,2020,2019'].join('\n');
    expect(problemsOf(text)).toEqual([
      { line: 2, column: 4, en: 'the chain of parents leads back to a' },
      { line: 3, column: 4, en: 'the chain of parents leads back to b' },
      { line: 4, column: 1, en: 'agency id a appears twice (also entry 1)' },
      { line: 5, column: 4, en: 'parent x is not in the register' },
      { line: 5, column: 7, en: 'until 2019 is before from 2020' },
    ]);
  });

  it('refuses a header it does not know, a missing column, a stray quote and an empty file', () => {
    expect(problemsOf('id,name,region,kind,from,colour\n')).toEqual([{ line: 1, column: 6, en: expect.stringContaining('"colour" names no known column') }]);
    expect(problemsOf('id,name,kind,from\n')).toEqual([{ line: 1, column: undefined, en: 'the header lacks the column region (行政区划代码)' }]);
    expect(problemsOf('id,name,region,kind,from\na,b"c,321300,government,2019\n')).toEqual([{ line: 2, column: 4, en: expect.stringContaining('a quote inside an unquoted field') }]);
    expect(problemsOf('id,name,region,kind,from\na,"b,321300,government,2019\n')).toEqual([{ line: 2, column: 1, en: expect.stringContaining('unclosed quote') }]);
    expect(problemsOf('\uFEFF')).toEqual([{ line: 1, column: undefined, en: expect.stringContaining('empty') }]);
  });
});

describe('questions asked of the register', () => {
  const register = registerFromCsv(CSV);

  it('says who must report for a year', () => {
    const shuyang = findAgency(register, 'shuyang')!;
    expect([2018, 2019, 2022, 2023].map((year) => mustReport(shuyang, year))).toEqual([false, true, true, false]);
    expect(agenciesOf(register, { year: 2020 }).map((a) => a.id)).toEqual(['shuyang', 'suqian', 'suqian-cdpf']);
    expect(agenciesOf(register, { year: 2023 }).map((a) => a.id)).toEqual(['jianghai-nrp', 'suqian', 'suqian-cdpf']);
  });

  it('reads a region code as a prefix: 320000 covers 32xxxx, 321300 covers 3213xx', () => {
    expect(regionCovers('320000', '321322')).toBe(true);
    expect(regionCovers('321300', '321322')).toBe(true);
    expect(regionCovers('321300', '320100')).toBe(false);
    expect(regionCovers('321322', '321322')).toBe(true);
    expect(regionCovers('321322', '321300')).toBe(false);
    expect(agenciesOf(register, { region: '321300' }).map((a) => a.id)).toEqual(['shuyang', 'suqian', 'suqian-cdpf']);
    expect(agenciesOf(register, { region: '320000', year: 2023 }).map((a) => a.id)).toEqual(['jianghai-nrp', 'suqian', 'suqian-cdpf']);
    expect(regionOf(register, 'shuyang')).toBe('321322');
    expect(regionOf(register, 'nobody')).toBeUndefined();
  });
});

describe('in the archive', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nianbao-register-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('keeps each import as a write-once object, the newest current; the same register twice writes nothing', async () => {
    const archive = createFsArchive({ root: join(root, 'store') });
    expect(await readRegister(archive)).toBeNull();
    const first = await storeRegister(archive, clock, registerFromCsv(CSV));
    expect(first).toEqual({ key: expect.stringMatching(/^register\/20260120t080000000z-[0-9a-f]{64}\.json$/), created: true });
    expect(await storeRegister(archive, clock, registerFromCsv(CSV))).toEqual({ ...first, created: false });
    const smaller = registerFromCsv(CSV.split('\r\n').slice(0, 3).join('\n'));
    await storeRegister(archive, { now: () => new Date('2026-01-21T08:00:00Z') }, smaller);
    expect(await readRegister(archive)).toEqual(smaller);
    expect((await Array.fromAsync(listAll(archive, 'register/'))).flat()).toHaveLength(2);
  });

  it('nianbao agencies import, ls, export; a bad file is named by line and column and stores nothing', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', join(root, 'cli'));
    const good = join(root, 'agencies.csv');
    const bad = join(root, 'bad.csv');
    await writeFile(good, CSV);
    await writeFile(bad, 'id,name,region,kind,from\na,甲,321300,government,2019\nb,乙,32,government,2019\n');

    const refused = await cli('agencies', 'import', bad);
    expect(refused).toMatchObject({ code: 1, out: [] });
    expect(refused.err).toEqual([`${bad}: line 3, column 3: 行政区划代码“32”无效 / region: expected the six digits of a 行政区划代码, e.g. 321300`]);
    expect(await cli('agencies', 'ls')).toMatchObject({ code: 1, err: [expect.stringContaining('no register yet')] });
    expect(await cli('agencies', 'import', join(root, 'none.csv'))).toMatchObject({ code: 1, err: [`${join(root, 'none.csv')}: 文件不存在 / no such file`] });

    expect(await cli('agencies', 'import', good)).toMatchObject({ code: 0, out: [expect.stringMatching(/^4 agencies stored as the register \(register\/.+\.json\)$/)] });
    expect((await cli('agencies', 'ls', '--year', '2023', '--region', '321300')).out).toEqual(['suqian\t宿迁市人民政府\t321300\tgovernment\t-\t2019–', 'suqian-cdpf\t宿迁市残疾人联合会, 市级\t321300\tdepartment\tsuqian\t2019–']);
    const listed = JSON.parse((await cli('agencies', 'ls', '--json')).out.join('\n'));
    expect(listed.map((a: { id: string }) => a.id)).toEqual(['jianghai-nrp', 'shuyang', 'suqian', 'suqian-cdpf']);

    const exported = join(root, 'out.csv');
    expect(await cli('agencies', 'export', '-o', exported)).toEqual({ code: 0, out: [], err: [] });
    expect(registerFromCsv(await readFile(exported, 'utf8'))).toEqual(registerFromCsv(CSV));
    expect(await cli('agencies', 'ls', '--region', '3213')).toMatchObject({ code: 2, err: [expect.stringContaining('--region must be the six digits'), expect.stringMatching(/^usage: nianbao agencies /)] });
    expect(await cli('agencies', 'import')).toMatchObject({ code: 2 });
  });
});

describe('where the register is used', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('GET /v1/agencies lists it, by year and region; a bad region is a 400', async () => {
    expect(await (await t.app.request('/v1/agencies')).json()).toEqual({ agencies: [] });
    await storeRegister(t.ports.archive, clock, registerFromCsv(CSV));
    const all = await (await t.app.request('/v1/agencies')).json();
    expect(all.agencies).toHaveLength(4);
    const some = await (await t.app.request('/v1/agencies?year=2023&region=321300')).json();
    expect(some.agencies.map((a: { id: string }) => a.id)).toEqual(['suqian', 'suqian-cdpf']);
    const bad = await t.app.request('/v1/agencies?region=32');
    expect(bad.status).toBe(400);
    expect((await bad.json()).en).toContain('行政区划代码');
  });

  it('refuses a draft for an agency the register does not list (422 at agency.id), and takes one it lists', async () => {
    const report = loadExample('consistent2021');
    const other = { ...report, agency: { ...report.agency, id: 'not-registered' } };
    const refused = await t.app.request('/v1/drafts/2021/not-registered', jsonRequest(other, { method: 'PUT', token: TEST_TOKEN }));
    expect(refused.status).toBe(422);
    expect((await refused.json()).problems).toEqual([expect.objectContaining({ path: 'agency.id', rule: 'register', found: 'not-registered' })]);
    const stored = await t.app.request('/v1/drafts/2021/jianghai-nrp', jsonRequest(report, { method: 'PUT', token: TEST_TOKEN }));
    expect(stored.status).toBe(201);
    await expect(storeDraft(other, t.ports)).rejects.toBeInstanceOf(ReportInvalid);
  });

  it('lists in the batch plan the agencies that must report and sent nothing, not those that published without a draft', async () => {
    // suqian-cdpf publishes its 2020 report directly; jianghai-nrp has a 2021 draft (above).
    await publish(loadExample('seed2020'), t.ports);
    const plan2020 = await planBatch(2020, t.ports);
    expect(plan2020.missing).toEqual([{ agencyId: 'shuyang', name: '沭阳县人民政府' }, { agencyId: 'suqian', name: '宿迁市人民政府' }]);
    const plan2021 = await planBatch(2021, t.ports);
    expect(plan2021.pending.map((p) => p.agencyId)).toEqual(['jianghai-nrp']);
    expect(plan2021.missing.map((m) => m.agencyId)).toEqual(['shuyang', 'suqian', 'suqian-cdpf']);
  });
});
