/**
 * Reading a report file for the CLI: size-capped, and every failure (missing file, not JSON,
 * too large) comes back as problems rather than an exception, so commands can report and go on.
 */
import { readFile, stat } from 'node:fs/promises';
import { malformedJsonProblem, type Problem } from '../report';

/** Far above any real report (images are capped at 2 MiB each); stops a mistaken 2 GB file early. */
export const MAX_REPORT_FILE_BYTES = 50 * 1024 * 1024;

export type ReadResult = { ok: true; json: unknown; text: string } | { ok: false; problems: Problem[] };

const problem = (zh: string, en: string): Problem => ({ path: '', rule: 'schema', zh, en });

export async function readReportFile(file: string): Promise<ReadResult> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, problems: [problem('不是文件', 'not a file')] };
    if (info.size > MAX_REPORT_FILE_BYTES) {
      return { ok: false, problems: [problem(`文件过大（${info.size} 字节，上限 ${MAX_REPORT_FILE_BYTES}）`, `file too large (${info.size} bytes, limit ${MAX_REPORT_FILE_BYTES})`)] };
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    if (error instanceof TypeError) return { ok: false, problems: [problem('文件不是有效的 UTF-8 编码', 'the file is not valid UTF-8')] };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problems: [problem('文件不存在', 'no such file')] };
    return { ok: false, problems: [problem(`无法读取文件（${code ?? String(error)}）`, `cannot read the file (${code ?? String(error)})`)] };
  }
  try {
    return { ok: true, json: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, problems: [malformedJsonProblem(error)] };
  }
}

/** One line per problem: where, which rule, what — Chinese first, English after. */
/** `FILE: PATH: [RULE] 中文 / English`; a warning or an acknowledged violation says so before its rule. */
export function formatProblem(file: string, p: Problem, kind?: 'warning' | 'acknowledged'): string {
  const where = p.path ? `${file}: ${p.path}` : file;
  return `${where}: ${kind ? `${kind} ` : ''}[${p.rule}] ${p.zh} / ${p.en}`;
}
