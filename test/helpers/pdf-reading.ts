/**
 * Reading a printed PDF back in tests with poppler-utils (pdftotext, pdfinfo, pdffonts) and
 * pdf-lib: its text in reading order page by page, where its words sit on the page, its fonts,
 * its document information and its outline. Text comes from `pdftotext -raw`, the order in which
 * the page draws its text: Chromium draws in document order, so each table cell's lines come
 * together and cells follow each other as in the HTML, where the default layout mode
 * interleaves the lines of neighbouring wrapped cells. Whitespace means nothing in Chinese text
 * and pdftotext puts it where lines wrap, so texts are compared without it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

export const MM = 72 / 25.4;

/** GB/T 9704 (format.md §7): 天头 37 mm, 订口 28 mm, type area 156 × 225 mm, in points. */
export const TOP = 37 * MM;
export const BINDING = 28 * MM;
export const OUTER = 26 * MM;
export const TYPE_WIDTH = 156 * MM;
export const TYPE_HEIGHT = 225 * MM;

/** The left edge of the type area: the binding margin is at the left of odd (right-hand) pages. */
export const typeAreaLeft = (page: number) => (page % 2 === 1 ? BINDING : OUTER);

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const decodeXml = (text: string) => text.replace(/&(?:amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity]!);

export function writePdf(pdf: Uint8Array, folder: string, name: string): string {
  const file = join(folder, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

// What poppler says on stderr is asked for where it matters (structureComplaints).
const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });

export const compact = (text: string) => text.replace(/\s+/g, '');

/** pdfinfo's fields, dates in ISO 8601. */
export function pdfInfo(file: string): Record<string, string> {
  const lines = run('pdfinfo', '-isodates', file).trim().split('\n');
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: string;
  subset: string;
}

/** pdffonts' table, cut at the columns its dashed line marks (the type may hold a space). */
export function pdfFonts(file: string): PdfFont[] {
  const [, dashes, ...rows] = run('pdffonts', file).trimEnd().split('\n');
  const columns: [number, number][] = Array.from(dashes!.matchAll(/-+/g), (m) => [m.index, m.index + m[0].length]);
  return rows.map((row) => {
    const [name, type, , embedded, subset] = columns.map(([from, to]) => row.slice(from, to).trim());
    return { name: name!, type: type!, embedded: embedded!, subset: subset! };
  });
}

/** The structure tree as `pdfinfo -struct` prints it, one element a line. */
export function pdfStructure(file: string): string {
  return run('pdfinfo', '-struct', file);
}

/** What poppler reports on stderr while it reads the structure tree: nothing for a sound PDF. */
export function structureComplaints(file: string): string {
  return spawnSync('pdfinfo', ['-struct', file], { encoding: 'utf8', maxBuffer: 64 << 20 }).stderr;
}

export interface Token {
  text: string;
  page: number;
}

export interface ReadingOrder {
  /** Each page's folio line ("— 3 —"), taken out of the text. */
  folios: string[];
  /** The text of all pages as whitespace-separated pieces, folios left out. */
  tokens: Token[];
}

const FOLIO = /^— \d+ —$/;

export function readingOrder(file: string): ReadingOrder {
  const pages = run('pdftotext', '-raw', file, '-').split('\f').slice(0, -1);
  const folios: string[] = [];
  const tokens: Token[] = [];
  pages.forEach((text, index) => {
    const lines = text.split('\n').map((line) => line.trim());
    folios.push(lines.filter((line) => FOLIO.test(line)).join(' | '));
    for (const line of lines.filter((line) => !FOLIO.test(line))) {
      for (const piece of line.split(/\s+/).filter(Boolean)) tokens.push({ text: piece, page: index + 1 });
    }
  });
  return { folios, tokens };
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

/** Each page's words with their boxes, in reading order or, with -raw, in the order the page draws them. */
function bboxPages(file: string, ...options: string[]): PageWords[] {
  const xml = run('pdftotext', ...options, '-bbox', file, '-');
  return Array.from(xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">(.*?)<\/page>/gs), ([, width, height, body], index) => ({
    width: Number(width),
    height: Number(height),
    words: Array.from(body!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g), (m) => ({
      page: index + 1,
      text: decodeXml(m[5]!),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
    })),
  }));
}

/** Every word with its box in points, from the top-left corner of its page. */
export const pageWords = (file: string): PageWords[] => bboxPages(file);

/** A line of text: its words joined by a space, and the box around them. */
export type Line = Word;

/**
 * Every text line of every page with its box in points, in the order the page draws them: the
 * words of `pdftotext -raw -bbox`, a line being the words that follow each other across it (each
 * word's middle within the line's height: a heading's face has other ascents than the body's).
 * Not poppler's own lines (-bbox-layout), which cut a justified line at a wide gap.
 */
export function pageLines(file: string): Line[] {
  const lines: Line[] = [];
  for (const word of bboxPages(file, '-raw').flatMap((page) => page.words)) {
    const last = lines.at(-1);
    const middle = (word.yMin + word.yMax) / 2;
    if (last && last.page === word.page && middle > last.yMin && middle < last.yMax) {
      Object.assign(last, { text: `${last.text} ${word.text}`, xMin: Math.min(last.xMin, word.xMin), xMax: Math.max(last.xMax, word.xMax) });
    } else {
      lines.push({ ...word });
    }
  }
  return lines;
}

/** The titles of the outline's top level, in order. */
export async function outlineTitles(pdf: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(pdf);
  const titles: string[] = [];
  let item = document.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookupMaybe(PDFName.of('First'), PDFDict);
  while (item) {
    titles.push(item.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText());
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  return titles;
}

/**
 * Where `texts` stand at consecutive tokens from `at` on, each text over one or more whole
 * tokens (a wrapped cell or paragraph is several): the index after the last, or -1. Whole tokens
 * only, so the value "0" is not found inside "105".
 */
function matchAt(tokens: Token[], at: number, texts: string[]): number {
  let next = at;
  for (const text of texts.map(compact)) {
    let read = '';
    while (read.length < text.length && next < tokens.length && text.startsWith(read + tokens[next]!.text)) read += tokens[next++]!.text;
    if (read !== text) return -1;
  }
  return next;
}

export interface Found {
  start: number;
  end: number;
  pages: number[];
}

/** The first place at or after `from` where the run stands, or undefined. */
export function findRun(tokens: Token[], from: number, texts: string[]): Found | undefined {
  for (let start = from; start < tokens.length; start++) {
    const end = matchAt(tokens, start, texts);
    if (end >= 0) return { start, end, pages: [...new Set(tokens.slice(start, end).map((token) => token.page))] };
  }
  return undefined;
}

/**
 * Finds each run after the one before it; throws naming the first run missing and what the
 * PDF has at that point. Returns where each run was found.
 */
export function findRunsInOrder(tokens: Token[], runs: string[][]): Found[] {
  const found: Found[] = [];
  let from = 0;
  for (const [index, texts] of runs.entries()) {
    const place = findRun(tokens, from, texts);
    if (!place) {
      const before = runs.slice(Math.max(0, index - 2), index).map((r) => r.join(' '));
      const next = tokens.slice(from, from + 20).map((token) => token.text).join(' ');
      throw new Error(`run ${index} [${texts.join(' ')}] not found after [${before.join(' | ')}]; the PDF goes on: ${next}`);
    }
    found.push(place);
    from = place.end;
  }
  return found;
}
