/**
 * A file → the importer's result, by its kind (file name or media type). Each kind has its own
 * small adapter that turns the file into lines; the core (../index.ts) does the rest.
 */
import { importLines, type ImportOptions, type ImportResult } from '../index';
import { decodeText } from './decode';
import { htmlLines } from './html';

export type FileKind = 'txt' | 'html' | 'pdf' | 'docx';

const BY_TYPE: Record<string, FileKind> = {
  'text/plain': 'txt',
  'text/markdown': 'txt',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

export class ImportInputError extends Error {}

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

export async function linesOf(bytes: Uint8Array, kind: FileKind): Promise<string[]> {
  switch (kind) {
    case 'txt':
      return decodeText(bytes).split(/\r?\n/);
    case 'html':
      return htmlLines(decodeText(bytes, { html: true }));
    case 'pdf':
      throw new ImportInputError('PDF import is not available');
    case 'docx':
      throw new ImportInputError('Word import is not available');
  }
}

export async function importFile(bytes: Uint8Array, nameOrType: string, options?: ImportOptions): Promise<ImportResult> {
  const kind = fileKind(nameOrType);
  if (!kind) throw new ImportInputError(`cannot import "${nameOrType}": give a .pdf, .docx, .html/.htm or .txt file`);
  return importLines(await linesOf(bytes, kind), options);
}
