/**
 * A table's tokens grouped into runs: a label (the last text before some values), the text
 * before it since the previous run, and the values up to the next text or the end of a `|` row.
 */
import type { Token } from './tokens';

export type ValueToken = Extract<Token, { kind: 'value' | 'blank' }>;
export type TextToken = Extract<Token, { kind: 'text' }>;

export interface Run {
  /** Undefined for values with no text before them (a row of numbers under its header). */
  label?: TextToken;
  before: TextToken[];
  values: ValueToken[];
}

export function runsOf(tokens: Token[]): { runs: Run[]; trailing: TextToken[] } {
  const runs: Run[] = [];
  let texts: TextToken[] = [];
  let open: Run | undefined;
  for (const token of tokens) {
    if (token.kind === 'text') {
      texts.push(token);
      open = undefined;
    } else if (token.kind === 'rowEnd') {
      open = undefined;
    } else {
      if (!open) {
        open = { label: texts.at(-1), before: texts.slice(0, -1), values: [] };
        runs.push(open);
        texts = [];
      }
      open.values.push(token);
    }
  }
  return { runs, trailing: texts };
}
