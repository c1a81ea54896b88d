/**
 * A PDF's text layer → lines, with Mozilla's PDF.js as unpdf ships it: a build for servers without
 * a canvas, a DOM or a worker thread (the parsing runs in this thread, bounded below), so the same
 * code reads PDFs on Node, Lambda and Workers, and installs 2 MB instead of pdfjs-dist's 41 MB and
 * its optional 33 MB canvas, which reading text never uses. Text items of a
 * page are grouped into lines by their baseline, in reading order; items on one line separated by
 * a visible gap (a table's cells) are joined by " | ". A PDF with no text at all (a scan) is
 * refused with a clear message, as are encrypted and damaged files, and, before pdf.js sees it,
 * one that declares or holds more objects than a report has.
 */
import { ImportInputError } from './errors';

/** Pages read at most: a report runs to a few dozen; more is not a report (or is hostile). */
const MAX_PAGES = 300;
/** Reading stops past this, however the file is built (a million tiny objects, say). */
const PDF_TIME_LIMIT_MS = 20_000;
/**
 * Objects a PDF may declare or hold. A report has a few thousand; pdf.js keeps an entry for each
 * object it indexes, and a million of them took 128 MiB, a Worker isolate's whole memory.
 */
const MAX_OBJECTS = 100_000;

/**
 * The most objects the file declares (a cross-reference stream's /Size or /Index, an object
 * stream's /N: their dictionaries are never compressed) or holds in plain view (`n g obj`), found
 * without parsing it. Buffer, as on Workers with nodejs_compat, reads the bytes as Latin-1.
 */
function objectCount(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let most = text.match(/\d+\s+\d+\s+obj\b/g)?.length ?? 0;
  for (const [, count] of text.matchAll(/\/(?:Size|N)\s+(\d+)/g)) most = Math.max(most, Number(count));
  for (const [, ranges] of text.matchAll(/\/Index\s*\[([\d\s]*)\]/g)) {
    const numbers = ranges!.trim().split(/\s+/).map(Number);
    most = Math.max(most, numbers.reduce((sum, number, i) => (i % 2 ? sum + number : sum), 0));
  }
  return most;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface PrintedLine {
  text: string;
  /** Starts right of the page's left edge: a paragraph's first line, a heading, a title. */
  indented: boolean;
  /** Ends well before the right edge: a paragraph's last line (or a heading). */
  short: boolean;
}

const PAGE_NUMBER = /^[—–-]\s*\d+\s*[—–-]$/;
/** A table row: cells apart, or several numbers. */
const TABLE_ROW = /\||(?:^|\s)\d+(?:\s+\d+)+(?:\s|$)/;

/**
 * Printed lines → the paragraphs they were set from: a paragraph's first line is indented (GB/T
 * 9704 sets a 2-character indent) and its last line stops short of the right edge, so a line that
 * starts at the left edge after a full line carries on the line before it, unless either is a
 * table row. Page numbers ("— 3 —") go.
 */
function reflow(lines: PrintedLine[]): string[] {
  const out: string[] = [];
  let runOn = false;
  for (const line of lines) {
    if (PAGE_NUMBER.test(line.text)) continue;
    if (runOn && !line.indented && out.length > 0) {
      const previous = out[out.length - 1]!;
      const space = /[\dA-Za-z]$/.test(previous) && /^[\dA-Za-z]/.test(line.text) ? ' ' : '';
      out[out.length - 1] = previous + space + line.text;
    } else out.push(line.text);
    runOn = !TABLE_ROW.test(line.text) && !line.short;
  }
  return out;
}

/** A space a justified line put beside a Chinese character or mark, which Chinese never sets. */
const SPREAD_SPACE = / (?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef]) /g;
const VALUE = /^(?:-?\d[\d.]*(?:万元|元)?|[\/—–-])$/;

interface Row {
  y: number;
  height: number;
  items: TextItem[];
}

const isValueRow = (row: Row) => row.items.filter((item) => VALUE.test(item.str.trim())).length >= 2;

/**
 * A table row's label wraps over several printed lines while its numbers sit once, centred: the
 * lines of label text between two rows of numbers are joined to the nearer row, and the
 * characters of a column set one per line (a vertical heading such as 三、本年度办理结果) dropped.
 */
function joinWrappedLabels(rows: Row[]): Row[] {
  const values = rows.map(isValueRow);
  const attached = new Map<number, Row[]>();
  const kept: Row[] = [];
  rows.forEach((row, i) => {
    if (values[i]) return;
    const above = values.lastIndexOf(true, i);
    const below = values.indexOf(true, i);
    if (above < 0 || below < 0 || rows[above]!.y - rows[below]!.y > 6 * row.height) return;
    const nearer = rows[above]!.y - row.y <= row.y - rows[below]!.y ? above : below;
    attached.set(nearer, [...(attached.get(nearer) ?? []), row]);
  });
  rows.forEach((row, i) => {
    if (values[i]) {
      const band = [...(attached.get(i) ?? []), row].sort((a, b) => b.y - a.y);
      const words = band.flatMap((r) => r.items.filter((item) => !VALUE.test(item.str.trim())));
      const labelLeft = Math.min(...words.filter((item) => item.str.trim().length > 1).map((item) => item.transform[4]!));
      const label = words.filter((item) => item.str.trim().length > 1 || item.transform[4]! >= labelLeft).map((item) => item.str.trim()).join('');
      const numbers = band.flatMap((r) => r.items.filter((item) => VALUE.test(item.str.trim()))).sort((a, b) => a.transform[4]! - b.transform[4]!);
      const labelX = Math.min(...words.map((item) => item.transform[4]!));
      const transform = [...row.items[0]!.transform];
      transform[4] = Number.isFinite(labelX) ? labelX : transform[4]! - 1;
      kept.push({ ...row, items: [{ ...numbers[0]!, str: label, transform, width: 0 }, ...numbers] });
    } else if (![...attached.values()].some((rs) => rs.includes(row))) kept.push(row);
  });
  return kept;
}

/** One page's items as lines: same baseline (within a third of the text height), left to right. */
function pageLines(items: TextItem[]): PrintedLine[] {
  // Items sorted by baseline, top first, then grouped in one pass (a page has thousands).
  let rows: Row[] = [];
  const sorted = items.filter((item) => item.str).sort((a, b) => b.transform[5]! - a.transform[5]!);
  for (const item of sorted) {
    const y = item.transform[5]!;
    const height = Math.abs(item.transform[3]!) || item.height || 10;
    const row = rows.at(-1);
    if (row && Math.abs(row.y - y) <= Math.max(row.height, height) / 3) row.items.push(item);
    else rows.push({ y, height, items: [item] });
  }
  rows.sort((a, b) => b.y - a.y);
  for (const row of rows) row.items.sort((a, b) => a.transform[4]! - b.transform[4]!);
  const left = Math.min(...rows.map((row) => row.items[0]!.transform[4]!));
  const indentation = new Map(rows.map((row) => [row, row.items[0]!.transform[4]! - left > row.height]));
  const rightOf = (row: Row) => Math.max(...row.items.map((item) => item.transform[4]! + item.width));
  const right = Math.max(...rows.map(rightOf));
  const shortness = new Map(rows.map((row) => [row, right - rightOf(row) > 2 * row.height]));
  rows = joinWrappedLabels(rows);
  return rows.map((row) => {
    let line = '';
    let end: number | undefined;
    for (const item of row.items) {
      const x = item.transform[4]!;
      const gap = end === undefined ? 0 : x - end;
      if (end !== undefined) line += gap > row.height * 1.5 ? ' | ' : gap > row.height * 0.6 || item.width === 0 ? ' ' : '';
      line += item.str;
      end = x + item.width;
    }
    return { text: line.replace(SPREAD_SPACE, '').trim(), indented: indentation.get(row) ?? false, short: shortness.get(row) ?? false };
  });
}

export async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const objects = objectCount(bytes);
  if (objects > MAX_OBJECTS) {
    throw new ImportInputError(`PDF 有 ${objects} 个对象，超过 ${MAX_OBJECTS} 个的上限，不像一份报告`, `the PDF has ${objects} objects, more than ${MAX_OBJECTS}: not a report`);
  }
  const pdfjs = await (await import('unpdf')).getResolvedPDFJS();
  const deadline = Date.now() + PDF_TIME_LIMIT_MS;
  const task = pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void task.destroy();
      reject(new ImportInputError(`PDF 在 ${PDF_TIME_LIMIT_MS / 1000} 秒内未能读完`, `the PDF could not be read within ${PDF_TIME_LIMIT_MS / 1000} s`));
    }, PDF_TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([read(task, deadline), timeout]);
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new ImportInputError('PDF 已加密，请提供未加密的文件', 'the PDF is encrypted; give an unencrypted file');
    throw new ImportInputError(`无法读取 PDF：${(error as Error).message}`, `the PDF cannot be read: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }
}

async function read(task: { promise: Promise<any> }, deadline: number): Promise<string[]> {
  const document = await task.promise;
  if (document.numPages > MAX_PAGES) throw new ImportInputError(`PDF 有 ${document.numPages} 页，超过 ${MAX_PAGES} 页的上限`, `the PDF has ${document.numPages} pages, more than ${MAX_PAGES}`);
  const lines: PrintedLine[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    if (Date.now() > deadline) throw new ImportInputError('PDF 读取超时', 'reading the PDF took too long');
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    lines.push(...pageLines(content.items as TextItem[]));
    page.cleanup();
  }
  if (lines.every((line) => line.text === '')) {
    throw new ImportInputError('PDF 没有文字层（可能是扫描件），无法读取文字；请提供带文字的 PDF、Word 文件或网页', 'the PDF has no text layer (a scan?): give a PDF with text, a Word file or the web page');
  }
  return reflow(lines.filter((line) => line.text !== ''));
}
