/**
 * Where a line of narrative may break inside the figures and addresses real reports quote. The
 * paragraphs break as CSS `word-break: normal` does (templates/report.css): between ideographs,
 * never inside a run of ASCII letters or digits ("2019", "385.62", "100%"). What the line-break
 * rules still allow, and an official document must not print, is marked here as runs to keep
 * whole (`white-space: nowrap`): a date with its 年/月/日 ("201⏎9年" was printed, and "2019⏎年"
 * is no better), a phone number whose parts are joined by dashes ("0527⏎—84357118"), an e-mail
 * address (which would break after a hyphen), and full-width digits (ideographs to the breaker).
 * A URL is cut into pieces kept whole, with a break allowed only after "/", ".", "?" and "&"
 * (`<wbr>`), as URLs are broken in print. The runs join back into the text unchanged, so the
 * document's text, and what is extracted from the PDF, stay the same. Pure: no DOM.
 */

export interface TextRun {
  text: string;
  /** Printed on one line. */
  keep: boolean;
  /** A line may break right after this run, whatever the characters around it. */
  breakAfter: boolean;
}

const DIGIT = '[0-9]';
const HAN_DIGIT = '[〇○零一二三四五六七八九]';
const HAN_SMALL = '[一二三四五六七八九十]';
const EMAIL = String.raw`[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`;
/** With a scheme, or a host name with a path or ending in a letter: never a decimal like "385.62". */
const URL = String.raw`(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&*+,;=%-]*[A-Za-z0-9/_~#=&%-]|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[A-Za-z0-9._~:/?#@!$&*+,;=%-]*[A-Za-z0-9/_~#=&%-])?`;
/** Published text often has a space around a figure ("2025 年"), which would be a place to break. */
const SPACE = '[ \u00a0]?';
const DATE = [
  `${DIGIT}{4}${SPACE}年(?:${SPACE}${DIGIT}{1,2}${SPACE}月(?:${SPACE}${DIGIT}{1,2}${SPACE}日)?)?`,
  `${DIGIT}{1,2}${SPACE}月(?:${SPACE}${DIGIT}{1,2}${SPACE}日)?`,
  `${DIGIT}{1,2}${SPACE}日`,
  `${HAN_DIGIT}{4}年(?:${HAN_SMALL}{1,2}月(?:${HAN_SMALL}{1,3}日)?)?`,
].join('|');
/** "0527—84357118", "0513-85100000", "400-123-4567", "（0527）84357118". */
const PHONE = String.raw`(?:[(（]\d{3,4}[)）])?\d+(?:[—–－‐-]+\d+)+|[(（]\d{3,4}[)）]\d{6,8}`;
const FULL_WIDTH_NUMBER = '[０-９]+(?:[．.][０-９]+)?';

/**
 * One pattern, leftmost match first and the first alternative at a place: an e-mail before the
 * host name inside it. Nothing starts in the middle of a run of letters or digits.
 */
const KEPT = new RegExp(
  `(?<![A-Za-z0-9@._%+-])(?:${EMAIL}|(?<url>${URL}))|(?<![0-9])(?:${DATE}|${PHONE})|${FULL_WIDTH_NUMBER}`,
  'gu',
);

/** A URL in pieces that each end after a run of "/", ".", "?" or "&". */
const URL_PIECE = /[^/.?&]*[/.?&]*/g;

const plain = (text: string): TextRun => ({ text, keep: false, breakAfter: false });

/**
 * Whether a run fits on one line of 28 characters, an ASCII character taken as 0.6 em (digits are
 * 0.55 em in the body face, lower-case letters about that). A longer one is not kept:
 * `white-space: nowrap` would push it out of the type area, while the paragraph's
 * `overflow-wrap` breaks it where it must.
 */
const LINE_EM = 28;
const fitsOnALine = (text: string) => [...text].reduce((em, char) => em + (char < '\u0080' ? 0.6 : 1), 0) <= LINE_EM;

const kept = (text: string, breakAfter: boolean): TextRun => (fitsOnALine(text) ? { text, keep: true, breakAfter } : { text, keep: false, breakAfter });

export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const match of text.matchAll(KEPT)) {
    if (match.index > at) runs.push(plain(text.slice(at, match.index)));
    if (match.groups?.url) {
      const pieces = match[0].match(URL_PIECE)!.filter(Boolean);
      pieces.forEach((piece, index) => runs.push(kept(piece, index < pieces.length - 1)));
    } else {
      runs.push(kept(match[0], false));
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) runs.push(plain(text.slice(at)));
  return runs;
}
