/**
 * A table region as a stream of tokens, however the extraction flattened it: a `|`-separated row
 * gives one token per cell (an empty cell is a blank); elsewhere text and number runs are told
 * apart character by character, so "行政规范性文件693665" is a label and a run of digits, and
 * "…10000016.属于四类…" ends a run before the numbering "6." of the next label.
 */
export type Token =
  | { kind: 'text'; text: string; start: number; end: number }
  /** `whole`: the token is one cell (a table cell, or a number on a line of its own). */
  | { kind: 'value'; text: string; start: number; end: number; whole: boolean }
  | { kind: 'blank'; start: number; end: number }
  | { kind: 'rowEnd'; start: number; end: number };

const NULL_MARK = /^(?:[\/—–\-－―]+|无)$/;
const VALUE = /^-?\d+(?:\.\d+)?(?:万元|元)?$/;
const DIGIT = /\d/;
const SEPARATOR_ROW = /^[\s|:\-]+$/;

/** Tokens of `text` (in scan form) from `from` to `to`, with positions in the document. */
export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('|')) pipeRow(line, lineStart, tokens);
    else freeLine(line, lineStart, tokens);
    lineStart = lineEnd + 1;
  }
  return tokens;
}

function pipeRow(line: string, offset: number, tokens: Token[]): void {
  if (SEPARATOR_ROW.test(line)) return;
  const cells: { text: string; start: number }[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === '|') {
      cells.push({ text: line.slice(start, i), start: offset + start });
      start = i + 1;
    }
  }
  if (line.trimStart().startsWith('|')) cells.shift();
  if (line.trimEnd().endsWith('|')) cells.pop();
  for (const cell of cells) {
    const trimmed = cell.text.trim();
    const at = cell.start + cell.text.indexOf(trimmed);
    const end = at + trimmed.length;
    if (trimmed === '' || NULL_MARK.test(trimmed)) tokens.push({ kind: 'blank', start: at, end });
    else if (VALUE.test(trimmed.replace(/\s+/g, ''))) tokens.push({ kind: 'value', text: trimmed.replace(/\s+/g, ''), start: at, end, whole: true });
    else tokens.push({ kind: 'text', text: trimmed, start: at, end });
  }
  tokens.push({ kind: 'rowEnd', start: offset + line.length, end: offset + line.length });
}

/** Numbering of a label ("6." or "6、" or "6. " then a character that is not a digit). */
function isLabelNumber(line: string, i: number): boolean {
  const next = line[i + 1];
  if (next !== '.' && next !== '、') return false;
  let j = i + 2;
  while (line[j] === ' ') j++;
  return j < line.length && !DIGIT.test(line[j]!);
}

function freeLine(line: string, offset: number, tokens: Token[]): void {
  const whole = VALUE.test(line.trim()) ? line.trim() : undefined;
  let textStart = -1;
  const closeText = (end: number) => {
    if (textStart < 0) return;
    let s = textStart;
    let e = end;
    while (s < e && line[s] === ' ') s++;
    while (e > s && line[e - 1] === ' ') e--;
    if (e > s) tokens.push({ kind: 'text', text: line.slice(s, e), start: offset + s, end: offset + e });
    textStart = -1;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    const atChunkStart = i === 0 || line[i - 1] === ' ';
    // A blank mark stands alone between spaces: "0 / 3" or "— —".
    if (atChunkStart && /[\/—–\-－―]/.test(c)) {
      let j = i;
      while (j < line.length && /[\/—–\-－―]/.test(line[j]!)) j++;
      if (j === line.length || line[j] === ' ') {
        if (!(c === '-' && DIGIT.test(line[j + 1] ?? ''))) {
          closeText(i);
          tokens.push({ kind: 'blank', start: offset + i, end: offset + j });
          i = j;
          continue;
        }
      }
    }
    const signed = c === '-' && DIGIT.test(line[i + 1] ?? '');
    if (DIGIT.test(c) || signed) {
      let j = signed ? i + 1 : i;
      while (j < line.length && DIGIT.test(line[j]!)) j++;
      if (line[j] === '.' && DIGIT.test(line[j + 1] ?? '')) {
        j++;
        while (j < line.length && DIGIT.test(line[j]!)) j++;
      }
      // The last digit before "." and a character is the numbering of the next label.
      let end = j;
      if (isLabelNumber(line, j - 1)) end = j - 1;
      // Numbers inside running text ("第1项", "2021年") are text: a value ends at a space, a
      // line's end, a unit, or where a label begins.
      const after = line.slice(end, end + 2);
      const unit = after.startsWith('万元') ? 2 : after.startsWith('元') ? 1 : 0;
      if (end > i) {
        closeText(i);
        tokens.push({ kind: 'value', text: line.slice(i, end + unit), start: offset + i, end: offset + end + unit, whole: whole !== undefined });
        i = end + unit;
        continue;
      }
      if (textStart < 0) textStart = i;
      i = j;
      continue;
    }
    if (c === ' ') {
      i++;
      continue;
    }
    if (textStart < 0) textStart = i;
    i++;
  }
  closeText(line.length);
}
