/**
 * Narrative blocks as the templates print them: paragraphs with an optional run-in heading, and
 * images as data: URLs. A run-in heading takes the face of its level, and the level is read from
 * its numbering, as in 公文: "一、" 黑体, "（一）" 楷体, "1." and "（1）" 仿宋 (docs/format.md §7).
 * Every key is always present (null when absent) because the templates are compiled strict.
 */
import type { Block } from '../report';

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

export interface ParagraphView {
  heading: { text: string; level: RunInLevel } | null;
  text: string | null;
}

export interface ImageView {
  src: string;
  alt: string;
  widthMm: number | null;
  caption: string | null;
}

export type BlockView = { paragraph: ParagraphView; image: null } | { paragraph: null; image: ImageView };

export function blockView(block: Block): BlockView {
  if (block.type === 'image') {
    return {
      paragraph: null,
      image: {
        src: `data:${block.mediaType};base64,${block.data}`,
        alt: block.alt,
        widthMm: block.widthMm ?? null,
        caption: block.caption ?? null,
      },
    };
  }
  return {
    paragraph: {
      heading: block.heading === undefined ? null : { text: block.heading, level: runInLevel(block.heading) },
      text: block.text ?? null,
    },
    image: null,
  };
}

/** A paragraph of body text only, for text the renderer itself writes (section 六). */
export function textBlock(text: string): BlockView {
  return { paragraph: { heading: null, text }, image: null };
}
