/**
 * Narrative text → blocks. A paragraph is a line; a flattened text is cut where a sentence ends
 * and a space or a numbered heading follows. A numbered heading ("（一）", "1.", "（1）") running
 * into its text up to "。" or "：" becomes the paragraph's `heading`; a heading alone on its line
 * is a `subheading`, unless it ends in "。"/"：" and its text follows on the next line. Lines an
 * extraction broke inside a sentence (no closing punctuation, no numbering next) are joined.
 */
import type { Block } from '../report';
import { NUMBERED } from './text';

/** A sentence opening with a year ("2024年，我局…"), which a heading never runs into. */
const YEAR = /(?:19|20)\d{2}\s*年/;
const HEADING_END = /[。：:！]/;
const MAX_HEADING = 40;
const CLOSES = /[。！？；：:…”’」』）)!?.]$/;
const SPLIT = /(?<=[。！？；])\s+(?=\S)|(?<=[。！？；])(?=[（(][一二三四五六七八九十]+[）)]|[（(]\d+[）)])/;

interface Piece {
  text: string;
  /** A blank line before it (Markdown and plain text mark paragraph ends so). */
  afterBlank: boolean;
  /** Marked as a heading by the source (Markdown "#"). */
  heading: boolean;
}

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let afterBlank = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // An empty Markdown heading ("##", left by an extraction) marks nothing but a break.
    if (!line || /^#+$/.test(line)) {
      afterBlank = true;
      continue;
    }
    const markdown = /^#{1,6}\s+/.exec(line);
    const body = markdown ? line.slice(markdown[0].length) : line;
    body.split(SPLIT).forEach((part, i) => {
      const trimmed = part.trim();
      if (trimmed) pieces.push({ text: trimmed, afterBlank: i === 0 && afterBlank, heading: i === 0 && markdown !== null });
    });
    afterBlank = false;
  }
  return pieces.flatMap(cutAtItemHeadings);
}

/** Numbering by level, outermost first: "（一）", "1." or "1、", "（1）", then list items "一是". */
const LEVELS = [/^[（(][一二三四五六七八九十]+[）)]/, /^\d+[.．、](?=\D)/, /^[（(]\d+[）)]/, /^[一二三四五六七八九十]是/];
const SENTENCE_END = /[。：:！？；]/;

/**
 * The length of the heading `text` starts with when a flattened text runs it into a deeper item
 * without punctuation ("（二）主要做法1.加强组织领导…", "（二）改进措施一是…"): the deeper
 * numbering, before any sentence ends, is where the heading stops.
 */
function headingBeforeItem(text: string): number | undefined {
  const level = LEVELS.findIndex((marker) => marker.test(text));
  if (level < 0 || level === LEVELS.length - 1) return undefined;
  const start = LEVELS[level]!.exec(text)![0].length;
  const window = text.slice(0, MAX_HEADING);
  const sentence = window.search(SENTENCE_END);
  for (let at = start + 2; at < (sentence < 0 ? window.length : sentence); at++) {
    if (/\d/.test(text[at - 1]!) && /\d/.test(text[at]!)) continue;
    if (LEVELS.slice(level + 1).some((marker) => marker.test(text.slice(at)))) return at;
  }
  return undefined;
}

/** A piece cut before each heading that runs into a deeper item, where a sentence has ended. */
function cutAtItemHeadings(piece: Piece): Piece[] {
  if (piece.heading) return [piece];
  const out: Piece[] = [];
  let rest = piece.text;
  let first = true;
  for (let at = 0; at < rest.length; at++) {
    if (at > 0 && !/[。！？；]/.test(rest[at - 1]!)) continue;
    const heading = headingBeforeItem(rest.slice(at));
    if (heading === undefined) continue;
    if (at > 0) out.push({ ...piece, text: rest.slice(0, at), afterBlank: first && piece.afterBlank, heading: first && piece.heading });
    out.push({ text: rest.slice(at, at + heading), afterBlank: at === 0 && first && piece.afterBlank, heading: false });
    first = false;
    rest = rest.slice(at + heading);
    at = -1;
  }
  if (first) return [piece];
  if (rest) out.push({ text: rest, afterBlank: false, heading: false });
  return out;
}

/** The run-in heading a piece starts with, if any: its text, up to and including "。"/"：". */
function headingOf(piece: Piece): { heading: string; rest: string; next?: string } | undefined {
  const marker = NUMBERED.exec(piece.text);
  if (!piece.heading && !marker) return undefined;
  const end = piece.text.search(HEADING_END);
  // A heading without punctuation ends at a space: "（一）主动公开方面 平潭…".
  const afterMarker = marker ? marker[0].length + (/^\s*/.exec(piece.text.slice(marker[0].length))?.[0].length ?? 0) : 0;
  // …or where a sentence that opens with a year begins: "（一）存在的主要问题2024年，我局…".
  const year = piece.text.slice(afterMarker).search(YEAR);
  const spaceAt = piece.text.indexOf(' ', afterMarker);
  const space = spaceAt > 0 && (year < 0 || spaceAt < afterMarker + year) ? spaceAt : year > 0 ? afterMarker + year : -1;
  if (!piece.heading && space > 0 && space < MAX_HEADING && (end < 0 || space < end)) return { heading: piece.text.slice(0, space).trim(), rest: '', next: piece.text.slice(space).trim() };
  if (end >= 0 && end < MAX_HEADING) return { heading: piece.text.slice(0, end + 1), rest: piece.text.slice(end + 1).trim() };
  if (piece.heading || piece.text.length <= MAX_HEADING) return { heading: piece.text, rest: '' };
  return undefined;
}

const SIBLING = /^[（(][一二三四五六七八九十]+[）)]/;
const SIBLING_SPAN = 25;

/**
 * Sub-headings of one level that a flattened text runs into their paragraphs without punctuation
 * ("（一）主动公开方面平潭…", "（二）依申请公开方面持续…") are cut after the ending they share
 * ("方面"), when one ending is shared by more of them than any other.
 */
function cutSiblingHeadings(pieces: Piece[]): void {
  // A heading that a sentence opening with a year follows is cut there (headingOf), not here.
  const runOn = pieces.filter((p) => SIBLING.test(p.text) && !p.heading && p.text.length > MAX_HEADING && p.text.slice(0, MAX_HEADING).search(/[。：:！ ]/) < 0 && !YEAR.test(p.text.slice(0, MAX_HEADING)));
  if (runOn.length < 2) return;
  const counts = new Map<string, number>();
  for (const piece of runOn) {
    const marker = SIBLING.exec(piece.text)![0].length;
    const window = piece.text.slice(marker + 2, marker + SIBLING_SPAN);
    new Set(Array.from({ length: Math.max(0, window.length - 1) }, (_, i) => window.slice(i, i + 2))).forEach((pair) => counts.set(pair, (counts.get(pair) ?? 0) + 1));
  }
  // The most shared pairs of characters; of a run of them ("公开", "开方", "方面") the last, and
  // of the runs left the one that makes the longest heading shortest ("方面" before a "平台" that
  // one heading reaches only far into its text).
  const top = Math.max(...counts.values());
  if (top < 2) return;
  const positionOf = (piece: Piece, pair: string) => piece.text.indexOf(pair, SIBLING.exec(piece.text)![0].length + 2);
  const shared = [...counts].filter(([, n]) => n === top).map(([p]) => p);
  const ends = shared.filter((a) => !shared.some((b) => runOn.every((piece) => positionOf(piece, a) < 0 || positionOf(piece, b) === positionOf(piece, a) + 1)));
  const longest = (pair: string) => Math.max(...runOn.map((piece) => positionOf(piece, pair)));
  const pair = ends.sort((a, b) => longest(a) - longest(b))[0];
  if (!pair) return;
  const headings = runOn.map((piece) => piece.text.slice(SIBLING.exec(piece.text)![0].length, piece.text.indexOf(pair) + 2));
  // Headings that would all read the same are not headings but a shared opening.
  if (new Set(headings).size < headings.length) return;
  // Headings that share an ending are short phrases ("…方面"); a heading of two clauses
  // ("强化组织协调，着力规范公开工作") ends where its siblings' do only by chance.
  if (headings.some((heading) => /[，,]/.test(heading))) return;
  for (const piece of runOn) {
    const marker = SIBLING.exec(piece.text)![0].length;
    const at = piece.text.indexOf(pair, marker + 2);
    if (at < 0 || at > marker + SIBLING_SPAN) continue;
    const index = pieces.indexOf(piece);
    const end = at + pair.length;
    pieces.splice(index, 1, { ...piece, text: piece.text.slice(0, end), heading: false }, { text: piece.text.slice(end), afterBlank: false, heading: false });
  }
}

export function blocksOf(text: string): Block[] {
  const pieces = piecesOf(text);
  cutSiblingHeadings(pieces);
  const blocks: Block[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const run = headingOf(piece);
    if (run && run.rest) {
      blocks.push({ type: 'paragraph', heading: run.heading, text: run.rest });
      continue;
    }
    if (run) {
      const next = pieces[i + 1];
      if (next && !next.afterBlank && /[。：:]$/.test(run.heading) && !headingOf(next)) {
        blocks.push({ type: 'paragraph', heading: run.heading, text: next.text });
        i++;
      } else blocks.push({ type: 'subheading', text: run.heading });
      if (run.next) pieces.splice(i + 1, 0, { text: run.next, afterBlank: false, heading: false });
      continue;
    }
    const previous = blocks.at(-1);
    if (previous?.type === 'paragraph' && previous.text !== undefined && !CLOSES.test(previous.text)) {
      previous.text += piece.text;
      continue;
    }
    blocks.push({ type: 'paragraph', text: piece.text });
  }
  return blocks;
}
