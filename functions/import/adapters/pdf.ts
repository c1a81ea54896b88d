/**
 * A PDF's text layer → lines, with pdfjs-dist (Mozilla's PDF.js; the legacy build, which runs on
 * Node without a worker thread: the parsing runs in this thread, bounded below). This adapter only
 * reads each page's text items; the geometry that rebuilds paragraphs and table rows from their
 * positions is the pure ../layout. A PDF with no text at all (a scan) is refused with a clear
 * message, as are encrypted and damaged files.
 */
import { layoutLines, type PositionedText } from '../layout';
import { ImportInputError } from './errors';

/** Pages read at most: a report runs to a few dozen; more is not a report (or is hostile). */
const MAX_PAGES = 300;
/** Reading stops past this, however the file is built (a million tiny objects, say). */
const PDF_TIME_LIMIT_MS = 20_000;

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
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const deadline = Date.now() + PDF_TIME_LIMIT_MS;
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
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
