/**
 * Narrative blocks as the templates print them: paragraphs with an optional run-in heading,
 * sub-headings on a line of their own, and images as data: URLs. A heading takes the face of its
 * level, and the level is read from its numbering, as in 公文: "一、" 黑体, "（一）" 楷体, "1." and
 * "（1）" 仿宋 (docs/format.md §7). Text comes as runs that say where a line may not break
 * (text-runs.ts). Every key is always present (null when absent) because the templates are
 * compiled strict.
 */
import type { Block } from '../report';
import { textRuns, type TextRun } from './text-runs';

/**
 * 1–4 are the four numbering levels of §7; `unnumbered` is a heading with no numbering, such as
 * "改进措施：", which has no level of its own.
 */
export type RunInLevel = '1' | '2' | '3' | '4' | 'unnumbered';

const HAN_NUMBER = '[一二三四五六七八九十百]+';
const LEVEL_PATTERNS: [RunInLevel, RegExp][] = [
  ['1', new RegExp(`^${HAN_NUMBER}、`)],
  ['2', new RegExp(`^[（(]${HAN_NUMBER}[）)]`)],
  // "1、" occurs in published reports beside the standard "1." (format.md §4.3).
  ['3', /^\d+[.．、]/],
  ['4', /^[（(]\d+[）)]/],
];

export function runInLevel(heading: string): RunInLevel {
  const trimmed = heading.trimStart();
  return LEVEL_PATTERNS.find(([, pattern]) => pattern.test(trimmed))?.[0] ?? 'unnumbered';
}

export interface HeadingView {
  runs: TextRun[];
  level: RunInLevel;
}

const headingView = (text: string): HeadingView => ({ runs: textRuns(text), level: runInLevel(text) });

export interface ParagraphView {
  heading: HeadingView | null;
  runs: TextRun[] | null;
}

export interface ImageView {
  src: string;
  alt: string;
  widthMm: number | null;
  caption: TextRun[] | null;
}

export type BlockView =
  | { paragraph: ParagraphView; subheading: null; image: null }
  | { paragraph: null; subheading: HeadingView; image: null }
  | { paragraph: null; subheading: null; image: ImageView };

export function blockView(block: Block): BlockView {
  switch (block.type) {
    case 'image':
      return {
        paragraph: null,
        subheading: null,
        image: {
          src: `data:${block.mediaType};base64,${block.data}`,
          alt: block.alt,
          widthMm: block.widthMm ?? null,
          caption: block.caption === undefined ? null : textRuns(block.caption),
        },
      };
    case 'subheading':
      return { paragraph: null, subheading: headingView(block.text), image: null };
    case 'paragraph':
      return {
        paragraph: {
          heading: block.heading === undefined ? null : headingView(block.heading),
          runs: block.text === undefined ? null : textRuns(block.text),
        },
        subheading: null,
        image: null,
      };
  }
}

/** A paragraph of body text only, for text the renderer itself writes (section 六). */
export function textBlock(text: string): BlockView {
  return { paragraph: { heading: null, runs: textRuns(text) }, subheading: null, image: null };
}
