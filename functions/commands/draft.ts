/**
 * `nianbao draft --year YEAR --agency ID [--from LAST_YEAR.json] [-o OUT.json]`: the draft an
 * agency starts its year from, built from its report of the year before (report/next-year.ts):
 * the one published in the archive named by NIANBAO_ARCHIVE, or the file --from names. The
 * draft's JSON goes to OUT or stdout; what is left to fill in, to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { openArchive } from '../archive/from-config';
import { InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import { loadConfig } from '../config';
import { draftFromArchive } from '../drafts/next-year';
import { NotFound } from '../errors';
import { nextYearDraft, parseLastYear, validateReport } from '../report';
import { defineCommand, UsageError, type Values } from './index';
import { formatProblem, formatUnreadable, readReportFile, UnreadableFile } from './read-report';

const OPTIONS = {
  year: { type: 'string', value: 'YEAR', help: 'the year of the new report (required)' },
  agency: { type: 'string', value: 'ID', help: 'the agency id (required)' },
  from: { type: 'string', value: 'LAST_YEAR.json', help: "last year's report from this file instead of the archive" },
  output: { type: 'string', short: 'o', value: 'OUT.json', help: 'where to write the draft (default: stdout)' },
} as const;

function parse(values: Values<typeof OPTIONS>, positionals: string[]) {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (!values.year || !values.agency) throw new UsageError('--year and --agency are required');
  try {
    return { ...values, year: parseYear(values.year), agency: parseAgencyId(values.agency) };
  } catch (error) {
    if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
    throw error;
  }
}

export const draftCommand = defineCommand({
  usage: '--year YEAR --agency ID [--from LAST_YEAR.json] [-o OUT.json]',
  details: [
    "Builds the draft from the agency's report of the year before: the one published in the archive",
    '(NIANBAO_ARCHIVE), or the file --from names. The draft is JSON (to OUT or stdout); what is left to',
    'fill in is counted on stderr.',
  ],
  options: OPTIONS,
  async run({ values, positionals }, io) {
    const options = parse(values, positionals);
    let draft: Record<string, unknown>;
    if (options.from) {
      let read;
      try {
        read = await readReportFile(options.from);
      } catch (error) {
        if (!(error instanceof UnreadableFile)) throw error;
        io.err(formatUnreadable(error));
        return 1;
      }
      const parsed = read.ok ? parseLastYear(read.json) : read;
      if (!parsed.ok) {
        parsed.problems.forEach((problem) => io.err(formatProblem(options.from!, problem)));
        return 1;
      }
      if (parsed.report.agency.id !== options.agency || parsed.report.year !== options.year - 1) {
        io.err(`${options.from}: the ${parsed.report.year} report of ${parsed.report.agency.id}, not the ${options.year - 1} report of ${options.agency}`);
        return 1;
      }
      draft = nextYearDraft(parsed.report, options.year);
    } else {
      try {
        draft = await draftFromArchive(await openArchive(loadConfig(process.env).archive), options.year, options.agency);
      } catch (error) {
        if (error instanceof NotFound || error instanceof InvalidArchiveKey) {
          io.err(`nianbao draft: ${error.message}`);
          return 1;
        }
        throw error;
      }
    }
    const blanks = validateReport(draft).warnings.filter((w) => w.rule === 'blank').length;
    const json = `${JSON.stringify(draft, null, 2)}\n`;
    if (options.output) await writeFile(options.output, json);
    else io.out(json.trimEnd());
    io.err(`draft ${options.year} ${options.agency}${options.output ? ` → ${options.output}` : ''}: ${blanks} cells to fill in, and the text to bring up to date`);
    return 0;
  },
});
