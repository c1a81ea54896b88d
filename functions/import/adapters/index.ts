/**
 * A file → the importer's result, by its kind (file name or media type). Each kind has its own
 * small adapter that turns the file into lines; the core (../index.ts) does the rest. The adapters
 * with a library are imported on first use, so a server that imports nothing never loads them.
 */
import { importLines, type ImportOptions, type ImportResult } from '../index';
import { decodeText } from './decode';
import { ImportInputError } from './errors';

export { ImportInputError };

export type FileKind = 'txt' | 'html' | 'pdf' | 'docx';

const BY_TYPE: Record<string, FileKind> = {
  'text/plain': 'txt',
  'text/markdown': 'txt',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** Larger files are refused before they are read: no report runs to 20 MiB of text. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The kind of a file from its name's extension or its media type. */
export function fileKind(nameOrType: string): FileKind | undefined {
  const type = nameOrType.split(';')[0]!.trim().toLowerCase();
  if (BY_TYPE[type]) return BY_TYPE[type];
  const extension = /\.([a-z]+)$/i.exec(nameOrType)?.[1]?.toLowerCase();
  if (extension === 'txt' || extension === 'md') return 'txt';
  if (extension === 'html' || extension === 'htm') return 'html';
  if (extension === 'pdf' || extension === 'docx') return extension;
  return undefined;
}

async function linesOf(bytes: Uint8Array, kind: FileKind): Promise<string[]> {
  switch (kind) {
    case 'txt':
      return decodeText(bytes).split(/\r?\n/);
    case 'html':
      return (await import('./html')).htmlLines(decodeText(bytes, { html: true }));
    case 'pdf':
      return (await import('./pdf')).pdfLines(bytes);
    case 'docx':
      return (await import('./docx')).docxLines(bytes);
  }
}

export async function importFile(bytes: Uint8Array, nameOrType: string, options?: ImportOptions): Promise<ImportResult> {
  const kind = fileKind(nameOrType);
  if (!kind) throw new ImportInputError(`无法导入「${nameOrType}」：请提供 .pdf、.docx、.html/.htm 或 .txt 文件`, `cannot import "${nameOrType}": give a .pdf, .docx, .html/.htm or .txt file`);
  if (bytes.byteLength > MAX_FILE_BYTES) {
    throw new ImportInputError(`文件有 ${bytes.byteLength} 字节，超过 ${MAX_FILE_BYTES} 字节的上限`, `the file has ${bytes.byteLength} bytes, more than the limit of ${MAX_FILE_BYTES}`);
  }
  return importLines(await linesOf(bytes, kind), options);
}
