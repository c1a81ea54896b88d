/**
 * The fonts a report is printed with, as the templates name them, the @font-face CSS that
 * declares them, and the port that answers their URLs (AssetSource). Runtime-neutral: only names,
 * URLs and types live here; fonts/node-assets.ts and fonts/cloudflare-assets.ts answer the URLs
 * with per-document subsets of bundled TrueType files, so no system font and no network is ever
 * involved (issue 3, "Fonts").
 *
 * GB/T 9704 sets the title in 小标宋, first-level headings in 黑体, second-level in 楷体 and the
 * body in 仿宋/宋体 (docs/format.md §7); the open substitutes bundled through npm are
 * Noto Serif SC 900, Noto Sans SC, LXGW WenKai and Noto Serif SC 400/700.
 */

import type { RunInLevel } from './blocks';

/**
 * The origin every bundled asset is served from inside the page. `.invalid` can never resolve
 * (RFC 2606 §2), so if a request ever escaped interception it would go nowhere.
 */
export const ASSET_ORIGIN = 'https://assets.nianbao.invalid';

/** A bundled file answered to the page from memory. */
export interface Asset {
  body: Uint8Array;
  contentType: string;
}

/**
 * The bundled assets of one document, by path relative to the document (`fonts/nb-serif-400.ttf`).
 * Built per document because fonts are subset to the characters of that document's HTML.
 */
export type DocumentAssets = (path: string) => Promise<Asset | undefined>;

export interface AssetSource {
  forDocument(html: string): DocumentAssets;
}

export type FontFamily = 'NB Serif' | 'NB Title' | 'NB Sans' | 'NB Kai';

export interface BundledFont {
  family: FontFamily;
  /** CSS font-weight descriptor: a single weight, or a range when the family has one face. */
  weight: string;
  /** File name under `fonts/`, relative to the document, which the printer serves. */
  file: string;
  /**
   * Where the templates draw with this face, as the opening tags they write (report.hbs,
   * partials/blocks.hbs, report.css): its subset holds only the characters inside those elements,
   * and the CSS names 'NB Serif' after it, so a character it lacks still prints in the body face,
   * never as a missing glyph. Absent: every character of the document, as for the body face and
   * the bold 黑体, which no template draws with today.
   */
  drawnIn?: readonly string[];
}

/** The opening tags of the headings of one numbering level: run in, and on a line of their own. */
function headingsOfLevel(level: RunInLevel): string[] {
  return [`<strong class="run-in level-${level}">`, `<p class="subheading level-${level}">`];
}

/** The face of the body text, which every report draws with. */
export const BODY_FACE: BundledFont = { family: 'NB Serif', weight: '400', file: 'nb-serif-400.ttf' };

/**
 * Single-face families declare the whole weight range so that a bold heading never gets a
 * synthetic (smeared) bold: the browser only synthesises bold when no face claims the weight.
 */
export const FONT_FACES: readonly BundledFont[] = [
  BODY_FACE,
  // Bold only sets off a heading without numbering (report.css, .level-unnumbered). Its family is
  // the body's, so a character missing here has no face to fall back on: bold text anywhere else
  // needs its element added to this scope.
  { family: 'NB Serif', weight: '700', file: 'nb-serif-700.ttf', drawnIn: headingsOfLevel('unnumbered') },
  { family: 'NB Title', weight: '100 900', file: 'nb-title-900.ttf', drawnIn: ['<header class="title">'] },
  { family: 'NB Sans', weight: '400', file: 'nb-sans-400.ttf', drawnIn: ['<h1>', ...headingsOfLevel('1')] },
  { family: 'NB Sans', weight: '700', file: 'nb-sans-700.ttf' },
  { family: 'NB Kai', weight: '100 900', file: 'nb-kai-400.ttf', drawnIn: headingsOfLevel('2') },
];

/** Where a face's file is fetched from, relative to the document (see `fontFaceCss`). */
export const fontPath = (face: BundledFont): string => `fonts/${face.file}`;

/**
 * The @font-face block the templates put in their <style>. URLs are relative to the document:
 * the printer loads each document at its own URL under ASSET_ORIGIN, so every document's fonts
 * have URLs of their own and a subset made for one document is never served from a cache to
 * another; an HTML preview works when the fonts sit in a `fonts/` folder beside it.
 */
export const FONT_FACE_CSS = FONT_FACES.map(
  (face) =>
    `@font-face{font-family:'${face.family}';font-style:normal;font-weight:${face.weight};` +
    `font-display:block;src:url(${fontPath(face)}) format('truetype')}`,
).join('\n');
