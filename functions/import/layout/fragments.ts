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
/** Pieces this close touch: set as one run of text. */
const TOUCHING = 0.1;
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

interface Piece {
  item: PositionedText;
  /** A space (an item of its own, or inside the item) comes before it. */
  spaced: boolean;
}

/** An item cut at the spaces inside it (a text layer puts one where it sees a gap). */
function piecesOf(item: PositionedText, spaced: boolean): Piece[] {
  const characters = [...item.text];
  const starts = characterStarts(item);
  const pieces: Piece[] = [];
  let from = -1;
  for (let i = 0; i <= characters.length; i++) {
    const space = i === characters.length || /\s/.test(characters[i]!);
    if (!space && from < 0) from = i;
    if (space && from >= 0) {
      const right = i === characters.length ? item.x + item.width : starts[i]!;
      pieces.push({ item: { ...item, text: characters.slice(from, i).join(''), x: starts[from]!, width: right - starts[from]! }, spaced: pieces.length > 0 || spaced });
      from = -1;
    }
  }
  return pieces;
}

/**
 * A run of pieces set close together, cut where a table's cells sit too close for a gap to tell
 * them apart (a header squeezed into a narrow page): when the pieces mostly touch and the few
 * spaces between them all fall between Chinese characters, the spaces are the cells' edges. A
 * justified line spaces every character alike, and stays whole.
 */
function cellsOf(run: Piece[]): Piece[][] {
  const joins = run.slice(1).map((piece, i) => ({ at: i + 1, spaced: piece.spaced || piece.item.x - (run[i]!.item.x + run[i]!.item.width) > TOUCHING * piece.item.size, between: FULL_WIDTH.test(run[i]!.item.text.at(-1)!) && FULL_WIDTH.test(piece.item.text[0]!) }));
  const spaced = joins.filter((join) => join.spaced);
  const touching = joins.length - spaced.length + run.reduce((n, piece) => n + [...piece.item.text].length - 1, 0);
  if (spaced.length === 0 || touching < spaced.length || spaced.some((join) => !join.between)) return [run];
  const cells: Piece[][] = [];
  let from = 0;
  for (const join of [...spaced, { at: run.length }]) {
    cells.push(run.slice(from, join.at));
    from = join.at;
  }
  return cells;
}

function fragmentOf(pieces: Piece[]): Fragment {
  let text = '';
  for (const [i, { item, spaced }] of pieces.entries()) {
    const previous = pieces[i - 1]?.item;
    const gap = previous ? item.x - (previous.x + previous.width) : 0;
    const space = i > 0 && (spaced || (gap > WORD_GAP * item.size && WORD_CHAR.test(previous!.text.at(-1)!) && WORD_CHAR.test(item.text[0]!)));
    text += (space ? ' ' : '') + item.text;
  }
  const first = pieces[0]!.item;
  return { text, x: first.x, right: Math.max(...pieces.map((p) => p.item.x + p.item.width)), y: first.y, size: first.size, value: VALUE.test(text.replace(/\s+/g, '')) };
}

function fragmentsOf(items: PositionedText[]): Fragment[] {
  const runs: Piece[][] = [];
  let space: PositionedText | undefined;
  for (const item of mergeOverlays(items)) {
    if (isSpace(item)) {
      space = item;
      continue;
    }
    // A space item counts where it lies between two pieces, not where it spans text (a quote's run).
    const spaced = space !== undefined && item.x >= space.x + space.width / 2;
    for (const piece of piecesOf(item, spaced)) {
      const run = runs.at(-1);
      const last = run?.at(-1)?.item;
      if (run && last && piece.item.x - (last.x + last.width) <= FRAGMENT_GAP * Math.max(last.size, piece.item.size)) run.push(piece);
      else runs.push([{ ...piece, spaced: false }]);
    }
    space = undefined;
  }
  return runs.flatMap(cellsOf).map(fragmentOf);
}

const SPREAD_SPACE = / (?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef]) /g;
/** Text without the spaces a justified line spread beside Chinese characters, which Chinese never sets. */
export const withoutSpreadSpaces = (text: string) => text.replace(SPREAD_SPACE, '').trim();

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
