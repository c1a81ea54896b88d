/**
 * `nianbao render FILE [-o OUT.pdf] [--html] [--json]`: one report to its archival PDF (beside
 * FILE unless -o says where), or with --html to the HTML that PDF is printed from, its fonts
 * subset and inlined as data: URLs so that the file opens as it prints anywhere (the HTTP
 * preview's page), on stdout unless -o is given, without starting Chromium. A report that fails
 * validation is never rendered: its problems go to stderr with their JSON paths, and the exit
 * code is 1. With --json, what was written (or what was wrong) is one JSON object on stdout.
 */
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { createChromiumPrinter } from '../print/chromium';
import { createFontAssets } from '../fonts/node-assets';
import { printReport } from '../publish';
import { renderPreviewHtml } from '../render/preview';
import { validateReport, type Problem, type Report } from '../report';
import { defineCommand, JSON_OPTION, UsageError, type CommandIo } from './index';
import { failureOf, formatProblem, printFailure, readReportFile, UnreadableFile, type FileFailure } from './read-report';

/** report.json → report.pdf; a name without .json gets .pdf added. */
const pdfBeside = (file: string) => file.replace(/(\.json)?$/i, '.pdf');

type Outcome = { ok: true; output: string; bytes: number; pages?: number } | FileFailure;

/** The valid report in FILE, or why there is none. */
async function validReport(file: string): Promise<{ report: Report; warnings: Problem[] } | { failure: FileFailure; warnings: Problem[] }> {
  try {
    const read = await readReportFile(file);
    if (!read.ok) return { failure: { ok: false, problems: read.problems }, warnings: [] };
    const validation = validateReport(read.json);
    if (!validation.ok || !validation.report) return { failure: { ok: false, problems: validation.errors }, warnings: validation.warnings };
    return { report: validation.report, warnings: validation.warnings };
  } catch (error) {
    if (error instanceof UnreadableFile) return { failure: failureOf(error), warnings: [] };
    throw error;
  }
}

async function printPdf(report: Report, output: string): Promise<Outcome> {
  const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1, executablePath: loadConfig(process.env).chromiumPath });
  try {
    const { pdf, pages } = await printReport(report, printer);
    await writeFile(output, pdf);
    return { ok: true, output, bytes: pdf.length, pages };
  } catch (error) {
    return failureOf(error);
  } finally {
    await printer.close();
  }
}

/** What was written, or what was wrong; with --json, the warnings too (without, they went to stderr first). */
function printOutcome(file: string, outcome: Outcome, warnings: Problem[], json: boolean | undefined, io: CommandIo): void {
  if (json) {
    io.out(JSON.stringify({ file, ...outcome, warnings }, null, 2));
    return;
  }
  if (outcome.ok) io.out(`${outcome.output}: ${outcome.bytes} bytes`);
  else printFailure(file, outcome, io);
}

export const renderCommand = defineCommand({
  usage: 'FILE [-o OUT.pdf] [--html] [--json]',
  details: ['The PDF is a draft: nothing is archived (publish archives). Exit 1 if the report is invalid or could not be printed.'],
  options: {
    output: { type: 'string', short: 'o', value: 'OUT', help: 'where to write (default: FILE with .pdf; with --html, stdout)' },
    html: { type: 'boolean', help: 'write the HTML the PDF is printed from, its fonts inlined, instead of the PDF' },
    ...JSON_OPTION,
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'no FILE given' : 'one FILE at a time');
    if (values.html && values.json && !values.output) throw new UsageError('--html --json needs -o OUT: stdout carries the JSON');
    const file = positionals[0]!;

    const valid = await validReport(file);
    if (!values.json) valid.warnings.forEach((problem) => io.err(formatProblem(file, problem, 'warning')));
    if ('failure' in valid) {
      printOutcome(file, valid.failure, valid.warnings, values.json, io);
      return 1;
    }
    if (values.html && !values.output) {
      io.out(await renderPreviewHtml(valid.report, createFontAssets()));
      return 0;
    }
    let outcome: Outcome;
    if (values.html) {
      const html = await renderPreviewHtml(valid.report, createFontAssets());
      await writeFile(values.output!, html);
      outcome = { ok: true, output: values.output!, bytes: Buffer.byteLength(html) };
    } else {
      outcome = await printPdf(valid.report, values.output ?? pdfBeside(file));
    }
    printOutcome(file, outcome, valid.warnings, values.json, io);
    return outcome.ok ? 0 : 1;
  },
});
