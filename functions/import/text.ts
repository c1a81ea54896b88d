/**
 * Characters as extraction leaves them, made comparable: every kind of space becomes a plain
 * space and zero-width characters go; `scanForm` also turns full-width digits and signs into
 * ASCII, one character for one, so that positions found in it are positions in the text.
 */
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\r\f\v]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

export function normaliseLine(line: string): string {
  return line.replace(ZERO_WIDTH, '').replace(SPACES, ' ').trimEnd();
}

const FULL_WIDTH: Record<string, string> = { '．': '.', '－': '-', '／': '/', '｜': '|', '＋': '+' };

/** Same length as its input: full-width digits, point, minus, slash and bar as ASCII. */
export function scanForm(text: string): string {
  return text.replace(/[０-９．－／｜＋]/g, (c) => FULL_WIDTH[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** For comparing labels: no spaces, one kind of bracket, comma and colon, "1、" as "1.". */
export function labelKey(text: string): string {
  return scanForm(text)
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/,/g, '，')
    .replace(/:/g, '：')
    .replace(/;/g, '；')
    .replace(/^(\d+)[、.]/, '$1.');
}

/** Numbering that opens a row, an item or a heading ("1.", "（二）", "三、"); "1.5" is a number, not numbering. */
export const NUMBERED = /^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、](?=\D))/;
const NUMBERING = new RegExp(`${NUMBERED.source}\\s*`);

/** A label's wording without its numbering ("（一）", "1.", "一、"). */
export function withoutNumbering(text: string): string {
  return text.replace(NUMBERING, '');
}

/** True when two labels differ in more than spacing, bracket width or numbering. */
export function wordingDiffers(printed: string, official: string): boolean {
  return withoutNumbering(labelKey(printed)) !== withoutNumbering(labelKey(official));
}
