/**
 * The finishing step: Chromium's PDF → the archival PDF. Sets the document information the
 * archive and screen readers rely on (Title, Author, Subject, Keywords, Lang), fixed Creator and
 * Producer strings, and CreationDate/ModDate from the report's publication date instead of the
 * print time, plus a document /ID derived from the content (ISO 32000-1 §14.4: the first element
 * identifies the file's content), and renumbers the DOM node ids that Chromium's tagged output
 * uses as table-header ids. Together these make the same JSON give a byte-identical PDF.
 * Pure bytes → bytes with pdf-lib; runtime-neutral (Web Crypto only).
 */
import { PDFDocument, PDFHexString } from 'pdf-lib';
import type { PdfMeta } from './printer';

export const PDF_CREATOR = 'nianbao';
export const PDF_PRODUCER = 'nianbao (Chromium, pdf-lib)';

/**
 * Written first as the /ID, then replaced in place by the hash of the whole file: the hash cannot
 * cover itself, and a same-length hex string keeps every byte offset in the xref valid.
 */
const ID_PLACEHOLDER = '6e69616e62616f2d69642d706c616365'; // "nianbao-id-place"
const ID_HEX_LENGTH = ID_PLACEHOLDER.length;

async function contentId(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest.subarray(0, ID_HEX_LENGTH / 2), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function replaceAll(bytes: Uint8Array, from: string, to: string): void {
  const replacement = new TextEncoder().encode(to);
  // windows-1252 decodes one byte to one UTF-16 unit, so string indices are byte offsets.
  const text = new TextDecoder('latin1').decode(bytes);
  let found = 0;
  for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length)) {
    bytes.set(replacement, at);
    found++;
  }
  if (found === 0) throw new Error('finishPdf: the /ID placeholder was not written');
}

/**
 * Chromium names each tagged table header `(node00000643)` after its DOM node id, which counts
 * up across every document a renderer process has seen, so a second print of the same HTML in
 * the same browser gets other numbers. Ranking them keeps their order (the /IDTree name tree must
 * stay sorted, ISO 32000-1 §7.9.6) and their length, so the bytes are patched in place.
 */
const NODE_ID = /\(node(\d{8})\)/g;

function renumberNodeIds(pdf: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(pdf);
  const ids = [...new Set(Array.from(text.matchAll(NODE_ID), (match) => Number(match[1])))].sort((a, b) => a - b);
  if (ids.length === 0) return pdf;
  const rank = new Map(ids.map((id, index) => [id, String(index + 1).padStart(8, '0')]));
  const patched = pdf.slice();
  const encoder = new TextEncoder();
  for (const match of text.matchAll(NODE_ID)) patched.set(encoder.encode(rank.get(Number(match[1]))!), match.index + 5);
  return patched;
}

export async function finishPdf(pdf: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  // pdf-lib yields to the event loop every 100 objects while parsing and every 50 while writing;
  // a tagged report has thousands of structure objects, so that alone cost ~200 ms at 60 pages.
  const document = await PDFDocument.load(renumberNodeIds(pdf), { updateMetadata: false, parseSpeed: Infinity });
  document.setTitle(meta.title, { showInWindowTitleBar: true });
  document.setAuthor(meta.author);
  document.setSubject(meta.subject);
  document.setKeywords(meta.keywords);
  document.setLanguage(meta.language);
  document.setCreator(PDF_CREATOR);
  document.setProducer(PDF_PRODUCER);
  document.setCreationDate(meta.date);
  document.setModificationDate(meta.date);
  const placeholder = PDFHexString.of(ID_PLACEHOLDER);
  document.context.trailerInfo.ID = document.context.obj([placeholder, placeholder]);

  const bytes = await document.save({ updateFieldAppearances: false, objectsPerTick: Infinity });
  const id = await contentId(bytes);
  replaceAll(bytes, ID_PLACEHOLDER, id);
  return bytes;
}
