/**
 * `batch --from DIR`: every `*.json` file directly in DIR (symlinks followed) becomes its agency's
 * draft (drafts/store.ts), so a folder of reports goes through the same path as drafts sent by
 * form tools. A file that cannot become a draft is reported with its problems and comes back as
 * rejected, for the batch summary: unreadable, not JSON, invalid, for another year than the
 * batch's, or one of several different reports for the same agency (which of them is the one to
 * publish is for a person to say; storing them in turn would flip the agency's draft on every run).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../archive/canonical-json';
import { sha256Hex } from '../archive/sha256';
import { storeDraft, type DraftPorts } from '../drafts/store';
import { ReportInvalid } from '../errors';
import type { Problem } from '../report';
import { UsageError, type CommandIo } from './index';
import { formatProblem, formatUnreadable, readReportFile, UnreadableFile } from './read-report';

export interface Rejected {
  source: string;
  problems: Problem[];
}

/** The `.json` files directly in `dir` (any case, symlinks followed), sorted by name. */
async function jsonFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--from ${dir}: ${error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'no such folder' : error.message}`);
  });
  const candidates = names.filter((name) => name.toLowerCase().endsWith('.json') && !name.startsWith('.')).sort();
  const isFile = await Promise.all(candidates.map((name) => stat(join(dir, name)).then((info) => info.isFile(), () => true))); // unreadable: reported below
  return candidates.filter((_, index) => isFile[index]).map((name) => join(dir, name));
}

/** What the first pass keeps of a file: its problems, or its year, agency and content (a hash; a folder of thousands of reports is not held in memory). */
type Scanned = { file: string; problems: Problem[]; reported?: true } | { file: string; year: unknown; agencyId: unknown; content: string };

/** The report as compared with its folder's others: canonical JSON, or the text itself for JSON that has none (1e400), which validation refuses later. */
function comparable(read: { json: unknown; text: string }): string {
  try {
    return canonicalJson(read.json);
  } catch {
    return read.text;
  }
}

/** The file's own failure, as the problem the batch summary lists it with. */
function unreadableProblem(error: UnreadableFile): Problem {
  return { path: '', rule: 'schema', zh: error.zh, en: error.en };
}

async function scan(file: string, io: CommandIo): Promise<Scanned> {
  let read;
  try {
    read = await readReportFile(file);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    io.err(formatUnreadable(error));
    return { file, problems: [unreadableProblem(error)], reported: true };
  }
  if (!read.ok) return { file, problems: read.problems };
  const { year, agency } = (read.json ?? {}) as { year?: unknown; agency?: { id?: unknown } };
  return { file, year, agencyId: agency?.id, content: await sha256Hex(new TextEncoder().encode(comparable(read))) };
}

/** Files whose reports for `year` name the same agency but differ: all of them are refused. */
function sameAgencyProblems(scanned: Scanned[], year: number): Map<string, Problem> {
  const byAgency = new Map<string, { file: string; content: string }[]>();
  for (const entry of scanned) {
    if ('problems' in entry || entry.year !== year || typeof entry.agencyId !== 'string') continue;
    byAgency.set(entry.agencyId, [...(byAgency.get(entry.agencyId) ?? []), entry]);
  }
  const problems = new Map<string, Problem>();
  for (const [id, files] of byAgency) {
    if (new Set(files.map((f) => f.content)).size < 2) continue;
    const names = files.map((f) => f.file).join(', ');
    for (const { file } of files) {
      problems.set(file, {
        path: 'agency.id',
        rule: 'schema',
        zh: `机关“${id}”在这个文件夹中有多份不同的报告（${names}），无法确定发布哪一份`,
        en: `agency "${id}" has different reports in several files of this folder (${names}): which one to publish is unclear`,
      });
    }
  }
  return problems;
}

function yearProblem(found: unknown, year: number): Problem | undefined {
  if (found === year) return undefined;
  return { path: 'year', rule: 'schema', zh: `报告年度 ${String(found)} 不是 --year 指定的 ${year}`, en: `the report is for ${String(found)}, not for --year ${year}`, expected: year, found: String(found) };
}

export async function storeDraftFolder(dir: string, year: number, ports: DraftPorts, io: CommandIo): Promise<Rejected[]> {
  const files = await jsonFilesIn(dir);
  if (files.length === 0) throw new UsageError(`--from ${dir}: the folder holds no .json files`);
  const scanned: Scanned[] = [];
  for (const file of files) scanned.push(await scan(file, io));
  const ambiguous = sameAgencyProblems(scanned, year);
  const rejected: Rejected[] = [];
  for (const entry of scanned) {
    const refused = 'problems' in entry ? entry.problems : [yearProblem(entry.year, year), ambiguous.get(entry.file)].filter((p) => p !== undefined);
    const problems = refused.length > 0 ? refused : await storeFile(entry.file, ports, io);
    if (problems.length > 0) {
      if (!('reported' in entry)) problems.forEach((p) => io.err(formatProblem(entry.file, p)));
      rejected.push({ source: entry.file, problems });
    }
  }
  io.err(`nianbao batch: ${files.length - rejected.length} of ${files.length} file(s) in ${dir} stored as drafts`);
  return rejected;
}

async function storeFile(file: string, ports: DraftPorts, io: CommandIo): Promise<Problem[]> {
  try {
    const read = await readReportFile(file);
    if (!read.ok) return read.problems;
    const draft = await storeDraft(read.json, ports);
    if (draft.created) io.err(`${file}: draft stored ${draft.key}`);
    return [];
  } catch (error) {
    if (error instanceof ReportInvalid) return error.problems;
    if (error instanceof UnreadableFile) return [unreadableProblem(error)]; // gone since the first pass
    throw error;
  }
}
