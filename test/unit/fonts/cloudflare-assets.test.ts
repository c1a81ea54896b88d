/**
 * The Worker's fonts (fonts/cloudflare-assets.ts) on the real bundled faces and the reductions
 * that the build writes beside them (scripts/worker-fonts.ts, run here into a temp folder),
 * served as the assets binding serves them: a stream in small chunks with no content-length. One
 * hb-subset instance takes every face in turn, document after document, reduced for documents of
 * common characters and whole for one with a rare character, and cuts the very bytes that a whole
 * face kept in an instance of its own cuts (the Node path); a face that arrives short or long, or
 * a missing asset, is refused by name.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceCodepointsOf } from '../../../functions/fonts/charset';
import { createCloudflareFontAssets, reducedFontPath, REDUCED_CODEPOINTS_PATH } from '../../../functions/fonts/cloudflare-assets';
import { codepointsOfRanges, coversAll, rangesOf } from '../../../functions/fonts/codepoint-ranges';
import { COMMON_CODEPOINTS } from '../../../functions/fonts/reduced-faces';
import { SUBSETTER_WASM } from '../../../functions/fonts/sources';
import { sfntLength } from '../../../functions/fonts/sfnt-length';
import { compileSubsetter, createSubsetInstance, loadSubsetFace } from '../../../functions/fonts/subset';
import { FONT_FACES, fontPath } from '../../../functions/render/assets';
import { renderHtml } from '../../../functions/render/html';
import { writeWorkerFonts } from '../../../scripts/worker-fonts';
import { withRareCharacter } from '../../helpers/examples';
import { parsedExample } from '../render/html-reading';

const EXAMPLE_HTML = [renderHtml(parsedExample('seed2020')), renderHtml(parsedExample('consistent2021'))];
/** The seed report with a character outside the reductions in every face's scope. */
const RARE_HTML = renderHtml(parsedExample('seed2020', withRareCharacter));
/** Smaller than a table directory, so a face's length is known only after several chunks. */
const CHUNK = 100;

let subsetter: WebAssembly.Module;
let assetsDir: string;
/** The Worker's assets as the build wrote them, by path. */
const assets = new Map<string, Uint8Array>();
beforeAll(async () => {
  subsetter = await compileSubsetter(await readFile(join('node_modules', SUBSETTER_WASM)));
  assetsDir = await mkdtemp(join(tmpdir(), 'nianbao-worker-assets-'));
  await writeWorkerFonts(assetsDir);
  for (const path of [...FONT_FACES.flatMap((font) => [fontPath(font), reducedFontPath(font)]), REDUCED_CODEPOINTS_PATH]) {
    assets.set(path, new Uint8Array(await readFile(join(assetsDir, path))));
  }
});
afterAll(() => rm(assetsDir, { recursive: true, force: true }));

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
    for (const bytes of FONT_FACES.flatMap((font) => [assets.get(fontPath(font))!, assets.get(reducedFontPath(font))!])) {
      expect(bytes.byteLength - sfntLength(bytes)!).toBeGreaterThanOrEqual(0);
      expect(bytes.byteLength - sfntLength(bytes)!).toBeLessThanOrEqual(3);
      expect(sfntLength(bytes.subarray(0, 11))).toBeUndefined();
      expect(sfntLength(bytes.subarray(0, 12 + 16))).toBeUndefined();
    }
  });
});

describe('the build\'s code points', () => {
  it('list COMMON_CODEPOINTS as runs, and cover exactly those', () => {
    const ranges = JSON.parse(new TextDecoder().decode(assets.get(REDUCED_CODEPOINTS_PATH))) as number[];
    expect(ranges).toEqual(rangesOf(COMMON_CODEPOINTS));
    expect(rangesOf([5, 3, 4, 9, 7, 3])).toEqual([3, 5, 7, 7, 9, 9]);
    const covered = codepointsOfRanges(ranges);
    for (let codepoint = 0; codepoint <= 0xffff; codepoint++) {
      if (covered.has(codepoint) !== COMMON_CODEPOINTS.has(codepoint)) expect.fail(`U+${codepoint.toString(16)}`);
    }
    expect(coversAll(covered, [0x4e2d, 0x6587])).toBe(true); // 中文
    expect(coversAll(covered, [0x4e2d, 0x9555])).toBe(false); // 中镕
    expect(coversAll(codepointsOfRanges([]), [])).toBe(true);
    expect(coversAll(codepointsOfRanges([]), [0x41])).toBe(false);
  });
});

describe('the Worker\'s font assets', () => {
  it('subsets every face of both examples from its reduction and of a rare document from the whole face, through one instance, as a whole face in its own instance does', async () => {
    const fetched: string[] = [];
    const fonts = createCloudflareFontAssets({
      subsetter,
      fetchAsset: async (path) => {
        fetched.push(path);
        return streamed(assets.get(path)!);
      },
    });
    for (const html of [...EXAMPLE_HTML, RARE_HTML, ...EXAMPLE_HTML, RARE_HTML]) {
      const served = fonts.forDocument(html);
      fetched.length = 0;
      for (const font of FONT_FACES) {
        const asset = await served(fontPath(font));
        const own = await loadSubsetFace(subsetter, assets.get(fontPath(font))!);
        expect(asset?.contentType).toBe('font/ttf');
        expect(Buffer.from(asset!.body).equals(Buffer.from(own.subset(faceCodepointsOf(html, font))))).toBe(true);
      }
      const faces = fetched.filter((path) => path !== REDUCED_CODEPOINTS_PATH);
      expect(faces).toEqual(FONT_FACES.map((font) => (html === RARE_HTML ? fontPath(font) : reducedFontPath(font))));
    }
    expect(await fonts.forDocument(EXAMPLE_HTML[0]!)('fonts/unknown.ttf')).toBeUndefined();
  });

  it('refuses a face that arrives cut short or with bytes past its tables, and a missing asset, and the next face still loads', async () => {
    const font = FONT_FACES[0]!;
    const path = reducedFontPath(font);
    const whole = assets.get(path)!;
    const served = new Map([
      ['short', whole.subarray(0, whole.byteLength - 1000)],
      ['long', new Uint8Array([...whole.subarray(0, 4096), ...new Uint8Array(whole.byteLength)])],
      ['directory', whole.subarray(0, 20)],
      ['sound', whole],
    ]);
    let next = 'short';
    let codepoints: Uint8Array | undefined;
    const fonts = createCloudflareFontAssets({
      subsetter,
      fetchAsset: async (asked) => {
        if (asked !== REDUCED_CODEPOINTS_PATH) return streamed(served.get(next)!);
        return codepoints ? streamed(codepoints) : new Response('Not Found', { status: 404 });
      },
    });
    const document = fonts.forDocument(EXAMPLE_HTML[1]!);
    await expect(document(fontPath(font))).rejects.toThrow(`${REDUCED_CODEPOINTS_PATH} is missing from the Worker's assets (HTTP 404): run npm run worker:fonts`);
    codepoints = assets.get(REDUCED_CODEPOINTS_PATH);
    await expect(document(fontPath(font))).rejects.toThrow(`font ${path}: ${whole.byteLength - 1000} of its`);
    next = 'long';
    await expect(document(fontPath(font))).rejects.toThrow(`font ${path} runs past the`);
    next = 'directory';
    await expect(document(fontPath(font))).rejects.toThrow(`font ${path} ends inside its table directory`);
    next = 'sound';
    expect((await document(fontPath(font)))?.body.byteLength).toBeGreaterThan(1000);
  });
});

describe('an instance with a face region', () => {
  it('takes one face at a time, up to the region\'s size', async () => {
    const body = assets.get(reducedFontPath(FONT_FACES[0]!))!;
    const instance = await createSubsetInstance(subsetter, { faceRegion: body.byteLength });
    await expect(instance.loadFrom(body.byteLength + 1, () => {})).rejects.toThrow(`a ${body.byteLength + 1}-byte font exceeds the ${body.byteLength}-byte face region`);
    const face = await instance.loadFrom(body.byteLength, (target) => target.set(body));
    await expect(instance.loadFrom(10, () => {})).rejects.toThrow('a face is still loaded in the face region');
    const subset = face.subset([0x4e2d]);
    face.unload();
    await expect(instance.loadFrom(10, () => Promise.reject(new Error('stream broke')))).rejects.toThrow('stream broke');
    const again = await instance.loadFrom(body.byteLength, (target) => target.set(body));
    expect(Buffer.from(again.subset([0x4e2d])).equals(Buffer.from(subset))).toBe(true);
  });
});
