/**
 * `nianbao agencies import FILE.csv | export [-o FILE.csv] | ls [--year YEAR] [--region CODE] [--json]`:
 * the agency register (register/) in the archive named by NIANBAO_ARCHIVE. Import replaces the
 * register with the file's, all or nothing: every bad line and column goes to stderr and nothing
 * is stored. Export writes the current register as CSV (to stdout without -o). ls prints one
 * agency a line, tab-separated: id, name, region, kind, parent (or -), years (`2019–` while it
 * reports, `2019–2023` after).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { openArchive } from '../archive/from-config';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { parseYear } from '../archive/keys';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { formatCsvProblem, registerFromCsv, registerToCsv, RegisterInvalid } from '../register/csv';
import { agenciesOf, isRegionCode, type Agency } from '../register/model';
import { readRegister, storeRegister } from '../register/store';
import { recordCliWrite } from './audit';
import { defineCommand, JSON_OPTION, subcommandOf, UsageError, type CommandIo, type Values } from './index';

const OPTIONS = {
  output: { type: 'string', short: 'o', value: 'FILE.csv', help: 'export: where to write the CSV (default: stdout)' },
  year: { type: 'string', value: 'YEAR', help: 'ls: only the agencies that must report for YEAR' },
  region: { type: 'string', value: 'CODE', help: 'ls: only the agencies within the region (320000 covers 32xxxx)' },
  ...JSON_OPTION,
} as const;

const SUBCOMMANDS = ['import', 'export', 'ls'] as const;

function line(agency: Agency): string {
  return [agency.id, agency.name, agency.region, agency.kind, agency.parent ?? '-', `${agency.from}–${agency.until ?? ''}`].join('\t');
}

function filterOf(values: Values<typeof OPTIONS>): { year?: number; region?: string } {
  if (values.region !== undefined && !isRegionCode(values.region)) throw new UsageError(`--region must be the six digits of a 行政区划代码, got "${values.region}"`);
  try {
    return { year: values.year === undefined ? undefined : parseYear(values.year), region: values.region };
  } catch (error) {
    if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
    throw error;
  }
}

/** The file as UTF-8 text; undefined (the reason on stderr) when it cannot be read. */
async function readText(file: string, io: CommandIo): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`${file}: ${code === 'ENOENT' ? '文件不存在 / no such file' : code === 'EISDIR' ? '这是文件夹 / a folder, not a file' : code ? (error as Error).message : '不是 UTF-8 编码 / not UTF-8 text'}`);
    return undefined;
  }
}

export const agenciesCommand = defineCommand({
  usage: 'import FILE.csv | export [-o FILE.csv] | ls [--year YEAR] [--region CODE] [--json]',
  details: [
    'import  replaces the register with the CSV file (UTF-8, a byte order mark allowed; header cells',
    '        in Chinese, English or both: 机关代码 id, 机关名称 name, 行政区划代码 region, 上级机关',
    '        parent, 类型 kind (government|department, 政府|部门), 起报年度 from, 止报年度 until);',
    '        every bad line and column is named and nothing is stored while any is left',
    'export  the current register as CSV, with a byte order mark for Excel',
    'ls      one agency a line: id, name, region, kind, parent, years (tab-separated)',
    'The archive is NIANBAO_ARCHIVE (default ./archive).',
  ],
  options: OPTIONS,
  async run({ values, positionals }, io) {
    const { sub, argument: file } = subcommandOf(positionals, SUBCOMMANDS, { of: 'import', what: 'the CSV file' });
    const filter = filterOf(values);
    try {
      const archive = await openArchive(loadConfig(process.env).archive);
      if (sub === 'import') {
        const text = await readText(file!, io);
        if (text === undefined) return 1;
        const register = registerFromCsv(text);
        const stored = await storeRegister(archive, systemClock, register);
        await recordCliWrite(archive, 'register.import', { target: stored.key, unchanged: !stored.created });
        io.out(`${register.agencies.length} agencies ${stored.created ? 'stored as the register' : 'already are the register'} (${stored.key})`);
        return 0;
      }
      const register = await readRegister(archive);
      if (!register) {
        io.err('nianbao agencies: no register yet: `nianbao agencies import FILE.csv` stores one');
        return 1;
      }
      if (sub === 'export') {
        if (values.output) await writeFile(values.output, registerToCsv(register));
        // io.out ends the last line itself.
        else io.out(registerToCsv(register).replace(/\r\n$/, ''));
        return 0;
      }
      const agencies = agenciesOf(register, filter);
      if (values.json) io.out(JSON.stringify(agencies, null, 2));
      else agencies.forEach((agency) => io.out(line(agency)));
      return 0;
    } catch (error) {
      if (error instanceof RegisterInvalid) {
        error.problems.forEach((problem) => io.err(`${file}: ${formatCsvProblem(problem)}`));
        return 1;
      }
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao agencies: ${error.message}`);
      return 1;
    }
  },
});
