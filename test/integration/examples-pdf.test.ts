/**
 * The two example reports printed through the real printer (bundled Chromium, bundled fonts),
 * read back from the PDF as a reader meets it (issue 3, "Done when"). The text is read in the
 * order the pages draw it (`pdftotext -raw`, see test/helpers/pdf-reading.ts) rather than from
 * the tag tree: it is what is printed, not what the tags claim, while the physical layout mode
 * interleaves the lines of wrapped header cells.
 * Every label comes from the label modules and every number from the JSON
 * (test/helpers/report-reading.ts); each table row must stand whole on one page, and where
 * section 三 goes on over a page its header must stand there again. Then where the text sits:
 * inside the 156 × 225 mm type area of GB/T 9704, the binding margin (订口) on the inner side,
 * the folio "— N —" at the outer side. Needs poppler-utils.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChromiumPrinter } from '../../functions/print/chromium';
import { codepointsOf } from '../../functions/fonts/charset';
import { createFontAssets } from '../../functions/fonts/node-assets';
import { FONT_FACES, type AssetSource } from '../../functions/render/assets';
import { pdfMetaOf, printReport } from '../../functions/publish';
import { SECTION_HEADINGS, SECTION_ORDER, reportTitle, type Report } from '../../functions/report';
import {
  MM,
  OUTER,
  TOP,
  TYPE_HEIGHT,
  TYPE_WIDTH,
  compact,
  findRun,
  findRunsInOrder,
  outlineTitles,
  pageWords,
  pdfFonts,
  pdfInfo,
  pdfStructure,
  readingOrder,
  structureComplaints,
  typeAreaLeft,
  writePdf,
} from '../helpers/pdf-reading';
import { usePdfPrinter } from '../helpers/pdf-printer';
import { blockRuns, reportRuns, requestsRuns } from '../helpers/report-reading';
import { parsedExample } from '../unit/render/html-reading';

/** The folio stands one character (14pt, 4号) in from the outer edge of the type area. */
const FOLIO_INDENT = 14;
/** Word boxes are the fonts' boxes, a little wider than the ink. */
const SLACK = 1.5;

function expectNear(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual.toFixed(1)}pt, expected ${expected.toFixed(1)}pt`).toBeLessThanOrEqual(SLACK);
}

/**
 * The bundled fonts as they were before faces were scoped to their elements (BundledFont.drawnIn):
 * every face subset with every character of the document, put inside each scoped element.
 */
function wholeDocumentFonts(fonts: AssetSource): AssetSource {
  return {
    forDocument(html) {
      const characters = String.fromCodePoint(...[...codepointsOf(html)].filter((codepoint) => codepoint > 0x7f));
      const scoped = FONT_FACES.flatMap((face) => face.drawnIn ?? []).map((tag) => `${tag}${characters}</${/^<(\w+)/.exec(tag)![1]}>`);
      return fonts.forDocument(html + scoped.join(''));
    },
  };
}

/** Each page of the PDF as a PNG (pdftoppm at 50 dpi). */
function pagePngs(file: string): Buffer[] {
  const prefix = file.replace(/\.pdf$/, '-page');
  execFileSync('pdftoppm', ['-r', '50', '-png', file, prefix]);
  const base = prefix.slice(prefix.lastIndexOf('/') + 1);
  return readdirSync(folder)
    .filter((name) => name.startsWith(base) && name.endsWith('.png'))
    .sort()
    .map((name) => readFileSync(join(folder, name)));
}

/**
 * The 2021 example with counts of four and five digits, still consistent: 12 000 more requests from
 * natural persons granted, 1 500 more from businesses partly granted, and more reviews and suits.
 * Each count must print whole on one line of its narrow column.
 */
function withLargeCounts(report: Report): Report {
  const large = structuredClone(report) as Report;
  const { received, results } = large.sections.requests.table;
  const add = (row: Record<string, number>, column: string, more: number) => {
    row[column]! += more;
    row.total! += more;
  };
  const rows = (...named: unknown[]) => named as Record<string, number>[];
  for (const row of rows(received, results.granted, results.total)) add(row, 'naturalPerson', 12_000);
  for (const row of rows(received, results.partiallyGranted, results.total)) add(row, 'commercial', 1_500);
  const { review, litigationDirect } = large.sections.reviews.table;
  add(review as unknown as Record<string, number>, 'upheld', 1_200);
  add(litigationDirect as unknown as Record<string, number>, 'upheld', 12_000);
  return large;
}

/** Sub-headings of two levels, whose characters their faces must hold, and a long paragraph. */
function withParagraphInProactive(report: Report): Report {
  const moved = structuredClone(report) as Report;
  const text = `${'政务公开工作持续深化，信息发布更加规范及时，公众满意度稳步提升。'.repeat(10)}政务公开工作持续深化，信息。`;
  moved.sections.proactive.blocks = [
    { type: 'subheading', text: '（一）主动公开方面' },
    { type: 'subheading', text: '基础信息稳步扩面' },
    { type: 'paragraph', text },
  ];
  return moved;
}

const pdfPrinter = usePdfPrinter('examples-pdf');
const { folder } = pdfPrinter;

describe.each([
  { name: 'seed2020', report: parsedExample('seed2020'), fonts: ['LXGWWenKai-Light', 'NotoSansSC-Regular', 'NotoSerifSC-Black', 'NotoSerifSC-Regular'] },
  {
    name: 'consistent2021',
    report: parsedExample('consistent2021'),
    fonts: ['LXGWWenKai-Light', 'NotoSansSC-Regular', 'NotoSerifSC-Black', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular'],
  },
  {
    // A page break that used to leave section 三's header and its first row at a page foot.
    name: 'consistent2021 with sub-headings and a paragraph in section 二',
    report: withParagraphInProactive(parsedExample('consistent2021')),
    fonts: ['LXGWWenKai-Light', 'NotoSansSC-Regular', 'NotoSerifSC-Black', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular'],
  },
  {
    name: 'consistent2021 with five-digit counts',
    report: withLargeCounts(parsedExample('consistent2021')),
    fonts: ['LXGWWenKai-Light', 'NotoSansSC-Regular', 'NotoSerifSC-Black', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular'],
  },
] as { name: string; report: Report; fonts: string[] }[])('the example $name printed', ({ name, report, fonts }) => {
  let pdf: Uint8Array;
  let pages: number;
  let file: string;

  beforeAll(async () => {
    ({ pdf, pages } = await printReport(report, pdfPrinter.printer()));
    file = writePdf(pdf, folder, name);
  });

  it('has every heading, label, number and paragraph in reading order, each table row whole on one page', () => {
    const runs = reportRuns(report);
    const found = findRunsInOrder(readingOrder(file).tokens, runs);
    for (const [index, place] of found.entries()) {
      if (runs[index]!.length > 1) expect(place.pages, `run ${index} on one page: ${runs[index]!.join(' ')}`).toHaveLength(1);
    }
  });

  it('repeats the section 三 header on every page its rows stand on', () => {
    const { tokens } = readingOrder(file);
    const requests = requestsRuns(report);
    const rows = findRunsInOrder(tokens, [...requests.header, ...requests.rows]).slice(requests.header.length);
    const pages = [...new Set(rows.flatMap((row) => row.pages))];
    for (const page of pages) {
      const onPage = tokens.filter((token) => token.page === page);
      expect(findRun(onPage, 0, requests.header[0]!), `section 三 header on page ${page}`).toBeDefined();
    }
    if (name === 'consistent2021') expect(pages.length).toBeGreaterThan(1);
  });

  it('starts section 三 with its header and first row on one page, its results label with their first six rows', () => {
    const requests = requestsRuns(report);
    const found = findRunsInOrder(readingOrder(file).tokens, [...requests.header, ...requests.rows]);
    const rows = found.slice(requests.header.length);
    expect(new Set([...found.slice(0, requests.header.length), rows[0]!].flatMap((place) => place.pages)).size).toBe(1);
    // rows[2] is the label 三、本年度办理结果; (一), (二), the label (三) and its rows 1–4 follow.
    expect(new Set(rows.slice(2, 10).flatMap((place) => place.pages)).size).toBe(1);
  });

  it('prints each paragraph of the narrative whole, whitespace aside', () => {
    const text = compact(readingOrder(file).tokens.map((token) => token.text).join(''));
    const { sections } = report;
    const narrative = [report.introduction, ...SECTION_ORDER.map((key) => sections[key].blocks)].flatMap(blockRuns);
    expect(narrative.length).toBeGreaterThan(5);
    for (const [paragraph] of narrative) expect(text).toContain(compact(paragraph!));
  });

  it('numbers every page "— N —", odd pages at the right and even pages at the left', () => {
    const { folios } = readingOrder(file);
    expect(folios).toEqual(Array.from({ length: pages }, (_, i) => `— ${i + 1} —`));
    expect(Number(pdfInfo(file).Pages)).toBe(pages);
    for (const { width, height, words } of pageWords(file)) {
      const page = words[0]!.page;
      const folio = words.filter((word) => word.yMin > TOP + TYPE_HEIGHT);
      expect(folio.map((word) => word.text)).toEqual(['—', String(page), '—']);
      // 7 mm below the type area (format.md §7), give or take the font's ascent.
      expect(folio[0]!.yMin).toBeGreaterThan(TOP + TYPE_HEIGHT + 5 * MM);
      expect(folio[0]!.yMax).toBeLessThan(height - 20 * MM);
      if (page % 2 === 1) expectNear(folio.at(-1)!.xMax, width - OUTER - FOLIO_INDENT, `right end of folio ${page}`);
      else expectNear(folio[0]!.xMin, OUTER + FOLIO_INDENT, `left end of folio ${page}`);
    }
  });

  it('keeps all text inside the type area, the binding margin on the inner side of each page', () => {
    for (const { words } of pageWords(file)) {
      const page = words[0]!.page;
      const left = typeAreaLeft(page);
      const body = words.filter((word) => word.yMin <= TOP + TYPE_HEIGHT);
      // A page may begin with a table, whose text stands its cell padding (1 mm) and rule in.
      const leftmost = Math.min(...body.map((word) => word.xMin));
      expect(leftmost, `left edge of page ${page}`).toBeGreaterThanOrEqual(left - SLACK);
      expect(leftmost, `left edge of page ${page}`).toBeLessThanOrEqual(left + 1.5 * MM);
      expect(Math.max(...body.map((word) => word.xMax)), `right edge of page ${page}`).toBeLessThanOrEqual(left + TYPE_WIDTH + SLACK);
      expect(Math.min(...body.map((word) => word.yMin)), `top of page ${page}`).toBeGreaterThanOrEqual(TOP - SLACK);
      expect(Math.max(...body.map((word) => word.yMax)), `bottom of page ${page}`).toBeLessThanOrEqual(TOP + TYPE_HEIGHT + SLACK);
    }
  });

  it('embeds every font as a subset of a bundled face, none of them Type 3', () => {
    const embedded = pdfFonts(file);
    expect(embedded.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(fonts);
    for (const font of embedded) {
      expect(font).toMatchObject({ embedded: 'yes', subset: 'yes' });
      expect(font.name).toMatch(/^[A-Z]{6}\+/);
      expect(font.type).not.toMatch(/Type 3/);
    }
  });

  it('is tagged, its headings and tables tagged as such, in types PDF 1.7 defines or maps', () => {
    expect(pdfInfo(file).Tagged).toBe('yes');
    expect(structureComplaints(file)).toBe('');
    const structure = pdfStructure(file);
    expect(structure.match(/^\s*H1\b/gm)).toHaveLength(6);
    expect(structure.match(/^\s*Table\b/gm)).toHaveLength(3);
  });

  it('has exactly the six section bookmarks, in order', async () => {
    expect(await outlineTitles(pdf)).toEqual(SECTION_ORDER.map((key) => SECTION_HEADINGS[key]));
  });

  it('carries the report as its document information, dated the day it was published', () => {
    const info = pdfInfo(file);
    const meta = pdfMetaOf(report);
    expect(info).toMatchObject({
      Title: reportTitle(report).join(''),
      Author: report.agency.name,
      Subject: `${report.year}年政府信息公开工作年度报告`,
      Keywords: meta.keywords.join(' '),
      CreationDate: `${report.publishedOn}T00:00:00Z`,
      ModDate: `${report.publishedOn}T00:00:00Z`,
      'Page size': '594.96 x 841.92 pts (A4)',
    });
    expect(meta.keywords).toContain(String(report.year));
  });

  it('prints byte for byte the same PDF again', async () => {
    const { pdf: again } = await printReport(report, pdfPrinter.printer());
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
  });

  it('draws each character in its own face: the scoped subsets print exactly as whole-document ones', async () => {
    const fonts = createFontAssets();
    const reference = createChromiumPrinter({ assets: wholeDocumentFonts(fonts), concurrency: 1 });
    try {
      const { pdf: whole } = await printReport(report, reference);
      const printed = pagePngs(file);
      const expected = pagePngs(writePdf(whole, folder, `${name}-whole-document-fonts`));
      expect(printed).toHaveLength(pages);
      expect(expected).toHaveLength(pages);
      printed.forEach((png, index) => expect(png.equals(expected[index]!), `page ${index + 1}`).toBe(true));
    } finally {
      await reference.close();
    }
  });

  it('stays well under 1 MB', () => {
    expect(pdf.byteLength).toBeLessThan(300_000);
  });
});
