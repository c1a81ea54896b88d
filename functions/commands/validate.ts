/**
 * `nianbao validate FILE… [--previous LAST_YEAR.json] [--json]`: checks each report against the
 * schema and the 勾稽关系 rules and prints every problem with its JSON path. Exit 1 when any file
 * is invalid; warnings (cross-year, unused acknowledgements) never fail the run.
 */
import { parseArgs } from 'node:util';
import { numbersOf, parseReport, validateReport, type PreviousYearNumbers, type Problem } from '../report';
import { UsageError, type Command } from './index';
import { formatProblem, readReportFile } from './read-report';

interface FileResult {
  file: string;
  ok: boolean;
  formatVersion?: string;
  errors: Problem[];
  warnings: Problem[];
  acknowledged: Problem[];
}

async function readPrevious(file: string): Promise<PreviousYearNumbers> {
  const read = await readReportFile(file);
  const parsed = read.ok ? parseReport(read.json) : read;
  if (!parsed.ok) {
    throw new UsageError(`--previous ${file} is not a valid report: ${parsed.problems.map((p) => formatProblem(file, p)).join('; ')}`);
  }
  return numbersOf(parsed.report);
}

export const validateCommand: Command = {
  summary: 'check reports against the official format and the consistency rules',
  usage: 'nianbao validate FILE… [--previous LAST_YEAR.json] [--json]',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { previous: { type: 'string' }, json: { type: 'boolean' } } });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError('no FILE given');
    const previous = parsed.values.previous ? await readPrevious(parsed.values.previous) : undefined;

    const results: FileResult[] = [];
    for (const file of files) {
      const read = await readReportFile(file);
      if (!read.ok) {
        results.push({ file, ok: false, errors: read.problems, warnings: [], acknowledged: [] });
        continue;
      }
      const { ok, formatVersion, errors, warnings, acknowledged } = validateReport(read.json, { previous });
      results.push({ file, ok, formatVersion, errors, warnings, acknowledged });
    }

    if (parsed.values.json) {
      io.out(JSON.stringify(results, null, 2));
    } else {
      for (const result of results) {
        for (const p of result.errors) io.err(formatProblem(result.file, p));
        for (const p of result.acknowledged) io.err(formatProblem(result.file, p, 'acknowledged'));
        for (const p of result.warnings) io.err(formatProblem(result.file, p, 'warning'));
        const tail = [
          result.formatVersion ? `format ${result.formatVersion}` : undefined,
          result.acknowledged.length ? `${result.acknowledged.length} acknowledged` : undefined,
          result.warnings.length ? `${result.warnings.length} warning(s)` : undefined,
        ].filter(Boolean).join(', ');
        io.out(`${result.file}: ${result.ok ? 'valid' : `invalid, ${result.errors.length} problem(s)`}${tail ? ` (${tail})` : ''}`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
