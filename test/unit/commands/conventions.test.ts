/**
 * What every command does alike (functions/commands/index.ts), through real CLI runs: help on
 * stdout with exit 0 (`--help`, `-h`, `help COMMAND`, `COMMAND --help`), a line for each command
 * and each option; `--version`; usage errors on stderr with exit 2; a file that cannot be read
 * named as such (exit 1, no `[schema]`); malformed JSON at its line and column on one line; and
 * `--json` as one JSON document on stdout, here for the commands that need no browser (publish
 * --json is in test/integration/publish-cli.test.ts, archive ls/verify --json in archive.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateReport } from '../../../functions/report';
import { cli } from '../../helpers/cli';
import { EXAMPLES, loadExample } from '../../helpers/examples';

const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };

/** Each command and the options its help must list (besides -h, --help). */
const COMMANDS: Record<string, string[]> = {
  validate: ['--previous LAST_YEAR.json', '--json'],
  render: ['-o, --output OUT', '--html', '--json'],
  publish: ['--json'],
  archive: ['--json'],
  draft: ['--year YEAR', '--agency ID', '--from LAST_YEAR.json', '-o, --output OUT.json'],
  batch: ['--year YEAR', '--from DIR', '--concurrency N', '--json'],
  agencies: ['-o, --output FILE.csv', '--year YEAR', '--region CODE', '--json'],
  audit: ['--year YEAR', '--since DATE', '--json'],
  token: ['--role ROLE', '--agency ID[,ID…]', '--region CODE', '--name LABEL', '--json'],
  serve: [],
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cli-conventions-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('help', () => {
  it.each([['--help'], ['-h'], ['help'], ['help', '--help']])('`nianbao %s` lists every command and option on stdout and exits 0', async (...flags) => {
    const { code, out, err } = await cli(...flags);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out[0]).toBe('usage: nianbao <command> [options]');
    for (const name of [...Object.keys(COMMANDS), 'help']) expect(out.some((line) => line.startsWith(`  ${name} `)), name).toBe(true);
    for (const option of ['-h, --help', '-V, --version']) expect(out.some((line) => line.trimStart().startsWith(option)), option).toBe(true);
  });

  it.each(Object.entries(COMMANDS))('lists the usage and every option of %s, asked either way, on stdout with exit 0', async (name, options) => {
    const asked = [await cli('help', name), await cli(name, '--help'), await cli(name, '-h')];
    for (const { code, out, err } of asked) {
      expect({ code, err }).toEqual({ code: 0, err: [] });
      expect(out[0]).toMatch(new RegExp(`^usage: nianbao ${name}\\b`));
      for (const option of [...options, '-h, --help']) expect(out.some((line) => line.trimStart().startsWith(option)), `${name} ${option}`).toBe(true);
    }
    expect(asked[1]!.out).toEqual(asked[0]!.out);
  });

  it('answers --help even beside arguments that are wrong', async () => {
    const { code, out } = await cli('batch', '--bogus', '--help');
    expect(code).toBe(0);
    expect(out[0]).toBe('usage: nianbao batch --year YEAR [--from DIR] [--concurrency N] [--json]');
  });

  it('is a usage error (exit 2, stderr) for no command, an unknown command, or help on one', async () => {
    for (const args of [[], ['publsh'], ['constructor'], ['help', 'publsh'], ['help', 'validate', 'render']]) {
      const { code, out, err } = await cli(...args);
      expect({ code, out }, args.join(' ')).toEqual({ code: 2, out: [] });
      expect(err.at(-1)).toBe('usage: nianbao <command> [options]  (nianbao --help lists the commands)');
    }
    expect((await cli('publsh')).err[0]).toBe('nianbao: unknown command "publsh"');
  });
});

describe('--version', () => {
  it.each([['--version'], ['-V']])('`nianbao %s` prints the package version', async (flag) => {
    expect(await cli(flag)).toEqual({ code: 0, out: [`nianbao ${version}`], err: [] });
  });
});

describe('the installed command', () => {
  const run = (...args: string[]) => promisify(execFile)('node', ['bin/nianbao.js', ...args]);

  it('prints its help and version on stdout with exit 0, and a usage error on stderr with exit 2', async () => {
    const help = await run('--help');
    expect(help.stdout).toMatch(/^usage: nianbao <command> \[options\]\n/);
    expect(help.stderr).toBe('');
    expect((await run('render', '--help')).stdout).toMatch(/^usage: nianbao render FILE/);
    expect((await run('--version')).stdout).toBe(`nianbao ${version}\n`);
    const wrong = await run('validate', '--bogus').catch((error) => error);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^nianbao validate: Unknown option '--bogus'/);
  });
});

describe('a file that cannot be read', () => {
  it('is named as such, with no rule, and exits 1', async () => {
    const missing = join(folder, 'missing.json');
    const line = `${missing}: 文件不存在 / no such file`;
    expect(await cli('validate', missing)).toEqual({ code: 1, out: [`${missing}: not read`], err: [line] });
    expect(await cli('render', missing, '--html')).toEqual({ code: 1, out: [], err: [line] });
    expect((await cli('validate', folder)).err).toEqual([`${folder}: 不是文件 / not a file`]);
    const latin1 = join(folder, 'latin1.json');
    await writeFile(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect((await cli('validate', latin1)).err).toEqual([`${latin1}: 文件不是有效的 UTF-8 编码 / the file is not valid UTF-8`]);
  });

  it('given to draft --from is named the same way', async () => {
    const missing = join(folder, 'missing.json');
    expect(await cli('draft', '--year', '2022', '--agency', 'jianghai-nrp', '--from', missing)).toEqual({ code: 1, out: [], err: [`${missing}: 文件不存在 / no such file`] });
    const drafted = await cli('draft', '--year', '2022', '--agency', 'jianghai-nrp', '--from', EXAMPLES.consistent2021);
    expect(drafted.code).toBe(0);
    expect(JSON.parse(drafted.out.join('\n'))).toMatchObject({ year: 2022, agency: { id: 'jianghai-nrp' } });
  });

  it('given as --previous is a usage error', async () => {
    const { code, err } = await cli('validate', EXAMPLES.consistent2021, '--previous', join(folder, 'missing.json'));
    expect(code).toBe(2);
    expect(err[0]).toBe(`nianbao validate: --previous ${join(folder, 'missing.json')}: no such file`);
  });
});

describe('malformed JSON', () => {
  it('is one line that names its line and column, whatever line breaks the text holds', async () => {
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '{\n  "year": 2021,\n  "title": "a\nb"\n}\n');
    const { code, err } = await cli('render', broken, '--html');
    expect(code).toBe(1);
    expect(err).toEqual([
      `${broken}: [schema] JSON 格式错误：第 3 行第 12 列，字符串没有结束（缺少右引号，或字符串中有换行） "\\"a" / malformed JSON at line 3, column 12: a string that does not end (a missing closing quote, or a line break inside it) "\\"a"`,
    ]);
  });
});

describe('--json', () => {
  it('render: what was written, or the problems, as one object on stdout', async () => {
    const html = join(folder, 'report.html');
    const written = await cli('render', EXAMPLES.consistent2021, '--html', '-o', html, '--json');
    expect(written.code).toBe(0);
    expect(JSON.parse(written.out.join('\n'))).toEqual({ file: EXAMPLES.consistent2021, ok: true, output: html, bytes: (await readFile(html)).length, warnings: [] });

    const invalid = await cli('render', EXAMPLES.violations2021, '--json');
    expect({ code: invalid.code, err: invalid.err }).toEqual({ code: 1, err: [] });
    const result = JSON.parse(invalid.out.join('\n'));
    expect(result).toMatchObject({ file: EXAMPLES.violations2021, ok: false });
    expect(result.problems).toEqual(validateReport(loadExample('violations2021')).errors);

    expect((await cli('render', EXAMPLES.consistent2021, '--html', '--json')).code).toBe(2); // stdout would carry both
  });

  it('validate: one result per file, the unreadable ones saying why', async () => {
    const missing = join(folder, 'missing.json');
    const { code, out, err } = await cli('validate', '--json', EXAMPLES.seed2020, missing);
    expect({ code, err }).toEqual({ code: 1, err: [] });
    expect(JSON.parse(out.join('\n'))).toEqual([
      { file: EXAMPLES.seed2020, ok: true, formatVersion: '2019', errors: [], warnings: validateReport(loadExample('seed2020')).warnings, acknowledged: [] },
      { file: missing, ok: false, unreadable: { zh: '文件不存在', en: 'no such file' }, errors: [], warnings: [], acknowledged: [] },
    ]);
  });

  it('batch: the summary and where it is stored, as one object on stdout', async () => {
    const inbox = join(folder, 'inbox');
    await mkdir(inbox);
    await writeFile(join(inbox, 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    await writeFile(join(inbox, 'other-year.json'), JSON.stringify(loadExample('seed2020')));
    vi.stubEnv('NIANBAO_ARCHIVE', join(folder, 'archive'));
    const { code, out, err } = await cli('batch', '--year', '2021', '--from', inbox, '--json');
    expect(code).toBe(1);
    const summary = JSON.parse(out.join('\n'));
    expect(summary).toMatchObject({ year: 2021, counts: { published: 0, invalid: 2 }, stored: { html: expect.stringContaining('summary.html'), json: expect.stringContaining('summary.json') } });
    expect(summary.reports).toEqual([
      expect.objectContaining({ source: join(inbox, 'latin1.json'), outcome: 'invalid' }),
      expect.objectContaining({ source: join(inbox, 'other-year.json'), outcome: 'invalid' }),
    ]);
    // The unreadable file is named as such on stderr, the other with its problem.
    expect(err).toContain(`${join(inbox, 'latin1.json')}: 文件不是有效的 UTF-8 编码 / the file is not valid UTF-8`);
    expect(err.some((line) => line.startsWith(`${join(inbox, 'other-year.json')}: year: [schema] `))).toBe(true);
  });
});
