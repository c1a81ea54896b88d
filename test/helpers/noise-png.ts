/**
 * PNGs of random pixels (PNG spec: signature, IHDR, PLTE for a palette, one IDAT, IEND), which no
 * compression shrinks: as large in a PDF as their pixels. `rgb`: 3 bytes a pixel in the PNG as in
 * the PDF. `palette`: 1 byte a pixel in the PNG, 3 in the PDF (Chromium embeds it as RGB), for a
 * PDF three times larger than its request.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
}

/** A `side`×`side` PNG of random pixels. */
export function noisePng(side: number, kind: 'rgb' | 'palette' = 'rgb'): Buffer {
  const bytesPerPixel = kind === 'rgb' ? 3 : 1;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, kind === 'rgb' ? 2 : 3, 0, 0, 0], 8); // 8 bits, RGB or palette, no interlace
  const rows = Buffer.concat(Array.from({ length: side }, () => Buffer.concat([Buffer.from([0]), randomBytes(side * bytesPerPixel)])));
  const palette = kind === 'palette' ? [chunk('PLTE', randomBytes(256 * 3))] : [];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), ...palette, chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
