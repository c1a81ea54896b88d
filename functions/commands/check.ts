/**
 * `nianbao check FILE…|DIR [-o SUMMARY_DIR] [--json]`: what a supervisor runs on a region's
 * published reports. Each file (PDF, Word, web page, text) is imported and checked
 * (check/outcome.ts): one line per report with its verdict and problems. A folder is checked file
 * by file with a progress bar, and a summary is written as CSV and HTML (check/summary.ts) into
 * SUMMARY_DIR, by default the folder itself. Exit 1 when any report is not valid as read.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkImported, shortProblem, unreadable, warningCounts, type CheckOutcome } from '../check/outcome';
import { summaryCsv, summaryHtml } from '../check/summary';
import { fileKind, importFile, ImportInputError } from '../import/adapters';
import { defineCommand, JSON_OPTION, UsageError } from './index';
import { createProgressReporter } from './progress';

const SUMMARY_NAME = 'nianbao-check';

async function checkFile(file: string): Promise<CheckOutcome> {
  try {
    return checkImported(file, await importFile(new Uint8Array(await readFile(file)), file));
  } catch (error) {
    if (error instanceof ImportInputError) return unreadable(file, { zh: error.zh, en: error.message });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    return unreadable(file, code === 'ENOENT' ? { zh: '文件不存在', en: 'no such file' } : { zh: `无法读取文件（${code}）`, en: `cannot read the file (${code})` });
  }
}

/** The files to check: those named, and in a folder every file of a kind the importer reads. */
async function filesOf(paths: string[]): Promise<{ files: string[]; folder?: string }> {
  if (paths.length === 1 && (await stat(paths[0]!).then((s) => s.isDirectory(), () => false))) {
    const folder = paths[0]!;
    const names = (await readdir(folder)).filter((name) => fileKind(name) !== undefined && !name.startsWith(SUMMARY_NAME)).sort();
    return { files: names.map((name) => join(folder, name)), folder };
  }
  return { files: paths };
}

function line(o: CheckOutcome): string {
  const about = [o.year, o.agency, o.formatVersion && `format ${o.formatVersion}`].filter(Boolean).join(', ');
  const parts = [
    o.reason ? `${o.reason.zh} / ${o.reason.en}` : undefined,
    ...o.errors.map(shortProblem),
    ...o.warnings.filter((w) => w.rule === 'P').map(shortProblem),
    o.warnings.length ? `warnings: ${warningCounts(o.warnings)}` : undefined,
    o.needsPerson.length ? `import needs a person: ${o.needsPerson.length}` : undefined,
  ].filter(Boolean);
  return `${o.file}: ${o.verdict}${about ? ` (${about})` : ''}${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

export const checkCommand = defineCommand({
  usage: 'FILE…|DIR [-o SUMMARY_DIR] [--json]',
  details: [
    'Imports each published report (.pdf, .docx, .html/.htm, .txt) and checks it: the consistency rules,',
    'blank cells, labels and the narrative against the tables. One line per report: valid, invalid,',
    'incomplete (the import left something for a person) or unreadable, with its problems. On a folder,',
    `a progress bar, and a summary written as ${SUMMARY_NAME}.csv and ${SUMMARY_NAME}.html. Exit 1 unless every report is valid.`,
  ],
  options: {
    output: { type: 'string', short: 'o', value: 'SUMMARY_DIR', help: 'where a folder check writes its summary (default: the folder)' },
    ...JSON_OPTION,
  },
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('no FILE or DIR given');
    const { files, folder } = await filesOf(positionals);
    const progress = folder && !values.json ? createProgressReporter({ isTTY: process.stderr.isTTY === true, columns: process.stderr.columns, write: (text) => process.stderr.write(text) }) : undefined;
    const outcomes: CheckOutcome[] = [];
    for (const [index, file] of files.entries()) {
      const started = performance.now();
      const outcome = await checkFile(file);
      outcomes.push(outcome);
      progress?.update({ done: index + 1, total: files.length, result: { outcome: outcome.verdict, agencyId: file, ms: performance.now() - started } });
    }
    progress?.finish();

    if (values.json) io.out(JSON.stringify(outcomes, null, 2));
    else outcomes.forEach((o) => io.out(line(o)));
    if (folder) {
      const target = values.output ?? folder;
      await writeFile(join(target, `${SUMMARY_NAME}.csv`), summaryCsv(outcomes));
      await writeFile(join(target, `${SUMMARY_NAME}.html`), await summaryHtml(outcomes));
      io.err(`summary: ${join(target, `${SUMMARY_NAME}.csv`)}, ${join(target, `${SUMMARY_NAME}.html`)}`);
    }
    return outcomes.every((o) => o.verdict === 'valid') ? 0 : 1;
  },
});
