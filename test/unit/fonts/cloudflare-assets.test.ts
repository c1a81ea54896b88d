/**
 * The Worker's fonts (fonts/cloudflare-assets.ts) on the real bundled faces, served as the assets
 * binding serves them: a stream in small chunks with no content-length. One hb-subset instance
 * takes every face in turn, document after document, and cuts the very bytes that a face kept in
 * an instance of its own cuts (the Node path); a face that arrives short or long is refused by name.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faceCodepointsOf } from '../../../functions/fonts/charset';
import { createCloudflareFontAssets } from '../../../functions/fonts/cloudflare-assets';
import { SUBSETTER_WASM } from '../../../functions/fonts/sources';
import { faceFile } from '../../../functions/fonts/node-assets';
import { sfntLength } from '../../../functions/fonts/sfnt-length';
import { compileSubsetter, loadSubsetFace } from '../../../functions/fonts/subset';
import { FONT_FACES, fontPath } from '../../../functions/render/assets';
import { renderHtml } from '../../../functions/render/html';
import { parsedExample } from '../render/html-reading';

const EXAMPLE_HTML = [renderHtml(parsedExample('seed2020')), renderHtml(parsedExample('consistent2021'))];
/** Smaller than a table directory, so a face's length is known only after several chunks. */
const CHUNK = 100;

let subsetter: WebAssembly.Module;
const sfnt = new Map<string, Uint8Array>();
beforeAll(async () => {
  subsetter = await compileSubsetter(await readFile(join('node_modules', SUBSETTER_WASM)));
  for (const font of FONT_FACES) sfnt.set(fontPath(font), new Uint8Array(await readFile(await faceFile(font.file))));
});

function streamed(bytes: Uint8Array): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // A large face would take long in 100-byte chunks; after the directory, 1 MiB at a time.
      const size = offset < 4096 ? CHUNK : 1 << 20;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
  return new Response(body, { headers: { 'cache-control': 'public, max-age=0, must-revalidate' } });
}

describe('sfntLength', () => {
  it('reads each bundled face\'s length from its table directory, and waits for the whole directory', () => {
    for (const bytes of sfnt.values()) {
      expect(bytes.byteLength - sfntLength(bytes)!).toBeGreaterThanOrEqual(0);
      expect(bytes.byteLength - sfntLength(bytes)!).toBeLessThanOrEqual(3);
      expect(sfntLength(bytes.subarray(0, 11))).toBeUndefined();
      expect(sfntLength(bytes.subarray(0, 12 + 16))).toBeUndefined();
    }
  });
});

describe('the Worker\'s font assets', () => {
  it('subsets every face of both examples, twice over, through one instance, as a face in its own instance does', async () => {
    const fonts = createCloudflareFontAssets({ subsetter, fetchFace: async (path) => streamed(sfnt.get(path)!) });
    for (const html of [...EXAMPLE_HTML, ...EXAMPLE_HTML]) {
      const assets = fonts.forDocument(html);
      for (const font of FONT_FACES) {
        const served = await assets(fontPath(font));
        const own = await loadSubsetFace(subsetter, sfnt.get(fontPath(font))!);
        expect(served?.contentType).toBe('font/ttf');
        expect(Buffer.from(served!.body).equals(Buffer.from(own.subset(faceCodepointsOf(html, font))))).toBe(true);
      }
    }
    expect(await fonts.forDocument(EXAMPLE_HTML[0]!)('fonts/unknown.ttf')).toBeUndefined();
  });

  it('refuses a face that arrives cut short or with bytes past its tables, and the next face still loads', async () => {
    const body = fontPath(FONT_FACES[0]!);
    const whole = sfnt.get(body)!;
    const served = new Map([
      ['short', whole.subarray(0, whole.byteLength - 1000)],
      ['long', new Uint8Array([...whole.subarray(0, 4096), ...new Uint8Array(whole.byteLength)])],
      ['directory', whole.subarray(0, 20)],
    ]);
    let next = 'short';
    const fonts = createCloudflareFontAssets({ subsetter, fetchFace: async (path) => streamed(next === 'whole' ? sfnt.get(path)! : served.get(next)!) });
    const assets = fonts.forDocument(EXAMPLE_HTML[1]!);
    await expect(assets(body)).rejects.toThrow(`font ${body}: ${whole.byteLength - 1000} of its`);
    next = 'long';
    await expect(assets(body)).rejects.toThrow(`font ${body} runs past the`);
    next = 'directory';
    await expect(assets(body)).rejects.toThrow(`font ${body} ends inside its table directory`);
    next = 'whole';
    expect((await assets(body))?.body.byteLength).toBeGreaterThan(1000);
  });
});
