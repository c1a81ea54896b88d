import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../functions/report';
import { imageFlaw, MAX_IMAGE_PIXELS } from '../../../functions/report/image-structure';
import { loadExample } from '../../helpers/examples';

const JPEG = new Uint8Array(readFileSync(new URL('../../fixtures/gradient-64x48.jpg', import.meta.url)));
const seedPng = () => new Uint8Array(Buffer.from(loadExample('seed2020').sections.overview.blocks[2].data, 'base64'));

/** The seed report with its image replaced by these bytes; the problems at the image's data. */
function dataProblems(mediaType: string, bytes: Uint8Array) {
  const report = loadExample('seed2020');
  Object.assign(report.sections.overview.blocks[2], { mediaType, data: Buffer.from(bytes).toString('base64') });
  const result = parseReport(report);
  return result.ok ? [] : result.problems.filter((problem) => problem.path === 'sections.overview.blocks[2].data');
}

/** A PNG chunk with its CRC, computed here independently of the module under test (zlib's crc32). */
async function pngChunk(type: string, data: Uint8Array): Promise<Uint8Array> {
  const { crc32 } = await import('node:zlib');
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
  return chunk;
}

describe('image structure', () => {
  it('accepts the PNG of the seed and a JPEG as Chromium encodes them', () => {
    expect(imageFlaw('image/png', seedPng())).toBeUndefined();
    expect(imageFlaw('image/jpeg', JPEG)).toBeUndefined();
    expect(dataProblems('image/jpeg', JPEG)).toEqual([]);
  });

  it('refuses a PNG with a damaged, missing or truncated part, naming the data', () => {
    const flipped = seedPng();
    flipped[flipped.length - 30]! ^= 0xff; // inside the IDAT chunk
    expect(dataProblems('image/png', flipped)).toEqual([
      expect.objectContaining({ zh: expect.stringContaining('图片数据不完整或已损坏'), en: 'the image data is damaged or incomplete (the IDAT chunk fails its CRC)' }),
    ]);
    expect(imageFlaw('image/png', seedPng().subarray(0, 200))).toEqual({ kind: 'damaged', reason: 'a chunk runs past the end of the file' });
    const garbage = new Uint8Array(64).fill(0x41);
    garbage.set(seedPng().subarray(0, 8));
    expect(imageFlaw('image/png', garbage)?.kind).toBe('damaged');
  });

  it('forgives what Chromium forgives: a bad CRC in an ancillary chunk, no IEND, stray bytes between JPEG segments, no JPEG end marker', async () => {
    const png = seedPng();
    const ihdrEnd = 8 + 12 + 13;
    const text = await pngChunk('tEXt', new TextEncoder().encode('Comment\0x'));
    text[text.length - 1]! ^= 0xff;
    expect(imageFlaw('image/png', Buffer.concat([png.subarray(0, ihdrEnd), text, png.subarray(ihdrEnd)]))).toBeUndefined();
    expect(imageFlaw('image/png', png.subarray(0, png.length - 12))).toBeUndefined();
    const app0End = 4 + ((JPEG[4]! << 8) | JPEG[5]!);
    expect(imageFlaw('image/jpeg', Buffer.concat([JPEG.subarray(0, app0End), Uint8Array.of(0, 0), JPEG.subarray(app0End)]))).toBeUndefined();
    expect(imageFlaw('image/jpeg', JPEG.subarray(0, JPEG.length - 2))).toBeUndefined();
  });

  it('refuses a PNG whose header claims more than MAX_IMAGE_PIXELS', async () => {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(30_000, 0);
    header.writeUInt32BE(30_000, 4);
    header.set([8, 6, 0, 0, 0], 8);
    const bomb = Buffer.concat([seedPng().subarray(0, 8), await pngChunk('IHDR', header), await pngChunk('IDAT', new Uint8Array(10)), await pngChunk('IEND', new Uint8Array(0))]);
    expect(imageFlaw('image/png', bomb)).toEqual({ kind: 'too_many_pixels', width: 30_000, height: 30_000 });
    expect(dataProblems('image/png', bomb)).toEqual([
      expect.objectContaining({ en: `the image has too many pixels: 30000×30000 (limit ${MAX_IMAGE_PIXELS / 1_000_000} million)`, zh: expect.stringContaining('2500 万像素') }),
    ]);
  });

  it('refuses a JPEG cut short before its image data or without a frame before its scan', () => {
    expect(imageFlaw('image/jpeg', JPEG.subarray(0, 300))).toEqual({ kind: 'damaged', reason: 'a marker segment runs past the end of the file' });
    const noFrame = Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x00, 0xff, 0xd9]);
    expect(imageFlaw('image/jpeg', noFrame)).toEqual({ kind: 'damaged', reason: 'the scan comes before any frame header' });
    expect(dataProblems('image/jpeg', Uint8Array.from([0xff, 0xd8, 0xff, ...new Array(40).fill(0x41)]))).toHaveLength(1);
  });
});
