/**
 * `nianbao publish FILE…`: validate → render → print → archive each file, one record line per
 * file on stdout. A bad or failing file is reported and the others go on; exit 1 if any failed.
 */
import { openArchive } from '../archive/from-config';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { ReportInvalid } from '../errors';
import { createChromiumPrinter } from '../print/chromium';
import { createFontAssets } from '../fonts/node-assets';
import { publish } from '../publish';
import { UsageError, type Command } from './index';
import { formatProblem, readReportFile } from './read-report';

export const publishCommand: Command = {
  summary: 'validate, print and archive reports',
  usage: 'nianbao publish FILE…',
  async run(args, io) {
    const files = args.filter((a) => !a.startsWith('-'));
    const flag = args.find((a) => a.startsWith('-'));
    if (flag) throw new UsageError(`unknown option "${flag}"`);
    if (files.length === 0) throw new UsageError('no FILE given');
    const config = loadConfig(process.env);
    const archive = await openArchive(config.archive);
    const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1, executablePath: config.chromiumPath });
    void printer.warm().catch(() => {}); // overlap the launch with reading and rendering the first file
    let failed = 0;
    try {
      for (const file of files) {
        const read = await readReportFile(file);
        if (!read.ok) {
          read.problems.forEach((p) => io.err(formatProblem(file, p)));
          failed++;
          continue;
        }
        try {
          const { record, created } = await publish(read.json, { archive, printer, clock: systemClock });
          io.out(`${file}: ${created ? 'published' : 'already archived'} ${record.keys.pdf} ${record.pages} page(s) ${record.bytes} bytes sha256 ${record.sha256}`);
        } catch (error) {
          failed++;
          if (error instanceof ReportInvalid) error.problems.forEach((p) => io.err(formatProblem(file, p)));
          else io.err(`${file}: ${(error as Error).name}: ${(error as Error).message}`);
        }
      }
    } finally {
      await printer.close();
    }
    return failed === 0 ? 0 : 1;
  },
};
