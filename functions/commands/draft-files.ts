/**
 * `batch --from DIR`: every `*.json` file directly in DIR becomes its agency's draft (drafts/
 * store.ts), so a folder of reports goes through the same path as drafts sent by form tools. A
 * file that cannot become a draft (unreadable, not JSON, invalid) is reported with its problems
 * and comes back as rejected, for the batch summary.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { storeDraft, type DraftPorts } from '../drafts/store';
import { ReportInvalid } from '../errors';
import type { Problem } from '../report';
import { UsageError, type CommandIo } from './index';
import { formatProblem, readReportFile } from './read-report';

export interface Rejected {
  source: string;
  problems: Problem[];
}

export async function storeDraftFolder(dir: string, ports: DraftPorts, io: CommandIo): Promise<Rejected[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--from ${dir}: ${error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'no such folder' : error.message}`);
  });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(dir, entry.name))
    .sort();
  const rejected: Rejected[] = [];
  for (const file of files) {
    const problems = await storeFile(file, ports, io);
    if (problems.length > 0) {
      problems.forEach((p) => io.err(formatProblem(file, p)));
      rejected.push({ source: file, problems });
    }
  }
  io.err(`nianbao batch: ${files.length - rejected.length} of ${files.length} file(s) in ${dir} stored as drafts`);
  return rejected;
}

async function storeFile(file: string, ports: DraftPorts, io: CommandIo): Promise<Problem[]> {
  const read = await readReportFile(file);
  if (!read.ok) return read.problems;
  try {
    const draft = await storeDraft(read.json, ports);
    if (draft.created) io.err(`${file}: draft stored ${draft.key}`);
    return [];
  } catch (error) {
    if (error instanceof ReportInvalid) return error.problems;
    throw error;
  }
}
