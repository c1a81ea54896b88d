/**
 * `nianbao render FILE [-o OUT.pdf] [--html]`: one report to its archival PDF (beside FILE unless
 * -o says where), or with --html to the HTML that PDF is printed from, its fonts subset and
 * inlined as data: URLs so that the file opens as it prints anywhere (the HTTP preview's page), on
 * stdout unless -o is given, without starting Chromium. A report that fails validation is never rendered: its
 * problems go to stderr with their JSON paths, and the exit code is 1.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createChromiumPrinter } from '../print/chromium';
import { createFontAssets } from '../fonts/node-assets';
import { printReport } from '../publish';
import { renderPreviewHtml } from '../render/preview';
import { validateReport } from '../report';
import { UsageError, type Command } from './index';
import { formatProblem, readReportFile } from './read-report';

function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: { output: { type: 'string', short: 'o' }, html: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** report.json → report.pdf; a name without .json gets .pdf added. */
const pdfBeside = (file: string) => file.replace(/(\.json)?$/i, '.pdf');

export const renderCommand: Command = {
  summary: 'print one report to PDF (or to HTML with --html)',
  usage: 'nianbao render FILE [-o OUT.pdf] [--html]',
  async run(args, io) {
    const { values, positionals } = parse(args);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'no FILE given' : 'one FILE at a time');
    const file = positionals[0]!;

    const read = await readReportFile(file);
    if (!read.ok) {
      read.problems.forEach((problem) => io.err(formatProblem(file, problem)));
      return 1;
    }
    const validation = validateReport(read.json);
    validation.warnings.forEach((problem) => io.err(formatProblem(file, problem, 'warning')));
    if (!validation.ok || !validation.report) {
      validation.errors.forEach((problem) => io.err(formatProblem(file, problem)));
      return 1;
    }

    if (values.html) {
      const html = await renderPreviewHtml(validation.report, createFontAssets());
      if (values.output) await writeFile(values.output, html);
      else io.out(html);
      return 0;
    }

    const output = values.output ?? pdfBeside(file);
    const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1, executablePath: loadConfig(process.env).chromiumPath });
    try {
      const { pdf } = await printReport(validation.report, printer);
      await writeFile(output, pdf);
      io.out(`${output}: ${pdf.length} bytes`);
      return 0;
    } catch (error) {
      io.err(`${file}: ${(error as Error).name}: ${(error as Error).message}`);
      return 1;
    } finally {
      await printer.close();
    }
  },
};
