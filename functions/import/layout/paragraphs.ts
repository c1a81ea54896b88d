/**
 * Blocks of prose → paragraphs. A block is set apart by a wider gap than its lines' pitch, so it
 * starts a paragraph; inside it a paragraph starts on a line indented from the page's text edge
 * (the two-character indent of 首行缩进) or after a line that stops short of the right edge. A
 * paragraph carried over a page break (its last line full, the next page's first not indented)
 * is one paragraph.
 */
import type { Block } from './blocks';
import { withoutSpreadSpaces, type Fragment } from './fragments';

export interface ProseBlock {
  block: Block;
  page: number;
}

/** The edges of a page's prose: the commonest left and right ends of its lines. */
export interface TextEdges {
  left: number;
  right: number;
}

function commonest(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value), (counts.get(Math.round(value)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** A page's text edges; on a page of short lines only, the furthest right any reaches. */
export function textEdges(blocks: Block[]): TextEdges {
  const lines = blocks.flatMap((block) => block.lines);
  const left = commonest(lines.map((line) => line.x)) ?? 0;
  const right = commonest(lines.filter((line) => line.right - line.x > 8 * line.size).map((line) => line.right)) ?? Math.max(0, ...lines.map((line) => line.right));
  return { left, right };
}

const indented = (line: Fragment, edges: TextEdges) => line.x - edges.left >= 1.2 * line.size;
const short = (line: Fragment, edges: TextEdges) => edges.right - line.right >= 1.5 * line.size;

function join(text: string, next: string): string {
  return text + (/[\dA-Za-z]$/.test(text) && /^[\dA-Za-z]/.test(next) ? ' ' : '') + next;
}

/** Consecutive prose blocks (no table between them) → paragraphs. */
export function paragraphsOf(blocks: ProseBlock[], edges: TextEdges[]): string[] {
  const paragraphs: string[] = [];
  let runsOn = false;
  let previousPage = -1;
  for (const { block, page } of blocks) {
    const pageEdges = edges[page]!;
    block.lines.forEach((line, i) => {
      // A block starts a paragraph, unless it carries one over a page break.
      const carried = runsOn && !indented(line, pageEdges) && (i > 0 || page !== previousPage);
      if (carried) paragraphs[paragraphs.length - 1] = join(paragraphs.at(-1)!, line.text);
      else paragraphs.push(line.text);
      runsOn = !short(line, pageEdges);
    });
    previousPage = page;
  }
  return paragraphs.map(withoutSpreadSpaces);
}
