/**
 * Reduced faces: each bundled face cut down to the characters that nearly every report is written
 * in (COMMON_CODEPOINTS), every glyph at its own id (SubsetFace.reduce). A document whose
 * characters one covers gets its subset from it, byte for byte the subset that the whole face
 * gives (test/unit/fonts/reduced-faces.test.ts), so which of the two served a document never shows
 * in its PDF; a document with a character outside gets the whole face. The four faces that every
 * report prints with come to 13.5 instead of 59.6 MB, which a process reads into memory and keeps:
 * the first process to load a whole face writes its reduction (node-assets.ts, machine-cache.ts), and
 * later ones load that instead. Node-only.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { coversAll } from './codepoint-ranges';

/**
 * GB 2312's rows as Node's gbk decoder maps them (~7 480 characters: GB 2312's 6 763 hanzi and
 * its symbols, and the few that GBK added to those rows; the count depends on Node's ICU, and so
 * does the reductions' cache key), ASCII with its controls (an HTML's line breaks count,
 * charset.ts), Latin, general and CJK punctuation, and the full-width forms. Empty where Node was
 * built without ICU's gbk decoder: every document then gets the whole faces.
 */
function commonCodepoints(): ReadonlySet<number> {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder('gbk');
  } catch {
    return new Set();
  }
  const cells: number[] = [];
  for (let row = 0xa1; row <= 0xf7; row++) for (let cell = 0xa1; cell <= 0xfe; cell++) cells.push(row, cell);
  const codepoints = new Set<number>();
  // Each two-byte cell decodes to one BMP character; unassigned cells come out as private use.
  for (const char of decoder.decode(new Uint8Array(cells))) {
    const codepoint = char.codePointAt(0)!;
    if (codepoint !== 0xfffd && (codepoint < 0xe000 || codepoint > 0xf8ff)) codepoints.add(codepoint);
  }
  for (const [first, last] of [[0x0, 0x24f], [0x2000, 0x206f], [0x3000, 0x303f], [0xff00, 0xffef]] as const) {
    for (let codepoint = first; codepoint <= last; codepoint++) codepoints.add(codepoint);
  }
  return codepoints;
}

export const COMMON_CODEPOINTS = commonCodepoints();

/** COMMON_CODEPOINTS in a few bytes, for the reductions' cache keys. */
const COMMON_DIGEST = createHash('sha256').update([...COMMON_CODEPOINTS].join(',')).digest('hex');

export function coveredByCommon(codepoints: Iterable<number>): boolean {
  return coversAll(COMMON_CODEPOINTS, codepoints);
}

/**
 * Names how a reduction is made beyond the packages' versions: bump it when subset.ts's reduce or
 * the sfnt a face is read from (woff.ts) changes, so that no process loads a reduction made the old way.
 */
export const REDUCTION_FORMAT = 'reduction 1';

/**
 * Where the reduction of one face is kept: named by the face and by everything its bytes depend
 * on (the font package, its version and file, the subsetter's version and settings,
 * REDUCTION_FORMAT, COMMON_CODEPOINTS), so a change to any of them makes a new file instead of
 * reusing a stale one.
 */
export function reducedFacePath(cacheRoot: string, faceFile: string, dependsOn: readonly string[]): string {
  const hash = createHash('sha256').update([...dependsOn, COMMON_DIGEST].join('\n')).digest('hex').slice(0, 16);
  return join(cacheRoot, faceFile.replace(/\.ttf$/, `-${hash}.ttf`));
}
