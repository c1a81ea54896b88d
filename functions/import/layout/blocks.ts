/**
 * Fragments → blocks → bands. A block is the text of one paragraph or one table cell: fragments
 * stacked one under the other at the text's line pitch, overlapping across. A band is the blocks
 * of a page whose heights overlap: a paragraph alone, or a table's row (or rows, where a cell
 * spans several) side by side.
 */
import { NUMBERED } from '../text';
import type { Fragment } from './fragments';

export interface Block {
  /** Its lines, top first. */
  lines: Fragment[];
  x: number;
  right: number;
  /** Baselines of its first and last lines. */
  top: number;
  bottom: number;
  size: number;
  value: boolean;
}

const sizeKey = (size: number) => Math.round(size * 2) / 2;
const overlaps = (a: { x: number; right: number }, b: { x: number; right: number }) => Math.min(a.right, b.right) - Math.max(a.x, b.x) > 0;

/**
 * The line pitch of each font size: the commonest distance from a fragment to the nearest one
 * under it that it overlaps (lines of a paragraph, or of a cell), to half a point.
 */
export function linePitches(pages: Fragment[][][]): Map<number, number> {
  const counts = new Map<number, Map<number, number>>();
  for (const lines of pages) {
    const fragments = lines.flat();
    for (const upper of fragments) {
      let nearest = Infinity;
      for (const lower of fragments) {
        const distance = upper.y - lower.y;
        if (distance >= 0.8 * upper.size && distance < nearest && sizeKey(lower.size) === sizeKey(upper.size) && overlaps(upper, lower)) nearest = distance;
      }
      if (nearest > 3 * upper.size) continue;
      const key = sizeKey(upper.size);
      const bySize = counts.get(key) ?? new Map<number, number>();
      const rounded = Math.round(nearest * 2) / 2;
      bySize.set(rounded, (bySize.get(rounded) ?? 0) + 1);
      counts.set(key, bySize);
    }
  }
  // The shortest distance that is common: in a table, the next row is often nearer than the
  // next line of a wrapped cell is frequent, and the row's distance must not pass for the pitch.
  const pitches = new Map<number, number>();
  for (const [key, bySize] of counts) {
    const common = Math.max(...bySize.values()) * 0.1;
    pitches.set(key, Math.min(...[...bySize].filter(([distance, n]) => distance >= key && n >= Math.max(3, common)).map(([distance]) => distance)));
  }
  for (const [key, pitch] of pitches) if (!Number.isFinite(pitch)) pitches.delete(key);
  return pitches;
}

export const pitchOf = (pitches: Map<number, number>, size: number) => pitches.get(sizeKey(size)) ?? 1.5 * size;
/** How far below a line the next line of its paragraph or cell can be. */
const reachOf = (pitches: Map<number, number>, size: number) => pitchOf(pitches, size) + 0.3 * size;

function blockOf(fragment: Fragment): Block {
  return { lines: [fragment], x: fragment.x, right: fragment.right, top: fragment.y, bottom: fragment.y, size: fragment.size, value: fragment.value };
}

function extend(block: Block, fragment: Fragment): void {
  block.lines.push(fragment);
  block.x = Math.min(block.x, fragment.x);
  block.right = Math.max(block.right, fragment.right);
  block.bottom = fragment.y;
}

/**
 * A number wrapped in its cell ("2" over "6") is told from the numbers of two rows by the row's
 * other numbers: one set on a single line is centred between the wrapped lines.
 */
function centredBetween(upper: Fragment, lower: Fragment, lines: Fragment[][]): boolean {
  const middle = (upper.y + lower.y) / 2;
  return lines.some((line) => line.some((f) => f.value && Math.abs(f.y - middle) <= 0.3 * f.size && !overlaps(f, lower)));
}

/**
 * A page's lines → blocks. A fragment carries on the block above it when it is the next line at
 * the pitch (a paragraph's spacing or a table's cell padding makes a wider gap), overlaps that
 * block's last line and nothing else does, is of the same kind (text under text, a number under a
 * number) and does not open with numbering. A number carries on only on a line that opens no new
 * text block, beside a number centred between its lines: a number wrapped in a narrow cell ("2"
 * over "6"), not the next row's.
 */
export function blocksOf(lines: Fragment[][], pitches: Map<number, number>): Block[] {
  const blocks: Block[] = [];
  const above = (fragment: Fragment, line: Fragment[]) => {
    const reach = reachOf(pitches, fragment.size);
    const candidates = blocks.filter((block) => {
      const last = block.lines.at(-1)!;
      const distance = last.y - fragment.y;
      return distance >= 0.5 * fragment.size && distance <= reach && Math.abs(last.size - fragment.size) < 0.1 * fragment.size && overlaps(last, fragment);
    });
    if (candidates.length !== 1) return undefined;
    const block = candidates[0]!;
    const last = block.lines.at(-1)!;
    if (block.value !== fragment.value || line.some((other) => other !== fragment && overlaps(other, last))) return undefined;
    // Nothing in between: a line of another cell under the block's last line ends it.
    if (blocks.some((other) => other !== block && other.lines.some((f) => f.y < last.y && f.y > fragment.y && overlaps(f, fragment)))) return undefined;
    return block;
  };
  /**
   * A justified line of a narrow cell spreads its few characters across the cell ("纳      费"):
   * text fragments that all fall under one block's last line, at the pitch, are one fragment.
   */
  const spread = (line: Fragment[]) => {
    const joined: Fragment[] = [];
    for (const fragment of line) {
      const previous = joined.at(-1);
      const under = previous && !previous.value && !fragment.value && fragment.x - previous.right <= 2 * fragment.size
        ? blocks.find((block) => {
            const last = block.lines.at(-1)!;
            const distance = last.y - fragment.y;
            return !block.value && distance >= 0.5 * fragment.size && distance <= reachOf(pitches, fragment.size) && last.x <= previous.x + 0.5 * fragment.size && last.right >= fragment.right - 0.5 * fragment.size;
          })
        : undefined;
      if (under) joined[joined.length - 1] = { ...previous!, text: previous!.text + fragment.text, right: fragment.right };
      else joined.push(fragment);
    }
    return joined;
  };
  for (const printed of lines) {
    const line = spread(printed);
    let opensText = false;
    const continued = new Map<Fragment, Block>();
    for (const fragment of line.filter((f) => !f.value)) {
      const block = NUMBERED.test(fragment.text) ? undefined : above(fragment, line);
      if (block) continued.set(fragment, block);
      else opensText = true;
    }
    for (const fragment of line.filter((f) => f.value)) {
      const block = opensText ? undefined : above(fragment, line);
      if (block && centredBetween(block.lines.at(-1)!, fragment, lines)) continued.set(fragment, block);
    }
    for (const fragment of line) {
      const block = continued.get(fragment);
      if (block) extend(block, fragment);
      else blocks.push(blockOf(fragment));
    }
  }
  return blocks;
}

/** The height a block's text takes: from its last baseline's descent to its first line's ascent. */
export const spanOf = (block: Block) => ({ low: block.bottom - 0.25 * block.size, high: block.top + 0.85 * block.size });

/** A page's blocks grouped into bands of overlapping height, top first. */
export function bandsOf(blocks: Block[]): Block[][] {
  const sorted = [...blocks].sort((a, b) => spanOf(b).high - spanOf(a).high);
  const bands: { low: number; blocks: Block[] }[] = [];
  for (const block of sorted) {
    const span = spanOf(block);
    const band = bands.at(-1);
    if (band && span.high > band.low + 0.1 * block.size) {
      band.blocks.push(block);
      band.low = Math.min(band.low, span.low);
    } else bands.push({ low: span.low, blocks: [block] });
  }
  return bands.map((band) => band.blocks);
}

/** A block's text: a number's pieces run together, words' pieces with a space between letters. */
export function textOf(block: Block): string {
  let text = '';
  for (const line of block.lines) {
    const space = !block.value && /[\dA-Za-z]$/.test(text) && /^[\dA-Za-z]/.test(line.text);
    text += (space ? ' ' : '') + line.text;
  }
  return text;
}
