/**
 * Which characters a document can show, taken from its HTML: every code point of the source
 * (text, attribute values and CSS `content` strings alike) plus decoded numeric character
 * references. Markup is ASCII, and printable ASCII is always kept anyway (page numbers, list
 * markers, text the template adds), so over-counting costs a few glyphs and never a tofu box.
 * A face that the templates use only in some elements (BundledFont.drawnIn) gets the characters
 * of those elements alone, so the browser receives, decodes and sanitises far less font per
 * document (the seed report's four faces: 698 → 234 KB).
 * Runtime-neutral.
 */
import type { AssetSource, BundledFont } from '../render/assets';

/** Characters kept in every subset whatever the HTML says: printable ASCII and the spaces and
 * dashes of Chinese official typography (U+2014 for the "— 1 —" page number, GB/T 9704 §7.5). */
const ALWAYS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, index) => 0x20 + index),
  0xa0, 0x2014, 0x2015, 0x3000,
];

const NUMERIC_REFERENCE = /&#(?:x([0-9a-f]+)|([0-9]+));/gi;

export function codepointsOf(html: string): Set<number> {
  const codepoints = new Set<number>(ALWAYS);
  for (let index = 0; index < html.length; index++) {
    const codepoint = html.codePointAt(index)!;
    codepoints.add(codepoint);
    if (codepoint > 0xffff) index++;
  }
  for (const [, hex, decimal] of html.matchAll(NUMERIC_REFERENCE)) {
    codepoints.add(hex ? Number.parseInt(hex, 16) : Number(decimal));
  }
  return codepoints;
}

/**
 * The content of every element that one of `openingTags` opens, up to that element's first closing
 * tag (the templates never nest an element in one of its own kind there).
 */
export function drawnText(html: string, openingTags: readonly string[]): string {
  let text = '';
  for (const tag of openingTags) {
    const closing = `</${/^<([a-z0-9]+)/i.exec(tag)![1]}>`;
    for (let at = html.indexOf(tag); at !== -1; at = html.indexOf(tag, at + tag.length)) {
      const end = html.indexOf(closing, at);
      text += html.slice(at + tag.length, end === -1 ? undefined : end);
    }
  }
  return text;
}

/** The characters one face must hold to print this document. */
export function faceCodepointsOf(html: string, face: BundledFont): Set<number> {
  return codepointsOf(face.drawnIn ? drawnText(html, face.drawnIn) : html);
}

/**
 * faceCodepointsOf for one document, each distinct scope worked out once: the body face and the
 * bold 黑体 both take the whole document, which a document's font requests would otherwise read
 * again for each of them.
 */
export function faceCodepointsFor(html: string): (face: BundledFont) => Set<number> {
  const byScope = new Map<string, Set<number>>();
  return (face) => {
    const scope = face.drawnIn?.join('\n') ?? '';
    let codepoints = byScope.get(scope);
    if (!codepoints) byScope.set(scope, (codepoints = faceCodepointsOf(html, face)));
    return codepoints;
  };
}

/**
 * The AssetSource both printers share: each face under its path, cut per document to the
 * characters the document shows in it by `subset` (node-assets.ts, cloudflare-assets.ts).
 */
export function subsettingAssets<Face>(
  faces: ReadonlyMap<string, Face>,
  fontOf: (face: Face) => BundledFont,
  subset: (face: Face, codepoints: Set<number>) => Promise<Uint8Array>,
): AssetSource {
  return {
    forDocument(html) {
      const codepointsOf = faceCodepointsFor(html);
      return async (path) => {
        const face = faces.get(path);
        if (!face) return undefined;
        return { body: await subset(face, codepointsOf(fontOf(face))), contentType: 'font/ttf' };
      };
    },
  };
}
