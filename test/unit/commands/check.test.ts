/**
 * `nianbao check FILE…|DIR`: published reports as a supervisor has them (web pages, text),
 * imported and checked, one line each, and a folder's summary as CSV and HTML.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { REAL_REPORTS_DIR } from '../../helpers/real-reports';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-check-'));
  await copyFile(join(REAL_REPORTS_DIR, 'shanghai-gov-office-2019', 'source.html'), join(folder, 'shanghai-2019.html'));
  await copyFile(join(REAL_REPORTS_DIR, 'pingtan-gwh-2020', 'source.txt'), join(folder, 'pingtan-2020.txt'));
  await copyFile(join(REAL_REPORTS_DIR, 'shuyang-fgj-2023', 'source.html'), join(folder, 'shuyang-fgj-2023.html'));
  await writeFile(join(folder, 'scan.pdf'), 'not a pdf at all');
  await writeFile(join(folder, 'notes.xlsx'), 'ignored: not a kind the importer reads');
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('nianbao check', () => {
  it('gives each report of a folder its verdict and problems, and writes the summary as CSV and HTML', async () => {
    const { code, out, err } = await cli('check', folder);
    expect(code).toBe(1);
    expect(out).toHaveLength(4);
    const lineOf = (name: string) => out.find((line) => line.startsWith(join(folder, name)))!;
    // 平潭 2020 prints （七）总计 20 where its items add up to 26.
    expect(lineOf('pingtan-2020.txt')).toMatch(/: invalid \(2020, 平潭综合实验区, format 2019\): \[R-3\] sections\.requests\.table\.results\.total\.naturalPerson \(26 ≠ 20\)/);
    // 上海 2019 leaves 135 cells blank (never an error) and its narrative contradicts its tables.
    expect(lineOf('shanghai-2019.html')).toMatch(/: valid \(2019, 上海市人民政府办公厅, format 2019\): \[P\] sections\.requests\.table\.results\.granted\.total \(275 ≠ 258\)/);
    expect(lineOf('shuyang-fgj-2023.html')).toMatch(/: valid \(2023, 沭阳县发展和改革局, format 2021\): warnings: blank 125/);
    expect(lineOf('scan.pdf')).toMatch(/: unreadable: .* \/ /);
    expect(err.at(-1)).toBe(`summary: ${join(folder, 'nianbao-check.csv')}, ${join(folder, 'nianbao-check.html')}`);

    const csv = await readFile(join(folder, 'nianbao-check.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFfile,verdict,year,agency,format,errors,problems,warnings,prose (P),cells read,needs a person\r\n')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(5);
    expect(csv).toContain(`${join(folder, 'pingtan-2020.txt')},invalid,2020,平潭综合实验区,2019,1,`);
    const page = await readFile(join(folder, 'nianbao-check.html'), 'utf8');
    expect(page).toContain('<td class="invalid">invalid</td>');
    expect(page).toContain('4 份报告');
  });

  it('checks single files, and prints one JSON document with --json', async () => {
    const { code, out } = await cli('check', '--json', join(folder, 'shanghai-2019.html'));
    expect(code).toBe(0);
    const [outcome] = JSON.parse(out.join('\n'));
    expect(outcome).toMatchObject({ verdict: 'valid', year: 2019, formatVersion: '2019', errors: [] });
    expect(outcome.warnings.filter((w: { rule: string }) => w.rule === 'P')).toHaveLength(4);
    expect((await cli('check')).code).toBe(2);
  });
});
