/**
 * Runs matched to the rows a table should have, in order: each labelled run goes to the row
 * among the next few whose label best matches the end of its text, so a missing row, a row
 * printed twice or a heading between rows does not shift the rows after it. A run of blanks
 * whose label is a group's label ("（五）不予处理" set on a line of its own beside blank rows)
 * is that heading, not a row.
 */
import { bestSuffix } from './fuzzy';
import type { Run, ValueToken } from './runs';
import type { CellCheck, CellText } from './split';
import { candidateCells, printedCells } from './split';
import { wordingDiffers } from './text';

export interface ExpectedRow {
  /** Label id (labels.ts, labelId). */
  id: string;
  label: string;
  cells: number;
  check: CellCheck;
  /** Prunes impossible readings as cells are cut (e.g. a total that is not the sum). */
  holds?: (cells: CellText[]) => boolean;
}

export interface MatchedRow {
  printed: string;
  values: ValueToken[];
  candidates: CellText[][];
  /** Cells the row does not print (cut off with the table's right edge): read as unknown. */
  missing: number;
}

const WINDOW = 8;
const printedValues = (values: ValueToken[]) => values.map((v) => (v.kind === 'value' ? v.text : '—')).join(' ');
const MIN_SCORE = 0.6;

export interface RowMatches {
  rows: (MatchedRow | undefined)[];
  /** Text of the runs that is not a row label: headings, group labels, notes. */
  leftovers: string[];
  /** Runs that match no row, quoted. */
  unplaced: string[];
  printedLabels: Record<string, string>;
}

/** `groups`: labels printed over several rows, never rows themselves. */
export function matchRows(runs: Run[], expected: ExpectedRow[], groups: string[] = []): RowMatches {
  const rows: (MatchedRow | undefined)[] = expected.map(() => undefined);
  const leftovers: string[] = [];
  const unplaced: string[] = [];
  const printedLabels: Record<string, string> = {};
  let cursor = 0;
  let last: number | undefined;
  for (const run of runs) {
    leftovers.push(...run.before.map((t) => t.text));
    if (!run.label) {
      const previous = last === undefined ? undefined : rows[last];
      if (previous && previous.values.length < expected[last!]!.cells) previous.values.push(...run.values);
      else unplaced.push(printedValues(run.values));
      continue;
    }
    let best: { index: number; start: number; score: number } | undefined;
    for (let i = cursor; i < Math.min(expected.length, cursor + WINDOW); i++) {
      const match = bestSuffix(run.label.text, expected[i]!.label);
      if (match.score >= MIN_SCORE && (!best || match.score > best.score + 1e-9)) best = { index: i, ...match };
    }
    if (run.values.every((v) => v.kind !== 'value') && groups.some((group) => bestSuffix(run.label!.text, group).score > (best?.score ?? MIN_SCORE))) {
      leftovers.push(run.label.text);
      continue;
    }
    if (!best || rows[best.index]) {
      unplaced.push(`${run.label.text} ${printedValues(run.values)}`);
      continue;
    }
    const row = expected[best.index]!;
    const printed = run.label.text.slice(best.start).replace(/^#{1,6}\s+/, '').trim();
    leftovers.push(run.label.text.slice(0, best.start));
    if (wordingDiffers(printed, row.label)) printedLabels[row.id] = printed;
    rows[best.index] = { printed, values: [...run.values], candidates: [], missing: 0 };
    cursor = best.index + 1;
    last = best.index;
  }
  expected.forEach((row, i) => {
    const match = rows[i];
    if (!match) return;
    match.candidates = candidateCells(match.values, row.cells, row.check, row.holds);
    // A row printed cell by cell that does not add up is read as printed (the rules report it).
    if (match.candidates.length === 0 && row.holds) match.candidates = candidateCells(match.values, row.cells, row.check);
    const partial = match.candidates.length === 0 ? printedCells(match.values, row.cells, row.check) : undefined;
    if (partial) {
      match.candidates = [partial.cells];
      match.missing = partial.missing;
    }
  });
  return { rows, leftovers, unplaced, printedLabels };
}

/** What a person is told of a row printed with fewer cells than it has. */
export const missingCells = (where: string, values: ValueToken[], missing: number) => `${where}只印出「${quoteValues(values)}」，缺 ${missing} 格（表格可能被页边截去），已读的格按从左到右填入，其余待补`;

export const quoteValues = (values: ValueToken[]) => values.map((v) => (v.kind === 'value' ? v.text : '（空）')).join(' ');
