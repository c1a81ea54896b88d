/**
 * The text of a publication as one string: its lines (paragraphs, table rows) joined by "\n",
 * normalised, with a scan form of the same length for matching digits and labels.
 */
import { normaliseLine, scanForm } from './text';

/** Word's conditional comments survive in some crawls' text ("<!--[if !supportMisalignedColumns]-->"). */
const HTML_COMMENT = /<!--[\s\S]*?-->/g;

export interface SourceDocument {
  /** The text as printed (spaces normalised), lines joined by "\n". */
  text: string;
  /** `text` with full-width digits and signs as ASCII: same length, same positions. */
  scan: string;
}

export function sourceDocument(lines: readonly string[]): SourceDocument {
  const text = lines
    .flatMap((line) => line.replace(HTML_COMMENT, '').split(/\r?\n/))
    .map(normaliseLine)
    .join('\n');
  return { text, scan: scanForm(text) };
}
