import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../functions/commands/index';
import { EXAMPLES } from '../../helpers/examples';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('nianbao validate', () => {
  it('passes the seed and the 2021 example', async () => {
    const { code, out, err } = await cli('validate', EXAMPLES.seed2020, EXAMPLES.consistent2021);
    expect(code).toBe(0);
    expect(out).toEqual([`${EXAMPLES.seed2020}: valid (format 2019, 1 warning(s))`, `${EXAMPLES.consistent2021}: valid (format 2021)`]);
    // The seed prints one row label as published ("6.属于四类内部事务信息"): warned, not refused.
    expect(err).toEqual([expect.stringMatching(/^examples\/suqian-cdpf-2020\.json: printedLabels\.requests\.row\.results\.withheld\.processInformation: warning \[label\] 印作「6\.属于四类内部事务信息」/)]);
  });

  it('prints every planted violation with file, path and rule, and exits 1', async () => {
    const { code, out, err } = await cli('validate', EXAMPLES.violations2021, EXAMPLES.seed2020);
    expect(code).toBe(1);
    expect(out).toEqual([`${EXAMPLES.violations2021}: invalid, 5 problem(s) (format 2021)`, `${EXAMPLES.seed2020}: valid (format 2019, 1 warning(s))`]);
    expect(err.filter((line) => line.startsWith(EXAMPLES.violations2021))).toHaveLength(5);
    expect(err[0]).toMatch(/^examples\/invalid-arithmetic-2021\.json: sections\.requests\.table\.results\.total\.naturalPerson: \[R-1\] 三、.* \/ section 3/);
  });

  it('reports missing files and malformed JSON per file and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"year": 2021');
    const { code, out, err } = await cli('validate', join(dir, 'missing.json'), broken, EXAMPLES.seed2020);
    expect(code).toBe(1);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe(`${join(dir, 'missing.json')}: not read`);
    expect(err[0]).toBe(`${join(dir, 'missing.json')}: 文件不存在 / no such file`);
    expect(err[1]).toBe(`${broken}: [schema] JSON 格式错误：第 1 行第 14 列，应为逗号或 } / malformed JSON at line 1, column 14: expected a comma or }`);
  });

  it('checks against last year with --previous and prints warnings without failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-'));
    const next = JSON.parse((await import('node:fs')).readFileSync(EXAMPLES.consistent2021, 'utf8'));
    next.year = 2022;
    next.publishedOn = '2023-01-20';
    const file = join(dir, 'next.json');
    writeFileSync(file, JSON.stringify(next));
    const { code, out, err } = await cli('validate', file, '--previous', EXAMPLES.consistent2021);
    expect(code).toBe(0);
    expect(out[0]).toBe(`${file}: valid (format 2021, 3 warning(s))`);
    expect(err.every((line) => line.includes(': warning [X-'))).toBe(true);
  });

  it('refuses last year’s report of another agency for --previous, naming both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-'));
    const next = JSON.parse((await import('node:fs')).readFileSync(EXAMPLES.consistent2021, 'utf8'));
    next.year = 2022;
    next.publishedOn = '2023-01-20';
    next.agency.id = 'jianghai-other';
    const file = join(dir, 'next.json');
    writeFileSync(file, JSON.stringify(next));
    const { code, err } = await cli('validate', file, '--previous', EXAMPLES.consistent2021);
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringContaining(`${file}: agency.id: [X-1] 上年报告属于另一机关（jianghai-nrp），不是 jianghai-other`)]);
  });

  it('prints machine-readable results with --json', async () => {
    const { code, out } = await cli('validate', '--json', EXAMPLES.violations2021);
    expect(code).toBe(1);
    const [result] = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({ file: EXAMPLES.violations2021, ok: false, formatVersion: '2021' });
    expect(result.errors).toHaveLength(5);
  });

  it('says which violations are acknowledged, and each stays an error once its figures change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-'));
    const raw = JSON.parse((await import('node:fs')).readFileSync(EXAMPLES.violations2021, 'utf8'));
    raw.acknowledgements = [{ rule: 'R-4', cell: 'sections.reviews.table.litigationDirect.total', expected: 2, found: 3, reason: '按原发布版本存档' }];
    const file = join(dir, 'acknowledged.json');
    writeFileSync(file, JSON.stringify(raw));
    const { out, err } = await cli('validate', file);
    expect(out).toEqual([`${file}: invalid, 4 problem(s) (format 2021, 1 acknowledged)`]);
    expect(err).toContainEqual(expect.stringContaining(`${file}: sections.reviews.table.litigationDirect.total: acknowledged [R-4]`));
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('validate', '--bogus', EXAMPLES.seed2020)).code).toBe(2);
    expect((await cli('no-such-command')).code).toBe(2);
  });

  it('runs as the installed `nianbao` command with the same exit codes', async () => {
    const run = promisify(execFile);
    const ok = await run('node', ['bin/nianbao.js', 'validate', EXAMPLES.seed2020]);
    expect(ok.stdout).toBe(`${EXAMPLES.seed2020}: valid (format 2019, 1 warning(s))\n`);
    const failed = await run('node', ['bin/nianbao.js', 'validate', EXAMPLES.violations2021]).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n').filter(Boolean)).toHaveLength(5);
  });
});
