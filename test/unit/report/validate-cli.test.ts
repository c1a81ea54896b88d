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
    expect(out).toEqual([`${EXAMPLES.seed2020}: valid (format 2019)`, `${EXAMPLES.consistent2021}: valid (format 2021)`]);
    expect(err).toEqual([]);
  });

  it('prints every planted violation with file, path and rule, and exits 1', async () => {
    const { code, out, err } = await cli('validate', EXAMPLES.violations2021, EXAMPLES.seed2020);
    expect(code).toBe(1);
    expect(out).toEqual([`${EXAMPLES.violations2021}: invalid, 7 problem(s) (format 2021)`, `${EXAMPLES.seed2020}: valid (format 2019)`]);
    expect(err).toHaveLength(7);
    expect(err[0]).toMatch(/^examples\/invalid-arithmetic-2021\.json: sections\.requests\.table\.results\.total\.naturalPerson: \[R-1\] 三、.* \/ section 三/);
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

  it('prints machine-readable results with --json', async () => {
    const { code, out } = await cli('validate', '--json', EXAMPLES.violations2021);
    expect(code).toBe(1);
    const [result] = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({ file: EXAMPLES.violations2021, ok: false, formatVersion: '2021' });
    expect(result.errors).toHaveLength(7);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('validate', '--bogus', EXAMPLES.seed2020)).code).toBe(2);
    expect((await cli('no-such-command')).code).toBe(2);
  });

  it('runs as the installed `nianbao` command with the same exit codes', async () => {
    const run = promisify(execFile);
    const ok = await run('node', ['bin/nianbao.js', 'validate', EXAMPLES.seed2020]);
    expect(ok.stdout).toBe(`${EXAMPLES.seed2020}: valid (format 2019)\n`);
    const failed = await run('node', ['bin/nianbao.js', 'validate', EXAMPLES.violations2021]).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n').filter(Boolean)).toHaveLength(7);
  });
});
