/**
 * Positioned text (what a PDF's text layer gives: strings with a baseline position, a width and a
 * font size) → printed lines of fragments. A line is the items on one baseline; a fragment is a
 * run of items on a line with no gap wider than a little over half a character, so a table's
 * cells are fragments of their own while a line of prose, however its items were cut, is one.
 */

/** One piece of text as the page sets it. `y` is the baseline, growing upwards (PDF space). */
export interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  /** The font size: the height of a full-width character. */
  size: number;
}

export interface PrintedPage {
  width: number;
  height: number;
  items: PositionedText[];
}

export interface Fragment {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** A number (with its unit) or a mark for none ("/", "—"): a table's value. */
  value: boolean;
}

/** Items on one baseline: within this share of the font size. */
const SAME_LINE = 0.3;
/** Items further apart than this share of the font size are separate fragments (table cells). */
const FRAGMENT_GAP = 0.6;
/** A gap this wide between two letters or digits is a space. */
const WORD_GAP = 0.25;
const VALUE = /^(?:-?\d+(?:\.\d+)?(?:万元|元)?|[\/—–\-－―]+)$/;
const FULL_WIDTH = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60\u3000-\u303F]/;
const WORD_CHAR = /[\dA-Za-z]/;

/**
 * Where each character of an item starts: full-width characters take the font size, the others
 * share what is left of the item's width (good enough to find the space a glyph was set over).
 */
function characterStarts(item: PositionedText): number[] {
  const characters = [...item.text];
  const full = characters.filter((c) => FULL_WIDTH.test(c)).length;
  const other = characters.length - full;
  const otherWidth = other > 0 ? Math.max(0, item.width - full * item.size) / other : 0;
  const starts: number[] = [];
  let x = item.x;
  for (const c of characters) {
    starts.push(x);
    x += FULL_WIDTH.test(c) ? item.size : otherWidth;
  }
  return starts;
}

/**
 * A glyph set over another item's text: some writers (LibreOffice) set curly quotes in another
 * font, as items of their own placed over spaces left for them in the line's text. The glyph
 * goes into the space nearest to it; a copy of text already there (a bold drawn twice) goes.
 */
function overlay(host: PositionedText, glyph: PositionedText): string {
  const characters = [...host.text];
  const starts = characterStarts(host);
  let best = -1;
  for (let i = 0; i < characters.length; i++) {
    if (/\s/.test(characters[i]!) && (best < 0 || Math.abs(starts[i]! - glyph.x) < Math.abs(starts[best]! - glyph.x))) best = i;
  }
  if (best >= 0 && Math.abs(starts[best]! - glyph.x) < glyph.size * 0.6) {
    characters[best] = glyph.text;
    return characters.join('');
  }
  const at = starts.findIndex((start) => start >= glyph.x - 0.5);
  const index = at < 0 ? characters.length : at;
  if (characters.slice(index, index + [...glyph.text].length).join('') === glyph.text) return host.text;
  characters.splice(index, 0, glyph.text);
  return characters.join('');
}

const isSpace = (item: PositionedText) => item.text.trim() === '';

/**
 * One line's items, left to right, with glyphs set over other items put into their text. A space
 * the text layer gives as an item of its own stays as a space (the gap it spans is no text).
 */
function mergeOverlays(items: PositionedText[]): PositionedText[] {
  const kept: PositionedText[] = [];
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    const host = [...kept].reverse().find((k) => !isSpace(k));
    const centre = item.x + item.width / 2;
    const over = host && item.x >= host.x - 0.5 && centre < host.x + host.width - 0.5;
    if (over && !isSpace(item)) kept[kept.lastIndexOf(host)] = { ...host, text: overlay(host, item) };
    else if (!over) kept.push(item);
  }
  return kept;
}

function fragmentsOf(items: PositionedText[]): Fragment[] {
  const fragments: Fragment[] = [];
  let open: Omit<Fragment, 'value'> | undefined;
  let spaced = false;
  const close = () => open && fragments.push({ ...open, text: open.text.trim(), value: VALUE.test(open.text.replace(/\s+/g, '')) });
  for (const item of mergeOverlays(items)) {
    if (isSpace(item)) {
      spaced = true;
      continue;
    }
    const gap = open ? item.x - open.right : Infinity;
    if (open && gap <= FRAGMENT_GAP * Math.max(open.size, item.size)) {
      const space = spaced || (gap > WORD_GAP * item.size && WORD_CHAR.test(open.text.at(-1)!) && WORD_CHAR.test(item.text[0]!));
      open.text += (space ? ' ' : '') + item.text;
      open.right = Math.max(open.right, item.x + item.width);
    } else {
      close();
      open = { text: item.text, x: item.x, right: item.x + item.width, y: item.y, size: item.size };
    }
    spaced = false;
  }
  close();
  return fragments;
}

/** A page's items as lines, top first, each a list of fragments left to right. */
export function linesOf(items: PositionedText[]): Fragment[][] {
  const sorted = items.filter((item) => item.text !== '').sort((a, b) => b.y - a.y);
  const lines: PositionedText[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    if (line && line[0]!.y - item.y <= SAME_LINE * Math.max(line[0]!.size, item.size)) line.push(item);
    else lines.push([item]);
  }
  return lines.map(fragmentsOf).filter((line) => line.length > 0);
}
