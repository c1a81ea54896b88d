/**
 * Issue 20, point 6: files that are not reports, or are built to hurt, get a clear refusal in
 * bounded time: an encrypted PDF, a scan with no text, a PDF of half a million objects, a Word
 * zip bomb, a 50 MB file, a kind of file the importer does not read.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { importFile, ImportInputError } from '../../../functions/import/adapters';

async function refusal(bytes: Uint8Array, name: string): Promise<ImportInputError> {
  const error = await importFile(bytes, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportInputError);
  return error as ImportInputError;
}

/** A zip of one entry, as a .docx is, holding `data` deflated. */
function zipOf(name: string, data: Uint8Array): Uint8Array {
  const compressed = deflateRawSync(data);
  const file = new TextEncoder().encode(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const centralOffset = local.length + file.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, file, compressed, central, file, end]));
}

describe('hostile and unreadable files', () => {
  it('refuses an encrypted PDF', async () => {
    const error = await refusal(new Uint8Array(readFileSync('test/fixtures/import/encrypted.pdf')), 'report.pdf');
    expect(error.message).toBe('the PDF is encrypted; give an unencrypted file');
    expect(error.zh).toBe('PDF 已加密，请提供未加密的文件');
  });

  it('says a PDF without a text layer (a scan) cannot be read', async () => {
    const document = await PDFDocument.create();
    document.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
    const error = await refusal(await document.save(), 'scan.pdf');
    expect(error.message).toMatch(/^the PDF has no text layer \(a scan\?\)/);
  });

  it('refuses a PDF of 400,000 objects and no cross-reference table before pdf.js scans them', async () => {
    // Without an xref table pdf.js would scan every object to rebuild one, holding an entry for each.
    const objects = Array.from({ length: 400_000 }, (_, i) => `${i + 4} 0 obj ${i} endobj`).join('\n');
    const pdf = `%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n${objects}\ntrailer <</Root 1 0 R>>\n%%EOF`;
    const bytes = new TextEncoder().encode(pdf);
    expect(bytes.length).toBeGreaterThan(8_000_000);
    const started = performance.now();
    const error = await refusal(bytes, 'many.pdf');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe('the PDF has 400003 objects, more than 100000: not a report');
  });

  it('refuses a PDF whose object stream or cross-reference stream declares a million objects, before parsing it', async () => {
    const head = '%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n';
    for (const declaration of ['4 0 obj <</Type/ObjStm/N 1000000/First 10/Length 0>>\nstream\n\nendstream\nendobj\n', '4 0 obj <</Type/XRef/Size 5/Index[0 5 5 999995]/W[1 4 4]/Length 0>>\nstream\n\nendstream\nendobj\n']) {
      const bytes = new TextEncoder().encode(`${head}${declaration}startxref\n${head.length}\n%%EOF`);
      expect((await refusal(bytes, 'declared.pdf')).message).toBe('the PDF has 1000000 objects, more than 100000: not a report');
    }
  });

  it('refuses a Word zip bomb before unzipping it', async () => {
    const bomb = zipOf('word/document.xml', new Uint8Array(60 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    const started = performance.now();
    const error = await refusal(bomb, 'report.docx');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe(`the Word file unzips to ${60 * 1024 * 1024} bytes: not a report (a zip bomb?)`);
  });

  it('refuses a file that is not a zip as a Word file', async () => {
    expect((await refusal(new TextEncoder().encode('not a zip'), 'report.docx')).message).toBe('this is not a valid Word (.docx) file');
  });

  it('refuses a 50 MB file before reading it', async () => {
    const error = await refusal(new Uint8Array(50 * 1024 * 1024), 'huge.txt');
    expect(error.message).toBe(`the file has ${50 * 1024 * 1024} bytes, more than the limit of ${20 * 1024 * 1024}`);
  });

  it('refuses a kind of file it does not read', async () => {
    expect((await refusal(new Uint8Array(4), 'report.xlsx')).message).toBe('cannot import "report.xlsx": give a .pdf, .docx, .html/.htm or .txt file');
  });
});
