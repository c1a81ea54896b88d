/**
 * The structure of an image file, checked without decoding its pixels: a PNG's chunks (lengths,
 * IHDR first, image data, the CRCs of the chunks a decoder needs) and a JPEG's segments (a frame
 * header, then a scan with data). A file that fails prints as Chromium's broken-image icon with
 * its alt text beside it, and once archived it stays that way; a file whose header promises more
 * pixels than MAX_IMAGE_PIXELS would be decoded to that many (a 2 MiB PNG can claim gigabytes).
 * What Chromium's decoders forgive is forgiven here too (checked by printing each case): a bad CRC
 * in an ancillary PNG chunk, a PNG that ends after its image data without IEND, stray bytes
 * between JPEG segments, a JPEG without its end marker. Pure; runs in every runtime.
 */

/** 25 million pixels: 100 MB decoded (RGBA), and ~10× what the widest print (156 mm at 600 dpi) needs. */
export const MAX_IMAGE_PIXELS = 25_000_000;

export type ImageFlaw = { kind: 'damaged'; reason: string } | { kind: 'too_many_pixels'; width: number; height: number };

const damaged = (reason: string): ImageFlaw => ({ kind: 'damaged', reason });

function pixelFlaw(width: number, height: number): ImageFlaw | undefined {
  if (width === 0 || height === 0) return damaged('the image has no pixels');
  return width * height > MAX_IMAGE_PIXELS ? { kind: 'too_many_pixels', width, height } : undefined;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const uint32 = (bytes: Uint8Array, at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
const uint16 = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** An ancillary chunk (lowercase first letter, ISO/IEC 15948 §5.4) may be skipped by a decoder. */
const isCritical = (type: string) => type.charCodeAt(0) >= 0x41 && type.charCodeAt(0) <= 0x5a;

/** PNG (ISO/IEC 15948 §5): the 8-byte signature, then chunks of length, type, data and CRC. */
function pngFlaw(bytes: Uint8Array): ImageFlaw | undefined {
  let at = 8;
  let first = true;
  let sawData = false;
  while (at + 12 <= bytes.length) {
    const length = uint32(bytes, at);
    const end = at + 12 + length;
    if (end > bytes.length) return damaged('a chunk runs past the end of the file');
    const type = ascii(bytes, at + 4, at + 8);
    if (isCritical(type) && type !== 'IEND' && crc32(bytes, at + 4, end - 4) !== uint32(bytes, end - 4)) return damaged(`the ${type} chunk fails its CRC`);
    if (first) {
      if (type !== 'IHDR' || length !== 13) return damaged('the file does not start with an IHDR chunk');
      const flaw = pixelFlaw(uint32(bytes, at + 8), uint32(bytes, at + 12));
      if (flaw) return flaw;
      first = false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    at = end;
  }
  if (first) return damaged('the file has no IHDR chunk');
  return sawData ? undefined : damaged('the file has no image data');
}

/** Start-of-frame markers (ITU T.81 Table B.1): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isFrameHeader = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG (ITU T.81 Annex B): SOI, marker segments with their lengths up to a frame header and a scan with data. */
function jpegFlaw(bytes: Uint8Array): ImageFlaw | undefined {
  let at = 2;
  let sawFrame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) {
      at += 1; // a stray byte between segments: libjpeg skips it with a warning
      continue;
    }
    const marker = bytes[at + 1]!;
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += marker === 0xff ? 1 : 2; // a fill byte, or a marker without a segment (TEM, RSTn, SOI)
      continue;
    }
    const length = uint16(bytes, at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return damaged('a marker segment runs past the end of the file');
    if (isFrameHeader(marker)) {
      if (length < 8) return damaged('the frame header is too short');
      const flaw = pixelFlaw(uint16(bytes, at + 7), uint16(bytes, at + 5));
      if (flaw) return flaw;
      sawFrame = true;
    }
    if (marker === 0xda) {
      if (!sawFrame) return damaged('the scan comes before any frame header');
      // The entropy-coded data follows; without its end marker it still decodes (as far as it goes).
      return at + 2 + length < bytes.length ? undefined : damaged('the scan holds no image data');
    }
    at += 2 + length;
  }
  return damaged('the file ends before its image data');
}

/** What is wrong with the structure of an image of `mediaType` whose signature already matched, if anything. */
export function imageFlaw(mediaType: 'image/png' | 'image/jpeg', bytes: Uint8Array): ImageFlaw | undefined {
  return mediaType === 'image/png' ? pngFlaw(bytes) : jpegFlaw(bytes);
}
