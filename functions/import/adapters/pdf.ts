/**
 * A PDF's text layer → lines, with Mozilla's PDF.js as unpdf ships it: a build for servers without
 * a canvas, a DOM or a worker thread (the parsing runs in this thread, bounded below), so the same
 * code reads PDFs on Node, Lambda and Workers, and installs 2 MB instead of pdfjs-dist's 41 MB and
 * its optional 33 MB canvas, which reading text never uses. This adapter only reads each page's
 * text items; the geometry that rebuilds paragraphs and table rows from their positions is the
 * pure ../layout. A PDF with no text at all (a scan) is refused with a clear message, as are
 * encrypted and damaged files, and, before pdf.js sees it, one that declares or holds more
 * objects than a report has.
 */
import { layoutLines, type PositionedText } from '../layout';
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
}

/** pdf.js's text items as the geometry reads them (layout/): baseline position, width, font size. */
function positioned(items: TextItem[]): PositionedText[] {
  return items
    .filter((item) => typeof item.str === 'string' && item.str !== '')
    .map((item) => ({ text: item.str, x: item.transform[4]!, y: item.transform[5]!, width: item.width, size: Math.hypot(item.transform[2]!, item.transform[3]!) || item.height || 10 }));
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
  const pages: PositionedText[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    if (Date.now() > deadline) throw new ImportInputError('PDF 读取超时', 'reading the PDF took too long');
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(positioned(content.items as TextItem[]));
    page.cleanup();
  }
  if (pages.every((items) => items.every((item) => item.text.trim() === ''))) {
    throw new ImportInputError('PDF 没有文字层（可能是扫描件），无法读取文字；请提供带文字的 PDF、Word 文件或网页', 'the PDF has no text layer (a scan?): give a PDF with text, a Word file or the web page');
  }
  return layoutLines(pages);
}
