/**
 * Fuzzy matching of printed labels against the official wording. Similarity is the Dice
 * coefficient over the longest common subsequence (an edit distance that counts insertions and
 * deletions): 1 for the same text, and a misprinted character or two still scores near 1.
 */
import { labelKey, withoutNumbering } from './text';

/** Length of the longest common subsequence of every prefix of `text` with `label`: index = prefix length. */
export function prefixLcs(text: string, label: string): number[] {
  const m = label.length;
  let previous = new Uint16Array(m + 1);
  let current = new Uint16Array(m + 1);
  const out = [0];
  for (let i = 1; i <= text.length; i++) {
    const c = text[i - 1]!;
    for (let j = 1; j <= m; j++) current[j] = c === label[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    [previous, current] = [current, previous];
    out.push(previous[m]!);
  }
  return out;
}

function similarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  return (2 * prefixLcs(a, b).at(-1)!) / (a.length + b.length);
}

/** Similarity of two labels, with and without their numbering (a printed label may omit it). */
export function labelSimilarity(printed: string, official: string): number {
  const a = labelKey(printed);
  const b = labelKey(official);
  const full = similarity(a, b);
  const bare = similarity(withoutNumbering(a), withoutNumbering(b));
  return Math.max(full, bare * 0.97);
}

/**
 * The suffix of `text` that best matches `label`: its start (in `text`) and score. One pass of the
 * LCS table over the reversed strings gives the LCS of every suffix at once.
 */
export function bestSuffix(text: string, label: string, maxLength = 160): { start: number; score: number } {
  const from = Math.max(0, text.length - maxLength);
  const reverse = (s: string) => [...s].reverse().join('');
  const reversedText = reverse(text.slice(from));
  const key = labelKey(label);
  let best = { start: text.length, score: 0 };
  for (const [target, weight] of [[reverse(key), 1], [reverse(withoutNumbering(key)), 0.97]] as const) {
    const lcs = prefixLcs(reversedText, target);
    let keyLength = 0;
    for (let i = 1; i <= reversedText.length; i++) {
      if (/\s/.test(reversedText[i - 1]!)) continue;
      keyLength++;
      const score = (weight * 2 * lcs[i]!) / (keyLength + target.length);
      if (score > best.score) best = { start: text.length - i, score };
    }
  }
  return best;
}

/**
 * Where in `text` the label occurs, exactly (ignoring spaces) or nearly: the substring and its
 * score, or undefined below `threshold`.
 */
export function findLabel(text: string, label: string, threshold = 0.8): { start: number; end: number; score: number } | undefined {
  const key = labelKey(label);
  const positions: number[] = [];
  let compact = '';
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) continue;
    positions.push(i);
    compact += text[i];
  }
  const compactKey = labelKey(compact);
  const exact = compactKey.length === compact.length ? compactKey.indexOf(key) : -1;
  if (exact >= 0) return { start: positions[exact]!, end: positions[exact + key.length - 1]! + 1, score: 1 };
  let best: { start: number; end: number; score: number } | undefined;
  const m = key.length;
  // Cheap bound first: a near match shares most of the label's characters.
  const characters = new Set(compactKey);
  if ([...key].filter((c) => characters.has(c)).length < threshold * m) return undefined;
  for (let s = 0; s < compact.length; s++) {
    if (compactKey[s] !== key[0] && compactKey[s] !== key[1]) continue;
    for (let length = Math.max(1, m - 2); length <= m + 2 && s + length <= compact.length; length++) {
      const score = similarity(labelKey(compact.slice(s, s + length)), key);
      if (score >= threshold && (!best || score > best.score)) best = { start: positions[s]!, end: positions[s + length - 1]! + 1, score };
    }
  }
  return best;
}
