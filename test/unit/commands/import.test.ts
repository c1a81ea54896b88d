/**
 * `nianbao import`: writes the report JSON and prints the summary; exit 0 when the import is
 * complete, 1 when something needs a person or a file cannot be read, 2 for a usage error.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';

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
