/**
 * `nianbao publish FILE… [--json]`: validate → render → print → archive each file, one record
 * line per file on stdout (with --json, one JSON array of the results). A bad or failing file is
 * reported and the others go on; exit 1 if any failed.
 */
import { openArchive } from '../archive/from-config';
import type { PublicationRecord } from '../archive/record';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { createChromiumPrinter } from '../print/chromium';
import { createFontAssets } from '../fonts/node-assets';
import { publish, type PublishPorts } from '../publish';
import type { Problem } from '../report';
import { recordCliWrite } from './audit';
import { defineCommand, JSON_OPTION, UsageError, type CommandIo } from './index';
import { failureOf, printFailure, readReportFile, type FileFailure } from './read-report';

type FileResult = { file: string } & ({ ok: true; created: boolean; record: PublicationRecord; warnings: Problem[] } | FileFailure);

async function publishFile(file: string, ports: PublishPorts): Promise<FileResult> {
  try {
    const read = await readReportFile(file);
    if (!read.ok) return { file, ok: false, problems: read.problems };
    const { record, created, validation } = await publish(read.json, ports);
    await recordCliWrite(ports.archive, 'publish', { target: record.keys.record, agency: record.agency.id, unchanged: !created });
    return { file, ok: true, created, record, warnings: validation.warnings };
  } catch (error) {
    return { file, ...failureOf(error) };
  }
}

function printLines(result: FileResult, io: CommandIo): void {
  const { file } = result;
  if (!result.ok) return printFailure(file, result, io);
  const { record, created } = result;
  io.out(`${file}: ${created ? 'published' : 'already archived'} ${record.keys.pdf} ${record.pages} page(s) ${record.bytes} bytes sha256 ${record.sha256}`);
}

export const publishCommand = defineCommand({
  usage: 'FILE… [--json]',
  details: [
    'Archives into NIANBAO_ARCHIVE (default ./archive). Publishing the same JSON again stores nothing',
    'and says "already archived". One line per file on stdout; problems on stderr.',
  ],
  options: { ...JSON_OPTION },
  async run({ values, positionals: files }, io) {
    if (files.length === 0) throw new UsageError('no FILE given');
    const config = loadConfig(process.env);
    const archive = await openArchive(config.archive);
    const printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1, executablePath: config.chromiumPath });
    void printer.warm().catch(() => {}); // overlap the launch with reading and rendering the first file
    const results: FileResult[] = [];
    try {
      for (const file of files) {
        const result = await publishFile(file, { archive, printer, clock: systemClock });
        results.push(result);
        if (!values.json) printLines(result, io);
      }
    } finally {
      await printer.close();
    }
    if (values.json) io.out(JSON.stringify(results, null, 2));
    return results.every((result) => result.ok) ? 0 : 1;
  },
});
