/**
 * `nianbao import`: writes the report JSON and prints the summary; exit 0 when the import is
 * complete, 1 when something needs a person or a file cannot be read, 2 for a usage error.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { compareImport } from '../../helpers/import-compare';

const REAL = 'test/fixtures/real';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-import-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('nianbao import', () => {
  it('imports a web page completely: exit 0, the JSON written, the summary printed', async () => {
    const out = join(dir, 'fgj.json');
    const run = await cli('import', `${REAL}/shuyang-fgj-2023/source.html`, '-o', out, '--agency', 'shuyang-fgj');
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([`${REAL}/shuyang-fgj-2023/source.html → ${out}: 200/200 cells read, 0 text(s) not placed, 0 item(s) for a person`]);
    const report = JSON.parse(await readFile(out, 'utf8'));
    const expected = JSON.parse(await readFile(`${REAL}/shuyang-fgj-2023/report.json`, 'utf8'));
    expect(report.sections.requests.table).toEqual(expected.sections.requests.table);
    expect(report.agency).toEqual({ name: '沭阳县发展和改革局', id: 'shuyang-fgj' });
  });

  it('exits 1 and says what needs a person when a flattened row reads several ways', async () => {
    const run = await cli('import', `${REAL}/pingtan-2021/source.txt`, '-o', join(dir, 'pingtan.json'));
    expect(run.code).toBe(1);
    expect(run.out).toContainEqual(expect.stringContaining('needs a person: 二「行政规范性文件」印作「693665」'));
  });

  it('exits 1 and names for a person the cells a table cut at the page edge lost, inventing none', async () => {
    // The first PDF LibreOffice made of shanghai-gov-office-2019's page set table 三 wider than A4:
    // its columns 法律服务机构, 其他 and 总计 and the start of 四、结转下年度继续办理 are not in the file.
    const out = join(dir, 'cut.json');
    const run = await cli('import', 'test/fixtures/import/table-cut-at-page-edge.pdf', '-o', out);
    expect(run.code).toBe(1);
    expect(run.out[0]).toBe(`test/fixtures/import/table-cut-at-page-edge.pdf → ${out}: 147/198 cells read, 3 text(s) not placed, 23 item(s) for a person`);
    expect(run.out).toContainEqual('  needs a person: 三「（七）总计」只印出「767 35 （空） （空） （空）」，缺 2 格（表格可能被页边截去），已读的格按从左到右填入，其余待补');
    expect(run.out).toContainEqual('  needs a person: 三: 找不到「四、结转下年度继续办理」这一行');
    expect(run.out).toContainEqual('  not placed: 「继续办理 72 — — — —」');
    const expected = JSON.parse(await readFile(`${REAL}/shanghai-gov-office-2019/report.json`, 'utf8'));
    const score = compareImport(JSON.parse(await readFile(out, 'utf8')), expected);
    // Every cell it did not read is left blank for the person, never given a number of its own.
    expect(score.misses.length).toBe(12);
    for (const miss of score.misses) expect(miss).toMatch(/^cell requests\.\S+: expected \d+, got (?:null|undefined)$/);
  });

  it('writes one JSON per file into a folder for several files, named apart when their names clash', async () => {
    const folder = join(dir, 'many');
    const run = await cli('import', `${REAL}/shanghai-gov-office-2019/source.html`, `${REAL}/shuyang-fgj-2023/source.html`, '-o', folder);
    expect(run.code).toBe(0);
    expect(JSON.parse(await readFile(join(folder, 'shanghai-gov-office-2019-source.json'), 'utf8')).year).toBe(2019);
    expect(JSON.parse(await readFile(join(folder, 'shuyang-fgj-2023-source.json'), 'utf8')).year).toBe(2023);
  });

  it('quotes the text it could not place once: the placeholder column heads (shuyang-gov-2025)', async () => {
    const run = await cli('import', `${REAL}/shuyang-gov-2025/source.txt`, '-o', join(dir, 'gov.json'));
    expect(run.code).toBe(1);
    expect(run.out).toContainEqual('  not placed: 「数据1」');
    expect(run.out.filter((line) => line === '  not placed: 「数据1」')).toHaveLength(1);
  });

  it('refuses a kind of file it does not read, and a missing file, with exit 1', async () => {
    const zip = join(dir, 'report.zip');
    await writeFile(zip, 'PK');
    const run = await cli('import', zip, join(dir, 'missing.txt'));
    expect(run.code).toBe(1);
    expect(run.err[0]).toBe(`${zip}: cannot import "${zip}": give a .pdf, .docx, .html/.htm or .txt file`);
    expect(run.err[1]).toMatch(/missing\.txt: ENOENT/);
  });

  it('is a usage error without a file', async () => {
    const run = await cli('import');
    expect(run.code).toBe(2);
    expect(run.err).toContainEqual('usage: nianbao import FILE… [-o OUT] [--agency ID]');
  });
});
