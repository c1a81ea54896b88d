/**
 * Which characters the bundled fonts can print (_printable.ts, generated from the faces of the
 * body family, which every text of a report falls back to). A character outside them would be
 * drawn with whatever font the host has, or not at all, so the same JSON would print differently
 * on each machine; validation refuses it instead, where the field can be named. Tab and line
 * breaks are layout, not glyphs, and default-ignorable characters (a zero-width space, a variation
 * selector) are never drawn. Runtime-neutral.
 */
import { PRINTABLE_RANGES } from './_printable';

const LAYOUT = new Set([0x09, 0x0a, 0x0d]);
const NEVER_DRAWN = /\p{Default_Ignorable_Code_Point}/u;

function printable(codepoint: number): boolean {
  let low = 0;
  let high = PRINTABLE_RANGES.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codepoint < PRINTABLE_RANGES[2 * middle]!) high = middle - 1;
    else if (codepoint > PRINTABLE_RANGES[2 * middle + 1]!) low = middle + 1;
    else return true;
  }
  return LAYOUT.has(codepoint);
}

/** The distinct characters of `text` that the bundled fonts cannot print, in order of appearance. */
export function unprintableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const character of text) {
    if (!printable(character.codePointAt(0)!) && !NEVER_DRAWN.test(character)) found.add(character);
  }
  return [...found];
}
