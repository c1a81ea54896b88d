/**
 * The finishing step: Chromium's PDF → the archival PDF, as an incremental update (ISO 32000-1
 * §7.5.6) appended to Chromium's bytes. The update holds a new document information dictionary
 * (Title, Author, Subject, Keywords, fixed Creator and Producer, CreationDate/ModDate from the
 * report's publication date instead of the print time), a new catalog only if Chromium's /Lang is
 * not the report's language, and a trailer with a document /ID derived from the content (§14.4:
 * the first element identifies the file's content). In Chromium's own bytes, the DOM node ids it
 * uses as table-header ids are renumbered and its information dictionary (which holds the print
 * time) is blanked, both in place. Together these make the same JSON give a byte-identical PDF.
 *
 * Why not a full re-save with pdf-lib, as before: parsing and rewriting every tagged structure
 * object cost ~40 ms for the 7-page seed and ~260 ms for 60 pages, a third of the whole print,
 * while the update touches two objects. The price is size: pdf-lib packed the structure objects
 * into compressed object streams, so the seed grows from 174 to 279 KB (goal ≤ 300 KB).
 * Runtime-neutral (Web Crypto, and Buffer as nodejs_compat provides it on Workers).
 */
import type { PdfMeta, PrintedPdf } from './printer';
import { bytesToHex } from '../bytes';
import { readPdfLayout, UnexpectedPdf, type PdfLayout } from './pdf-xref';

export { UnexpectedPdf };

export const PDF_CREATOR = 'nianbao';
export const PDF_PRODUCER = 'nianbao (Chromium)';

/**
 * Written first as the /ID, then replaced in place by the hash of the whole file: the hash cannot
 * cover itself, and a same-length hex string keeps every byte offset valid.
 */
const ID_PLACEHOLDER = '6e69616e62616f2d69642d706c616365'; // "nianbao-id-place"

async function contentId(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return bytesToHex(digest.subarray(0, ID_PLACEHOLDER.length / 2));
}

/**
 * One character per byte. Buffer (Node, and Workers with nodejs_compat) rather than
 * TextDecoder('latin1'), which is windows-1252 in a slow path: ~10 ms of Node's main thread per
 * seed PDF against ~0.3 ms (--cpu-prof of 60 prints).
 */
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const ascii = (text: string) => new TextEncoder().encode(text);

/**
 * Chromium names each tagged table header `(node00000643)` after its DOM node id, which counts
 * up across every document a renderer process has seen, so a second print of the same HTML in
 * the same browser gets other numbers. Ranking them keeps their order (the /IDTree name tree must
 * stay sorted, ISO 32000-1 §7.9.6) and their length, so the bytes are patched in place.
 */
const NODE_ID = /\(node(\d{8})\)/g;

/** `value` in decimal over the bytes `start` to `end` (exclusive), zero-padded: no string per number. */
function writeDigits(bytes: Uint8Array, start: number, end: number, value: number): void {
  for (let at = end - 1; at >= start; at--, value = Math.floor(value / 10)) bytes[at] = 0x30 + (value % 10);
}

function renumberNodeIds(text: string, bytes: Uint8Array): void {
  const found = Array.from(text.matchAll(NODE_ID), (match) => {
    const start = match.index + '(node'.length;
    return { start, end: start + match[1]!.length, id: Number(match[1]) };
  });
  const ranked = [...new Set(found.map(({ id }) => id))].sort((a, b) => a - b);
  const rank = new Map(ranked.map((id, index) => [id, index + 1]));
  for (const { start, end, id } of found) writeDigits(bytes, start, end, rank.get(id)!);
}

/** Chromium's information dictionary holds the print time: overwritten by an empty one padded with spaces. */
function blankInfo(layout: PdfLayout, bytes: Uint8Array): void {
  const { dictStart, dictEnd } = layout.object(layout.info);
  bytes.set(ascii('<<>>'.padEnd(dictEnd - dictStart)), dictStart);
}

/** A PDF text string as UTF-16BE with its byte-order mark (§7.9.2.2), in hex: no escaping needed. */
function textString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** A PDF date (§7.9.4) in UTC. */
const pdfDate = (date: Date) => `(D:${date.toISOString().replace(/[-:T]|\.\d+Z$/g, '')}Z)`;

function infoDictionary(meta: PdfMeta): string {
  const entries: [string, string][] = [
    ['Title', textString(meta.title)],
    ['Author', textString(meta.author)],
    ['Subject', textString(meta.subject)],
    ['Keywords', textString(meta.keywords.join(' '))],
    ['Creator', textString(PDF_CREATOR)],
    ['Producer', textString(PDF_PRODUCER)],
    ['CreationDate', pdfDate(meta.date)],
    ['ModDate', pdfDate(meta.date)],
  ];
  return `<<${entries.map(([key, value]) => `/${key} ${value}`).join('\n')}>>`;
}

/** The catalog again with the report's /Lang, or undefined when Chromium already wrote that one. */
function catalogWithLanguage(catalog: string, language: string): string | undefined {
  if (!/\/Type\s*\/Catalog/.test(catalog)) throw new UnexpectedPdf('the trailer /Root is not a catalog');
  const lang = `/Lang ${textString(language)}`;
  if (catalog.includes(`/Lang (${language})`)) return undefined;
  return catalog.replace(/\/Lang\s*(\([^)]*\)|<[^>]*>)/, '').replace(/>>$/, `\n${lang}>>`);
}

/**
 * Chromium tags <strong> and <b> (the run-in headings) /Strong, and <em> /Em: PDF 2.0 types that
 * PDF 1.7, the version it declares, does not define, so readers drop the element and poppler
 * reports "StructElem object is wrong type (Strong)". A role map (ISO 32000-1 §14.7.3) maps them
 * to the standard inline type Span for PDF 1.7 readers; PDF 2.0 readers still see Strong and Em.
 */
const ROLE_MAP = '/RoleMap <</Strong /Span /Em /Span>>';

/**
 * The structure tree root with ROLE_MAP, or undefined for an untagged PDF. Copied from `revised`,
 * Chromium's bytes with node ids renumbered: the root may hold the /IDTree inline.
 */
function structTreeRootWithRoleMap(layout: PdfLayout, catalog: string, revised: Uint8Array): [number, string] | undefined {
  const rootRef = /\/StructTreeRoot\s+(\d+) 0 R/.exec(catalog);
  if (!rootRef) return undefined;
  const number = Number(rootRef[1]);
  const { dictStart, dictEnd } = layout.object(number);
  const dict = latin1(revised.subarray(dictStart, dictEnd));
  if (!/\/Type\s*\/StructTreeRoot/.test(dict)) throw new UnexpectedPdf('the catalog /StructTreeRoot is not a structure tree root');
  if (dict.includes('/RoleMap')) throw new UnexpectedPdf('the structure tree root has a /RoleMap already');
  return [number, dict.replace(/>>$/, `\n${ROLE_MAP}>>`)];
}

function pageCount(layout: PdfLayout, catalog: string): number {
  const pagesRef = /\/Pages\s+(\d+) 0 R/.exec(catalog);
  if (!pagesRef) throw new UnexpectedPdf('the catalog has no /Pages');
  const count = /\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/.exec(layout.object(Number(pagesRef[1])).dict);
  if (!count) throw new UnexpectedPdf('the page tree root has no /Count');
  return Number(count[1]);
}

/** The appended section: the changed objects, an xref table with one subsection each, the trailer. */
function incrementalUpdate(layout: PdfLayout, base: number, objects: Map<number, string>): string {
  let body = '\n';
  const entries: string[] = [];
  for (const [number, dict] of [...objects].sort(([a], [b]) => a - b)) {
    entries.push(`${number} 1\n${String(base + body.length).padStart(10, '0')} 00000 n \n`);
    body += `${number} 0 obj\n${dict}\nendobj\n`;
  }
  const xrefAt = base + body.length;
  const trailer =
    `trailer\n<</Size ${layout.size}\n/Root ${layout.root} 0 R\n/Info ${layout.info} 0 R\n` +
    `/ID [<${ID_PLACEHOLDER}> <${ID_PLACEHOLDER}>]\n/Prev ${layout.xrefOffset}>>\n`;
  return `${body}xref\n${entries.join('')}${trailer}startxref\n${xrefAt}\n%%EOF\n`;
}

export async function finishPdf(chromiumPdf: Uint8Array, meta: PdfMeta): Promise<Omit<PrintedPdf, 'printedBy'>> {
  const text = latin1(chromiumPdf);
  const layout = readPdfLayout(text);
  const catalog = layout.object(layout.root).dict;
  const pages = pageCount(layout, catalog);

  // Chromium's bytes patched in place; the update copies the structure tree root from them.
  const revised = chromiumPdf.slice();
  renumberNodeIds(text, revised);
  blankInfo(layout, revised);

  const changed = new Map([[layout.info, infoDictionary(meta)]]);
  const newCatalog = catalogWithLanguage(catalog, meta.language);
  if (newCatalog) changed.set(layout.root, newCatalog);
  const structTreeRoot = structTreeRootWithRoleMap(layout, catalog, revised);
  if (structTreeRoot) changed.set(...structTreeRoot);
  const update = ascii(incrementalUpdate(layout, chromiumPdf.byteLength, changed));

  const pdf = new Uint8Array(chromiumPdf.byteLength + update.byteLength);
  pdf.set(revised);
  pdf.set(update, chromiumPdf.byteLength);
  const id = ascii(await contentId(pdf));
  const idAt = chromiumPdf.byteLength + latin1(update).indexOf(ID_PLACEHOLDER);
  pdf.set(id, idAt);
  pdf.set(id, idAt + ID_PLACEHOLDER.length + 3);
  return { pdf, pages };
}
