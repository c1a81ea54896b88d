/**
 * Real published reports (test/fixtures/real) printed through the real printer and read back
 * from the PDF: every heading, label, number and paragraph in reading order, blanks printed
 * blank, labels as published, and no number, date, phone number or e-mail address broken over
 * two lines (a broken "2019" reads, and is extracted, as "201" and "9"). Needs poppler-utils.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { printReport } from '../../functions/publish';
import { SECTION_ORDER, validateReport, type Report } from '../../functions/report';
import { usePdfPrinter } from '../helpers/pdf-printer';
import { compact, findRunsInOrder, pageLines, readingOrder, TOP, TYPE_HEIGHT, writePdf } from '../helpers/pdf-reading';
import { realReports } from '../helpers/real-reports';
import { blockRuns, reportRuns } from '../helpers/report-reading';

/**
 * What must stand whole on one line: dates, phone numbers, e-mail addresses, and any other
 * figure, in that order of preference so that a date is one unit rather than three numbers.
 */
const UNBREAKABLE = /\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{3,4}[-—－]\d{7,8}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d+(?:[.．]\d+)?%?/g;

function unbreakableUnits(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const [unit] of text.matchAll(UNBREAKABLE)) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  return counts;
}

/** The lines of the printed text in drawing order, without the gaps a justified line puts between characters. */
function printedLines(file: string): string[] {
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).split(/[\n\f]/).map(compact);
}

const pdfPrinter = usePdfPrinter('real-pdf');
const { folder } = pdfPrinter;

describe.each(realReports().map((real) => [real.slug, real] as const))('the real report %s printed', (slug, real) => {
  let report: Report;
  let file: string;

  beforeAll(async () => {
    report = validateReport(real.json()).report!;
    file = writePdf((await printReport(report, pdfPrinter.printer())).pdf, folder, slug);
  });

  it('has every heading, label, number and paragraph in reading order', () => {
    expect(findRunsInOrder(readingOrder(file).tokens, reportRuns(report))).toHaveLength(reportRuns(report).length);
  });

  it('prints each paragraph whole, whitespace aside', () => {
    const text = compact(readingOrder(file).tokens.map((token) => token.text).join(''));
    const narrative = [report.introduction, ...SECTION_ORDER.map((key) => report.sections[key].blocks)].flatMap(blockRuns);
    for (const [paragraph] of narrative) expect(text).toContain(compact(paragraph!));
  });

  it('leaves no page but the last more than a third empty', () => {
    const lines = pageLines(file).filter((line) => line.yMax <= TOP + TYPE_HEIGHT + 1.5);
    const pages = Math.max(...lines.map((line) => line.page));
    for (let page = 1; page < pages; page++) {
      const bottom = Math.max(...lines.filter((line) => line.page === page).map((line) => line.yMax));
      const empty = (TOP + TYPE_HEIGHT - bottom) / TYPE_HEIGHT;
      expect(empty, `page ${page} is ${Math.round(empty * 100)} % empty`).toBeLessThanOrEqual(1 / 3);
    }
  });

  it('breaks no number, date, phone number or e-mail address over two lines', () => {
    const narrative = [report.introduction, ...SECTION_ORDER.map((key) => report.sections[key].blocks)].flatMap(blockRuns).map(([text]) => text!);
    const printed = unbreakableUnits(printedLines(file));
    for (const [unit, count] of unbreakableUnits(narrative)) {
      expect(printed.get(unit) ?? 0, `"${unit}" whole on a line ${count} time(s)`).toBeGreaterThanOrEqual(count);
    }
  });
});
