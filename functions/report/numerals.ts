/**
 * Numbers as Chinese reports write them, rewritten as ASCII decimals so that one pattern reads them
 * all: full-width digits (１７件), Chinese numerals before a measure word (十七件, 一百零五件, 两件),
 * 百分之四十 (→ 40%), thousands separators (1,234) and 万 as a multiplier of a count (1.2万件).
 * A numeral not followed by a measure word (一是, 十四五, 四类) is left alone: it is not a quantity.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral such as 一百零五, 十七, 两万三千; undefined if it is not one. */
function chineseNumeralValue(numeral: string): number | undefined {
  if (!/[零〇一二两三四五六七八九十]/.test(numeral)) return undefined; // 百, 万 alone are words
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of numeral) {
    if (ch in DIGITS) {
      if (digit !== undefined && digit !== 0) return undefined; // 一二 is no numeral
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      // 十七 = 17: a bare 十 counts one ten, but only at the start (一百十 is not written).
      const multiplier = digit ?? (section === 0 && total === 0 ? 1 : undefined);
      if (multiplier === undefined) return undefined;
      section += multiplier * UNITS[ch]!;
      digit = undefined;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/** What a count or an amount is counted in; a number before anything else (年, 月, 号) is no quantity here. */
const MEASURE_WORDS = '件|宗|起|个|项|次|条|份|篇|例|名|人次|人|家|户|元|万元|亿元';
const CHINESE_NUMERAL = new RegExp(`([零〇一二两三四五六七八九十百千万]+)(?=${MEASURE_WORDS})`, 'g');
const PERCENT_IN_WORDS = /百分之([零〇一二两三四五六七八九十百]+)(?:点([零〇一二三四五六七八九]+))?/g;

function digitsOf(fraction: string): string {
  return [...fraction].map((ch) => String(DIGITS[ch] ?? '')).join('');
}

/** Full-width digits (０–９, as Chinese input methods type them) as ASCII digits. */
export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** The text with every quantity written in ASCII digits; other characters unchanged. */
export function normalizeNumerals(text: string): string {
  return halfWidthDigits(text)
    .replace(/％/g, '%')
    .replace(/(\d)[．.](\d)/g, '$1.$2')
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1')
    .replace(PERCENT_IN_WORDS, (whole, integer: string, fraction: string | undefined) => {
      const value = chineseNumeralValue(integer);
      if (value === undefined) return whole;
      return fraction ? `${value}.${digitsOf(fraction)}%` : `${value}%`;
    })
    .replace(CHINESE_NUMERAL, (whole, numeral: string) => {
      const value = chineseNumeralValue(numeral);
      return value === undefined ? whole : String(value);
    })
    .replace(/(\d+(?:\.\d+)?)万(?=件|条|个|次|人|宗|份|篇)/g, (_, n: string) => String(Math.round(Number(n) * 10_000)));
}
