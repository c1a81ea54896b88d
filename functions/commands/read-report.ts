/**
 * Reading a report file for the CLI, size-capped. A file that cannot be read (missing, a folder,
 * too large, not UTF-8) is the file's fault, not the report's: it throws UnreadableFile, with no
 * rule. Text that is not JSON comes back as a problem at the root, with its line and column.
 * Commands report either and go on with the next file.
 */
import { readFile, stat } from 'node:fs/promises';
import { ReportInvalid } from '../errors';
import { parseJsonText, type Problem } from '../report';
import type { CommandIo } from './index';

/** Far above any real report (images are capped at 2 MiB each); stops a mistaken 2 GB file early. */
export const MAX_REPORT_FILE_BYTES = 50 * 1024 * 1024;

export type ReadResult = { ok: true; json: unknown; text: string } | { ok: false; problems: Problem[] };

export class UnreadableFile extends Error {
  constructor(
    readonly file: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${file}: ${en}`);
  }
}

/** `FILE: 中文 / English`: a problem's line without a path or a rule. */
export const formatUnreadable = ({ file, zh, en }: { file: string; zh: string; en: string }): string => `${file}: ${zh} / ${en}`;

async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UnreadableFile(file, '不是文件', 'not a file');
    if (info.size > MAX_REPORT_FILE_BYTES) {
      throw new UnreadableFile(file, `文件过大（${info.size} 字节，上限 ${MAX_REPORT_FILE_BYTES}）`, `file too large (${info.size} bytes, limit ${MAX_REPORT_FILE_BYTES})`);
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnreadableFile(file, '文件不存在', 'no such file');
    throw new UnreadableFile(file, `无法读取文件（${code ?? String(error)}）`, `cannot read the file (${code ?? String(error)})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFile(file, '文件不是有效的 UTF-8 编码', 'the file is not valid UTF-8');
  }
}

export async function readReportFile(file: string): Promise<ReadResult> {
  const text = await readText(file);
  const parsed = parseJsonText(text);
  return parsed.ok ? { ok: true, json: parsed.json, text } : { ok: false, problems: [parsed.problem] };
}

/** One line per problem: where, which rule, what — Chinese first, English after. */
/** `FILE: PATH: [RULE] 中文 / English`; a warning or an acknowledged violation says so before its rule. */
export function formatProblem(file: string, p: Problem, kind?: 'warning' | 'acknowledged'): string {
  const where = p.path ? `${file}: ${p.path}` : file;
  return `${where}: ${kind ? `${kind} ` : ''}[${p.rule}] ${p.zh} / ${p.en}`;
}

/** Why a file gave no result: it could not be read, its report has problems, or its work failed. */
export interface FileFailure {
  ok: false;
  unreadable?: { zh: string; en: string };
  problems?: Problem[];
  error?: string;
}

/** The failure that an error thrown while working on a file stands for. */
export function failureOf(error: unknown): FileFailure {
  if (error instanceof UnreadableFile) return { ok: false, unreadable: { zh: error.zh, en: error.en } };
  if (error instanceof ReportInvalid) return { ok: false, problems: error.problems };
  return { ok: false, error: `${(error as Error).name}: ${(error as Error).message}` };
}

/** Its lines on stderr: the file's own failure, the work's, or one line per problem. */
export function printFailure(file: string, failure: FileFailure, io: CommandIo): void {
  if (failure.unreadable) io.err(formatUnreadable({ file, ...failure.unreadable }));
  if (failure.error) io.err(`${file}: ${failure.error}`);
  failure.problems?.forEach((problem) => io.err(formatProblem(file, problem)));
}
