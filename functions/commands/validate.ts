/**
 * `nianbao validate FILE… [--previous LAST_YEAR.json] [--json]`: checks each report against the
 * schema and the 勾稽关系 rules and prints every problem with its JSON path. Exit 1 when any file
 * is invalid or cannot be read; warnings (cross-year, unused acknowledgements) never fail the run.
 */
import { numbersOf, parseReport, validateReport, type PreviousYearNumbers, type Problem } from '../report';
import { defineCommand, JSON_OPTION, UsageError } from './index';
import { formatProblem, formatUnreadable, readReportFile, UnreadableFile } from './read-report';

interface FileResult {
  file: string;
  ok: boolean;
  /** Why the file could not be read; then there is nothing else. */
  unreadable?: { zh: string; en: string };
  formatVersion?: string;
  errors: Problem[];
  warnings: Problem[];
  acknowledged: Problem[];
}

async function readPrevious(file: string): Promise<PreviousYearNumbers> {
  let parsed;
  try {
    const read = await readReportFile(file);
    parsed = read.ok ? parseReport(read.json) : read;
  } catch (error) {
    if (error instanceof UnreadableFile) throw new UsageError(`--previous ${file}: ${error.en}`);
    throw error;
  }
  if (!parsed.ok) {
    throw new UsageError(`--previous ${file} is not a valid report: ${parsed.problems.map((p) => formatProblem(file, p)).join('; ')}`);
  }
  return numbersOf(parsed.report);
}

async function validateFile(file: string, previous: PreviousYearNumbers | undefined): Promise<FileResult> {
  const failed = { file, ok: false, errors: [], warnings: [], acknowledged: [] };
  try {
    const read = await readReportFile(file);
    if (!read.ok) return { ...failed, errors: read.problems };
    const { ok, formatVersion, errors, warnings, acknowledged } = validateReport(read.json, { previous });
    return { file, ok, formatVersion, errors, warnings, acknowledged };
  } catch (error) {
    if (error instanceof UnreadableFile) return { ...failed, unreadable: { zh: error.zh, en: error.en } };
    throw error;
  }
}

export const validateCommand = defineCommand({
  usage: 'FILE… [--previous LAST_YEAR.json] [--json]',
  details: [
    'Prints one line per file on stdout (valid, or invalid with its count of problems) and each problem',
    'on stderr as FILE: JSON.PATH: [RULE] 中文 / English. No browser is started.',
  ],
  options: {
    previous: { type: 'string', value: 'LAST_YEAR.json', help: "last year's report, for the cross-year checks X-1 and X-2 (warnings)" },
    ...JSON_OPTION,
  },
  async run({ values, positionals: files }, io) {
    if (files.length === 0) throw new UsageError('no FILE given');
    const previous = values.previous ? await readPrevious(values.previous) : undefined;

    const results: FileResult[] = [];
    for (const file of files) results.push(await validateFile(file, previous));

    if (values.json) {
      io.out(JSON.stringify(results, null, 2));
    } else {
      for (const result of results) {
        if (result.unreadable) io.err(formatUnreadable({ file: result.file, ...result.unreadable }));
        for (const p of result.errors) io.err(formatProblem(result.file, p));
        for (const p of result.acknowledged) io.err(formatProblem(result.file, p, 'acknowledged'));
        for (const p of result.warnings) io.err(formatProblem(result.file, p, 'warning'));
        const tail = [
          result.formatVersion ? `format ${result.formatVersion}` : undefined,
          result.acknowledged.length ? `${result.acknowledged.length} acknowledged` : undefined,
          result.warnings.length ? `${result.warnings.length} warning(s)` : undefined,
        ].filter(Boolean).join(', ');
        const verdict = result.unreadable ? 'not read' : result.ok ? 'valid' : `invalid, ${result.errors.length} problem(s)`;
        io.out(`${result.file}: ${verdict}${tail ? ` (${tail})` : ''}`);
      }
    }
    return results.every((r) => r.ok) ? 0 : 1;
  },
});
