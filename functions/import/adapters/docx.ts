/**
 * A Word file (.docx) → lines, with mammoth (DOCX → semantic HTML: paragraphs, headings, bold
 * runs, tables as tables) and then the web-page adapter, so a Word file is read exactly as a page
 * is. Images are left out (the importer reads text). Before mammoth unzips anything the zip's
 * directory is read: a file that would inflate past the limit, or inflate more than a real Word
 * file does (a zip bomb), is refused.
 */
import mammoth from 'mammoth';
import { ImportInputError } from './errors';
import { htmlLines } from './html';

/** Uncompressed size a report's .docx never reaches (text and a few images). */
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;
/** Deflate shrinks XML about 10×; 200× is a bomb, not a document. */
const MAX_RATIO = 200;

/** Total uncompressed and compressed sizes the zip's central directory declares. */
function zipSizes(bytes: Uint8Array): { unzipped: number; zipped: number; entries: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportInputError('这不是有效的 Word (.docx) 文件', 'this is not a valid Word (.docx) file');
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let unzipped = 0;
  let zipped = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new ImportInputError('Word 文件已损坏', 'the Word file is damaged');
    }
    zipped += view.getUint32(offset + 20, true);
    unzipped += view.getUint32(offset + 24, true);
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { unzipped, zipped, entries };
}

export async function docxLines(bytes: Uint8Array): Promise<string[]> {
  const { unzipped, zipped } = zipSizes(bytes);
  if (unzipped > MAX_UNZIPPED_BYTES || unzipped > MAX_RATIO * Math.max(zipped, 1024)) {
    throw new ImportInputError(`Word 文件解压后有 ${unzipped} 字节，不像一份报告（可能是压缩炸弹）`, `the Word file unzips to ${unzipped} bytes: not a report (a zip bomb?)`);
  }
  let html: string;
  try {
    // mammoth's Node build reads `buffer`, its browser build (the one wrangler bundles into the
    // Worker, where nodejs_compat defines Buffer too) `arrayBuffer`; both unzip the same bytes.
    const arrayBuffer = bytes.slice().buffer as ArrayBuffer;
    const result = await mammoth.convertToHtml(
      { buffer: arrayBuffer, arrayBuffer } as unknown as Parameters<typeof mammoth.convertToHtml>[0],
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    html = result.value;
  } catch (error) {
    throw new ImportInputError(`无法读取 Word 文件：${(error as Error).message}`, `the Word file cannot be read: ${(error as Error).message}`);
  }
  return htmlLines(html);
}
