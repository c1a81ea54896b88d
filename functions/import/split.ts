/**
 * Cells from the values a row printed. When the extraction ran a row's cells together
 * ("220000325"), every way of cutting the runs into the row's number of cells is a candidate; a
 * cell never starts with 0 unless it is 0, never holds a space, and only the last cell of a run
 * may carry a unit. The table's arithmetic then chooses among the candidates (requests-table.ts, reviews-table.ts).
 */
import type { ValueToken } from './runs';

export type CellText = string | null;
/** Whether `text` can be the cell at `index` of the row. */
export type CellCheck = (text: string, index: number) => boolean;

export const COUNT = /^(?:0|[1-9]\d*)$/;
export const SIGNED = /^-?(?:0|[1-9]\d*)$/;
export const AMOUNT = /^(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?$/;

/** Past this many candidates a row is left for a person rather than searched further. */
const MAX_CANDIDATES = 2_000;

/** Every way to read `tokens` as exactly `count` cells, up to MAX_CANDIDATES. */
export function candidateCells(
  tokens: ValueToken[],
  count: number,
  check: CellCheck,
  /** Called with the cells so far after each cell: false prunes (e.g. a group that does not add up). */
  holds: (cells: CellText[]) => boolean = () => true,
): CellText[][] {
  const results: CellText[][] = [];
  const cells: CellText[] = [];
  const digitsLeft = tokens.map((_, i) => tokens.slice(i).reduce((n, t) => n + (t.kind === 'value' ? (t.whole ? 1 : t.text.length) : 1), 0));

  const visit = (tokenIndex: number) => {
    if (results.length >= MAX_CANDIDATES) return;
    if (tokenIndex === tokens.length) {
      if (cells.length === count) results.push([...cells]);
      return;
    }
    const remainingTokens = tokens.length - tokenIndex;
    if (cells.length + remainingTokens > count || cells.length + digitsLeft[tokenIndex]! < count) return;
    const token = tokens[tokenIndex]!;
    if (token.kind === 'blank') {
      cells.push(null);
      if (holds(cells)) visit(tokenIndex + 1);
      cells.pop();
      return;
    }
    if (token.whole) {
      if (!check(token.text, cells.length)) return;
      cells.push(token.text);
      if (holds(cells)) visit(tokenIndex + 1);
      cells.pop();
      return;
    }
    cutRun(token.text, 0, tokenIndex);
  };

  const cutRun = (run: string, from: number, tokenIndex: number) => {
    if (results.length >= MAX_CANDIDATES) return;
    if (from === run.length) {
      visit(tokenIndex + 1);
      return;
    }
    for (let end = from + 1; end <= run.length; end++) {
      const piece = run.slice(from, end);
      if (cells.length >= count) return;
      if (!check(piece, cells.length)) continue;
      cells.push(piece);
      if (holds(cells)) cutRun(run, end, tokenIndex);
      cells.pop();
    }
  };

  visit(0);
  return results;
}

/**
 * A row printed cell by cell with fewer cells than it has (a table too wide for its page, cut at
 * the edge): the cells printed, left to right, and the rest unknown (`missing` of them).
 */
export function printedCells(tokens: ValueToken[], count: number, check: CellCheck): { cells: CellText[]; missing: number } | undefined {
  if (tokens.length === 0 || tokens.length >= count || tokens.some((t) => t.kind === 'value' && !t.whole)) return undefined;
  const cells = tokens.map((t) => (t.kind === 'value' ? t.text : null));
  if (cells.some((cell, i) => cell !== null && !check(cell, i))) return undefined;
  return { cells: [...cells, ...Array<CellText>(count - cells.length).fill(null)], missing: count - cells.length };
}

export function countOf(cell: CellText): number | null {
  return cell === null ? null : Number(cell);
}
