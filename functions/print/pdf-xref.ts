/**
 * Reading just enough of Chromium's PDF to append an incremental update to it: the last
 * cross-reference table (ISO 32000-1 §7.5.4), its trailer (§7.5.5) and the dictionary of any
 * object it lists. Chromium (Skia) writes one classic xref table, no object streams, no
 * encryption, no earlier revisions, and every dictionary on its own between `obj` and `endobj`,
 * so this reads a few hundred bytes per object instead of parsing the thousands of tagged
 * structure objects that a full parse (pdf-lib) walks through. Anything else is refused with an
 * error that says what was found, never guessed at. Works on the file as a latin1 string, one
 * character per byte, so string indices are byte offsets. Runtime-neutral.
 */

export class UnexpectedPdf extends Error {
  override name = 'UnexpectedPdf';
  constructor(what: string) {
    super(`not the PDF layout Chromium writes: ${what}`);
  }
}

export interface PdfObject {
  /** Byte offset of the object's `N 0 obj` line. */
  start: number;
  /** Byte offsets of its dictionary, from `<<` to just after the matching `>>`. */
  dictStart: number;
  dictEnd: number;
  dict: string;
}

export interface PdfLayout {
  /** Where the (only) xref table starts: the update's /Prev. */
  xrefOffset: number;
  /** The trailer's /Size, /Root and /Info. */
  size: number;
  root: number;
  info: number;
  object(number: number): PdfObject;
}

const STARTXREF = /startxref\s+(\d+)\s+%%EOF\s*$/;
const SUBSECTION = /\s*(\d+) (\d+)\s*?[\r\n]+/y;
const ENTRY = /(\d{10}) (\d{5}) ([nf])[ \r\n]{2}/y;

function lastXrefOffset(text: string): number {
  const found = STARTXREF.exec(text.slice(-256));
  if (!found) throw new UnexpectedPdf('no startxref and %%EOF at the end');
  return Number(found[1]);
}

function readXrefTable(text: string, at: number): { offsets: Map<number, number>; trailerAt: number } {
  if (!text.startsWith('xref', at)) throw new UnexpectedPdf(`startxref ${at} does not point at an xref table (a cross-reference stream?)`);
  const offsets = new Map<number, number>();
  let position = at + 4;
  for (;;) {
    SUBSECTION.lastIndex = position;
    const header = SUBSECTION.exec(text);
    if (!header) break;
    const [first, count] = [Number(header[1]), Number(header[2])];
    ENTRY.lastIndex = SUBSECTION.lastIndex;
    for (let index = 0; index < count; index++) {
      const entry = ENTRY.exec(text);
      if (!entry) throw new UnexpectedPdf(`xref entry ${first + index} is not 20 bytes of "offset generation n|f"`);
      if (entry[3] === 'n') offsets.set(first + index, Number(entry[1]));
    }
    position = ENTRY.lastIndex;
  }
  return { offsets, trailerAt: text.slice(position, position + 16).search(/\S/) + position };
}

function trailerEntry(trailer: string, key: string, pattern: string): number {
  const found = new RegExp(`/${key}\\s+${pattern}`).exec(trailer);
  if (!found) throw new UnexpectedPdf(`the trailer has no /${key}`);
  return Number(found[1]);
}

/** The dictionary that opens at `from`, matched `<<` to `>>` (strings in Chromium's dictionaries hold no `<<`). */
function dictionaryAt(text: string, from: number): { dictStart: number; dictEnd: number } {
  const dictStart = text.indexOf('<<', from);
  let depth = 0;
  for (let index = dictStart; index >= 0 && index < text.length - 1; index++) {
    if (text.startsWith('<<', index)) {
      depth++;
      index++;
    } else if (text.startsWith('>>', index)) {
      depth--;
      index++;
      if (depth === 0) return { dictStart, dictEnd: index + 1 };
    }
  }
  throw new UnexpectedPdf(`no complete dictionary after byte ${from}`);
}

export function readPdfLayout(text: string): PdfLayout {
  const xrefOffset = lastXrefOffset(text);
  const { offsets, trailerAt } = readXrefTable(text, xrefOffset);
  const trailerEnd = text.indexOf('startxref', trailerAt);
  if (!text.startsWith('trailer', trailerAt) || trailerEnd < 0) throw new UnexpectedPdf('no trailer after the xref table');
  const trailer = text.slice(trailerAt, trailerEnd);
  for (const refused of ['Prev', 'Encrypt', 'XRefStm']) {
    if (trailer.includes(`/${refused}`)) throw new UnexpectedPdf(`the trailer has /${refused}`);
  }
  return {
    xrefOffset,
    size: trailerEntry(trailer, 'Size', '(\\d+)'),
    root: trailerEntry(trailer, 'Root', '(\\d+) 0 R'),
    info: trailerEntry(trailer, 'Info', '(\\d+) 0 R'),
    object(number) {
      const start = offsets.get(number);
      const header = `${number} 0 obj`;
      if (start === undefined || !text.startsWith(header, start)) throw new UnexpectedPdf(`object ${number} is not where the xref table says`);
      const { dictStart, dictEnd } = dictionaryAt(text, start + header.length);
      return { start, dictStart, dictEnd, dict: text.slice(dictStart, dictEnd) };
    },
  };
}
