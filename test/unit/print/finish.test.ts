/**
 * finish.ts on PDFs laid out as Chromium writes them (test/helpers/skia-like-pdf.ts): the
 * incremental update opens in poppler with the report's document information and text, the print
 * time and Chromium's node numbering never reach the output, the same input gives the same bytes,
 * and a PDF of another layout is refused with an error that names what was wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf, UnexpectedPdf } from '../../../functions/print/finish';
import type { PdfMeta } from '../../../functions/print/printer';
import { skiaLikePdf } from '../../helpers/skia-like-pdf';

const META: PdfMeta = {
  title: '宿迁市残疾人联合会2020年政府信息公开工作年度报告',
  author: '宿迁市残疾人联合会',
  subject: '2020年政府信息公开工作年度报告',
  keywords: ['政府信息公开', '年度报告', '2020'],
  language: 'zh-CN',
  date: new Date('2021-01-28T00:00:00Z'),
};

const work = mkdtempSync(join(tmpdir(), 'nianbao-finish-test-'));
let files = 0;

function poppler(tool: 'pdfinfo' | 'pdftotext', pdf: Uint8Array, ...options: string[]): string {
  const file = join(work, `${++files}.pdf`);
  writeFileSync(file, pdf);
  const run = spawnSync(tool, [...options, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  // Poppler repairs what it can and says so on stderr ("Syntax Error", "xref"): any word there fails.
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const bytesOf = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** Moves the xref entry of one object a byte forward, off its `N 0 obj` line. */
function shiftXrefEntry(pdf: Uint8Array, number: number): Uint8Array {
  const text = latin1(pdf);
  const entry = text.indexOf('xref\n0 ') + 'xref\n0 7\n'.length + number * 20;
  const moved = String(Number(text.slice(entry, entry + 10)) + 1).padStart(10, '0');
  return bytesOf(text.slice(0, entry) + moved + text.slice(entry + 10));
}
const chromium = (overrides: Partial<Parameters<typeof skiaLikePdf>[0]> = {}) =>
  skiaLikePdf({ text: 'Annual report page one', printedAt: '20261127040444', nodeIds: [643, 650], lang: 'zh-CN', ...overrides });

describe('finishPdf', () => {
  it('gives a PDF that poppler opens, with the report as its document information and the text intact', async () => {
    const { pdf, pages } = await finishPdf(chromium(), META);
    expect(pages).toBe(1);
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/^Title:\s+宿迁市残疾人联合会2020年政府信息公开工作年度报告$/m);
    expect(info).toMatch(/^Author:\s+宿迁市残疾人联合会$/m);
    expect(info).toMatch(/^Subject:\s+2020年政府信息公开工作年度报告$/m);
    expect(info).toMatch(/^Keywords:\s+政府信息公开 年度报告 2020$/m);
    expect(info).toMatch(/^Creator:\s+nianbao$/m);
    expect(info).toMatch(/^Producer:\s+nianbao \(Chromium\)$/m);
    expect(info).toMatch(/^CreationDate:\s+Thu Jan 28 00:00:00 2021 UTC$/m);
    expect(info).toMatch(/^ModDate:\s+Thu Jan 28 00:00:00 2021 UTC$/m);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(poppler('pdftotext', pdf)).toContain('Annual report page one');
  });

  it('keeps Chromium\'s bytes as the first revision and appends an update that points back at them', async () => {
    const input = chromium();
    const { pdf } = await finishPdf(input, META);
    expect(latin1(pdf.subarray(input.byteLength))).toMatch(/^\nxref|^\n1 0 obj/);
    expect(latin1(pdf)).toMatch(/\/Prev \d+>>\nstartxref\n\d+\n%%EOF\n$/);
    expect(latin1(pdf)).toMatch(/\/ID \[<([0-9a-f]{32})> <\1>\]/);
  });

  it('lets neither the print time nor Chromium\'s node numbering through, so reprints are byte-identical', async () => {
    const first = await finishPdf(chromium(), META);
    const second = await finishPdf(chromium({ printedAt: '20261127235959', nodeIds: [9101, 9108] }), META);
    expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    expect(latin1(first.pdf)).not.toContain('2026');
    expect(latin1(first.pdf)).toContain('(node00000001) 6 0 R (node00000002) 6 0 R');
  });

  it('ranks node numbers in their order, to as many digits as there are ids, repeats alike', async () => {
    const ids = [9108, 9101, 70_000_001, 9150, 9120, ...Array.from({ length: 10 }, (_, i) => 100 + i), 9101];
    const input = chromium({ nodeIds: ids });
    const { pdf } = await finishPdf(input, META);
    // In Chromium's revision; the update's copy of the structure tree root repeats them.
    const ranks = [...latin1(pdf.subarray(0, input.byteLength)).matchAll(/\(node(\d{8})\)/g)].map((match) => match[1]);
    expect(ranks).toEqual(['00000012', '00000011', '00000015', '00000014', '00000013', ...Array.from({ length: 10 }, (_, i) => String(i + 1).padStart(8, '0')), '00000011']);
  });

  it('maps the PDF 2.0 type /Strong that Chromium tags to Span, so poppler reads the structure tree without a complaint', async () => {
    const input = chromium();
    const unmapped = join(work, 'unmapped.pdf');
    writeFileSync(unmapped, input);
    expect(spawnSync('pdfinfo', ['-struct', unmapped], { encoding: 'utf8' }).stderr).toContain('StructElem object is wrong type (Strong)');
    const { pdf } = await finishPdf(input, META);
    expect(poppler('pdfinfo', pdf, '-struct')).toMatch(/^Span\b/m);
    expect(latin1(pdf.subarray(input.byteLength))).toContain('/RoleMap <</Strong /Span /Em /Span>>');
  });

  it('derives the /ID from the content', async () => {
    const one = await finishPdf(chromium(), META);
    const other = await finishPdf(chromium({ text: 'Another report' }), META);
    const id = (pdf: Uint8Array) => /\/ID \[<([0-9a-f]{32})>/.exec(latin1(pdf))![1];
    expect(id(one.pdf)).not.toBe(id(other.pdf));
  });

  it.each([
    ['no /Lang', undefined],
    ['another /Lang', 'en-US'],
  ])('writes the report\'s language into a new catalog when Chromium wrote %s', async (_, lang) => {
    const { pdf } = await finishPdf(chromium({ lang }), META);
    const catalog = (await PDFDocument.load(pdf)).catalog;
    expect(catalog.lookup(PDFName.of('Lang'), PDFString, PDFHexString).decodeText()).toBe('zh-CN');
    expect(poppler('pdftotext', pdf)).toContain('Annual report page one');
  });

  it('leaves Chromium\'s catalog alone when its /Lang is the report\'s', async () => {
    const { pdf } = await finishPdf(chromium(), META);
    expect(latin1(pdf).match(/\/Type \/Catalog/g)).toHaveLength(1);
  });

  describe('refuses a PDF that is not laid out as Chromium writes one', () => {
    const cases: [string, () => Promise<Uint8Array>, RegExp][] = [
      ['truncated', async () => chromium().subarray(0, 400), /no startxref and %%EOF at the end/],
      [
        'with a cross-reference stream',
        async () => (await PDFDocument.create().then((doc) => (doc.addPage(), doc.save({ useObjectStreams: true })))),
        /does not point at an xref table/,
      ],
      [
        'with an xref offset that misses its object',
        async () => shiftXrefEntry(chromium(), 5),
        /object 5 is not where the xref table says/,
      ],
      [
        'already updated once',
        async () => (await finishPdf(chromium(), META)).pdf,
        /the trailer has \/Prev/,
      ],
    ];
    it.each(cases)('%s', async (_, input, message) => {
      const error = await finishPdf(await input(), META).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnexpectedPdf);
      expect(String(error)).toMatch(message);
    });
  });
});
