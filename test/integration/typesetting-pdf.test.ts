/**
 * The typesetting of real text (issue 17, point 5), printed through the real printer and read
 * back with poppler, line by line with each line's box (`pdftotext -bbox-layout`):
 * - no number, date, phone number or e-mail address is broken over two lines, a URL only after
 *   "/", ".", "?" or "&", each set at every offset of a line; and every line of a paragraph but
 *   its last still reaches the right edge of the type area (justified) (the real reports are
 *   read for broken figures in real-reports-pdf.test.ts);
 * - with the narrative before section 三 one line longer at a time, so that the table meets the
 *   foot of a page at every height: no page but the last is more than a third empty, every row
 *   stands whole on one page, the header stands again on every page the rows go on to, and a
 *   sub-heading is never the last line of a page.
 * Needs poppler-utils.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printReport } from '../../functions/publish';
import type { Block, Report } from '../../functions/report';
import { usePdfPrinter } from '../helpers/pdf-printer';
import { compact, findRun, findRunsInOrder, pageLines, readingOrder, TOP, TYPE_HEIGHT, TYPE_WIDTH, typeAreaLeft, writePdf, type Line } from '../helpers/pdf-reading';
import { requestsRuns } from '../helpers/report-reading';
import { parsedExample } from '../unit/render/html-reading';

/** Line boxes are the fonts' boxes; a justified line ends within this of the type area's edge. */
const SLACK = 1.5;
/** 28 characters a line (report.css): a token after 0 to 27 characters meets every offset. */
const OFFSETS = Array.from({ length: 28 }, (_, index) => index);
const FILLER = '政府信息公开工作稳步推进';
const filler = (length: number) => FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length);

const UNBREAKABLE = ['2019年', '2020年12月31日', '24', '5949.088667', '0527—84357118', '0513-85100000', 'zrzyj@jianghai-nrp.example.cn'];
const URL = 'http://zrzyj.jianghai.example.cn/xxgk/index.html?id=3&page=2';
const URL_BREAKS_AFTER = '/.?&';

const IDEOGRAPH = /\p{Script=Han}/u;

const paragraph = (text: string): Block => ({ type: 'paragraph', text });

const pdfPrinter = usePdfPrinter('typesetting-pdf');
const { folder } = pdfPrinter;

async function printed(report: Report, name: string): Promise<string> {
  return writePdf((await printReport(report, pdfPrinter.printer())).pdf, folder, name);
}

/** The lines inside the type area (no folios). */
const bodyLines = (file: string) => pageLines(file).filter((line) => line.yMax <= TOP + TYPE_HEIGHT + SLACK);

/**
 * Where `text` stands as consecutive whole lines from `from` on: the lines, and the offsets in
 * `text` where a line ends and the next begins.
 */
function linesOf(lines: Line[], from: number, text: string): { at: number; lines: Line[]; breaks: number[] } {
  for (let at = from; at < lines.length; at++) {
    let read = '';
    const breaks: number[] = [];
    let next = at;
    while (next < lines.length && text.startsWith(read + compact(lines[next]!.text))) {
      read += compact(lines[next++]!.text);
      if (read === text) return { at, lines: lines.slice(at, next), breaks };
      breaks.push(read.length);
    }
  }
  throw new Error(`"${text}" not found as whole lines after line ${from}`);
}

describe('numbers, dates, phone numbers, e-mail addresses and URLs in running text', () => {
  const tokens = [...UNBREAKABLE, URL];
  const texts = tokens.flatMap((token) => OFFSETS.map((offset) => ({ token, offset, text: `${filler(offset)}${token}${filler(20)}。` })));
  let lines: Line[];

  beforeAll(async () => {
    const report = parsedExample('consistent2021', (json) => {
      json.sections.overview.blocks = texts.map(({ text }) => paragraph(text));
    });
    lines = bodyLines(await printed(report, 'tokens'));
  });

  it('breaks none of them but a URL, and a URL only after "/", ".", "?" or "&"', () => {
    let from = 0;
    const urlBreaks: string[] = [];
    const pushed = new Set<string>();
    for (const { token, offset, text } of texts) {
      const found = linesOf(lines, from, text);
      from = found.at + found.lines.length;
      for (const at of found.breaks.filter((at) => at > offset && at < offset + token.length)) {
        const before = text.slice(offset, at);
        expect(token === URL && URL_BREAKS_AFTER.includes(before.at(-1)!), `"${before}⏎${text.slice(at, offset + token.length)}"`).toBe(true);
        urlBreaks.push(before);
      }
      if (found.breaks.includes(offset)) pushed.add(token);
    }
    // The test reached what it is about: the URL broke, and each token was carried to a new line whole.
    expect(urlBreaks.length).toBeGreaterThan(0);
    expect([...pushed].sort()).toEqual([...tokens].sort());
  });

  it('still justifies the lines before them: every line of a paragraph but its last reaches the right edge', () => {
    let from = 0;
    let checked = 0;
    for (const { text } of texts) {
      const found = linesOf(lines, from, text);
      from = found.at + found.lines.length;
      // A line of a URL alone has no ideograph to spread its width over: it cannot be justified.
      for (const line of found.lines.slice(0, -1).filter((line) => IDEOGRAPH.test(line.text))) {
        checked++;
        const right = typeAreaLeft(line.page) + TYPE_WIDTH;
        expect(Math.abs(line.xMax - right), `"${line.text}" ends at ${line.xMax.toFixed(1)}pt, the edge is at ${right.toFixed(1)}pt`).toBeLessThanOrEqual(SLACK);
      }
    }
    expect(checked).toBeGreaterThan(texts.length / 2);
  });
});

describe.each([
  { example: 'seed2020' as const, lines: 22 },
  { example: 'consistent2021' as const, lines: 22 },
])('section 三 of $example after 0 to $lines more lines of narrative', ({ example, lines: count }) => {
  const SUBHEADING = '（一）收到和处理申请情况';
  const variants = Array.from({ length: count + 1 }, (_, extra) =>
    parsedExample(example, (json) => {
      json.sections.requests.blocks = [
        ...(json.sections.requests.blocks ?? []),
        ...(extra > 0 ? [paragraph(filler(28 * extra - 3))] : []),
        { type: 'subheading', text: SUBHEADING },
        paragraph(`本年度依申请公开工作${filler(40)}。`),
      ];
    }),
  );
  const files: string[] = [];

  beforeAll(async () => {
    for (const [extra, report] of variants.entries()) files.push(await printed(report, `${example}-${extra}`));
  });

  it('leaves no page but the last more than a third empty', () => {
    for (const [extra, file] of files.entries()) {
      const lines = bodyLines(file);
      const pages = Math.max(...lines.map((line) => line.page));
      for (let page = 1; page < pages; page++) {
        const bottom = Math.max(...lines.filter((line) => line.page === page).map((line) => line.yMax));
        const empty = (TOP + TYPE_HEIGHT - bottom) / TYPE_HEIGHT;
        expect(empty, `${extra} more lines: page ${page} is ${Math.round(empty * 100)} % empty`).toBeLessThanOrEqual(1 / 3);
      }
    }
  });

  it('keeps every row whole on one page, and repeats the header on every page the rows stand on', () => {
    for (const [extra, file] of files.entries()) {
      const { tokens } = readingOrder(file);
      const requests = requestsRuns(variants[extra]!);
      const rows = findRunsInOrder(tokens, [...requests.header, ...requests.rows]).slice(requests.header.length);
      for (const [index, row] of rows.entries()) expect(row.pages, `${extra} more lines: row ${requests.rows[index]!.join(' ')}`).toHaveLength(1);
      for (const page of new Set(rows.flatMap((row) => row.pages))) {
        const onPage = tokens.filter((token) => token.page === page);
        expect(findRun(onPage, 0, requests.header[0]!), `${extra} more lines: the header on page ${page}`).toBeDefined();
      }
    }
  });

  it('never leaves the sub-heading as the last line of a page', () => {
    for (const [extra, file] of files.entries()) {
      const lines = bodyLines(file);
      const at = lines.findIndex((line) => compact(line.text) === SUBHEADING);
      expect(at, `${extra} more lines: the sub-heading on a line of its own`).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]!.page, `${extra} more lines: the line after the sub-heading`).toBe(lines[at]!.page);
    }
  });
});
