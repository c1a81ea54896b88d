/**
 * Labels that stand outside the rows (column heads, captions, group labels, notes), looked for in
 * the text a table left over once its rows were read. A piece that is all one label, nearly,
 * is that label as printed ("三三、本年度办理结果"); otherwise the label is looked for inside
 * the pieces, exactly or nearly ("本年废纸件数"), or as pieces that spell it in order (a narrow
 * column's head set two characters a line: 商业 / 企业). What no label explains is reported, quoted.
 */
import { findLabel, labelSimilarity } from './fuzzy';
import { labelKey, withoutNumbering, wordingDiffers } from './text';

const WHOLE_PIECE = 0.8;

export interface LabelsFound {
  printed: Record<string, string>;
  unplaced: string[];
}

/** Indices of pieces, each two or more characters, that spell `key` in order (other heads may come between: narrow columns set side by side, line by line); undefined when none do. */
function fragmentsSpelling(pieces: string[], key: string): number[] | undefined {
  const indices: number[] = [];
  let spelt = '';
  for (let i = 0; i < pieces.length && spelt.length < key.length; i++) {
    const piece = labelKey(pieces[i]!);
    if (piece.length >= 2 && piece.length < key.length && key.startsWith(spelt + piece)) {
      indices.push(i);
      spelt += piece;
    }
  }
  return indices.length > 1 && spelt === key ? indices : undefined;
}

/** `labels`: id → official wording, searched in `pieces` (text left over in the table). */
export function findOuterLabels(pieces: string[], labels: [string, string][], rowLabels: string[] = []): LabelsFound {
  const printed: Record<string, string> = {};
  const rest = pieces.map((piece) => piece.replace(/^#{1,6}\s+/, '').trim()).filter((piece) => piece.length > 0);
  // Longest first: "其他" must not be taken out of "（六）其他处理".
  for (const [id, official] of [...labels].sort((a, b) => b[1].length - a[1].length)) {
    const whole = rest.findIndex((piece) => labelSimilarity(piece, official) >= WHOLE_PIECE);
    if (whole >= 0) {
      const piece = rest[whole]!;
      if (wordingDiffers(piece, official)) printed[id] = piece;
      rest.splice(whole, 1);
      continue;
    }
    for (let i = 0; i < rest.length; i++) {
      const piece = rest[i]!;
      const found = findLabel(piece, official);
      if (!found) continue;
      const text = piece.slice(found.start, found.end);
      if (found.score < 1 && wordingDiffers(text, official)) printed[id] = text;
      rest.splice(i, 1, piece.slice(0, found.start), piece.slice(found.end));
      break;
    }
  }
  for (const [, official] of labels) {
    const fragments = fragmentsSpelling(rest, labelKey(official));
    if (fragments) for (const i of fragments.reverse()) rest.splice(i, 1);
  }
  // A label printed more than once ("信息内容" over each group) is placed every time.
  // So is a row's label printed again above its row (a heading over each row, as some crawls do).
  const bare = (text: string) => withoutNumbering(labelKey(text));
  const officials = new Set([...labels.map(([, official]) => official), ...rowLabels].map(bare));
  const unplaced = rest.map((piece) => piece.trim()).filter((piece) => piece.replace(/[\s\p{P}]/gu, '').length > 0 && !officials.has(bare(piece)));
  return { printed, unplaced };
}
