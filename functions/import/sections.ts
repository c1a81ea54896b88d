/**
 * The six section headings, found in order however the extraction ran the text together and
 * however the agency worded them: a heading starts with its numeral ("三、") and then holds most
 * of the official wording (characters in common, less half the extra ones, ≥ 65 % of it), so "五、政府信息公开工作存在的主要
 * 问题及改进情况" and a misprint such as "行政法复议" are found, while table rows that also start
 * "三、" or "四、" ("三、本年度办理结果", "四、结转下年度继续办理") are not.
 */
import { SECTION_HEADINGS, SECTION_ORDER, type SectionKey } from '../report/labels';
import type { SourceDocument } from './document';
import { prefixLcs } from './fuzzy';

export interface SectionHeading {
  key: SectionKey;
  /** The heading as printed. */
  printed: string;
  start: number;
  end: number;
}

/** Characters in common less half the characters extra, against the official heading's length. */
const MIN_SCORE = 0.65;
const MAX_EXTRA = 16;

/** The heading that starts at `at`, if the text there is the section's heading. */
function headingAt(doc: SourceDocument, at: number, official: string): { end: number } | undefined {
  const newline = doc.text.indexOf('\n', at);
  const lineEnd = newline < 0 ? doc.text.length : newline;
  const limit = Math.min(lineEnd, at + official.length + MAX_EXTRA);
  const window = doc.scan.slice(at, limit);
  const lcs = prefixLcs(window, official);
  let best = { length: 0, score: -Infinity };
  let characters = 0;
  for (let length = 1; length <= window.length; length++) {
    if (window[length - 1] !== ' ') characters++;
    const score = lcs[length]! - 0.5 * (characters - lcs[length]!);
    if (score > best.score) best = { length, score };
  }
  if (best.score < MIN_SCORE * official.length) return undefined;
  // A heading on a line of its own is the whole line.
  const wholeLine = (at === 0 || doc.text[at - 1] === '\n') && lineEnd - at <= official.length + MAX_EXTRA;
  return { end: wholeLine ? lineEnd : at + best.length };
}

/**
 * The last two sections may come the other way round: some reports print the fees (part of 六)
 * as "五、信息处理费收取情况" before "六、存在的主要问题和改进情况". Each is looked for under either
 * numeral from where section 四 ends, and 六 under its fee table's name too.
 */
const SWAPPABLE: Partial<Record<SectionKey, { numerals: string; wordings: string[] }>> = {
  problems: { numerals: '五六', wordings: [SECTION_HEADINGS.problems.slice(2)] },
  other: { numerals: '五六', wordings: [SECTION_HEADINGS.other.slice(2), '信息处理费收取情况'] },
};

/** The first heading of `key` at or after `from`, under the numerals and wordings it may have. */
function findHeading(doc: SourceDocument, key: SectionKey, from: number): SectionHeading | undefined {
  const official = SECTION_HEADINGS[key];
  const { numerals, wordings } = SWAPPABLE[key] ?? { numerals: official[0]!, wordings: [official.slice(2)] };
  // The heading's numeral ("三"), then "、" or ".".
  const pattern = new RegExp(`[${numerals}]\\s*[、.]`, 'g');
  pattern.lastIndex = from;
  for (let match = pattern.exec(doc.scan); match; match = pattern.exec(doc.scan)) {
    for (const wording of wordings) {
      const heading = headingAt(doc, match.index, `${match[0][0]}、${wording}`);
      if (heading) return { key, printed: doc.text.slice(match.index, heading.end).trim(), start: match.index, end: heading.end };
    }
  }
  return undefined;
}

export function findSections(doc: SourceDocument): SectionHeading[] {
  const found: SectionHeading[] = [];
  let from = 0;
  for (const key of SECTION_ORDER) {
    const heading = findHeading(doc, key, from);
    if (!heading) continue;
    found.push(heading);
    if (!SWAPPABLE[key]) from = heading.end;
  }
  return found.sort((a, b) => a.start - b.start);
}
