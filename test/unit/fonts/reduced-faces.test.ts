/**
 * reduced-faces.ts and its use in node-assets.ts, on the real bundled faces: a subset of a reduced face
 * is byte for byte the subset of the whole face, for the examples' characters and for random sets
 * of the common characters, so a PDF never shows which one served it; node-assets.ts writes each
 * reduction once, serves later documents from it, and turns to the whole face for a character
 * outside it, or when the cached reduction is damaged.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codepointsOf, faceCodepointsOf } from '../../../functions/fonts/charset';
import { packageOf, SOURCES, SUBSETTER_WASM } from '../../../functions/fonts/sources';
import { createFontAssets, faceFile } from '../../../functions/fonts/node-assets';
import { COMMON_CODEPOINTS, coveredByCommon } from '../../../functions/fonts/reduced-faces';
import { compileSubsetter, loadSubsetFace, type SubsetFace } from '../../../functions/fonts/subset';
import { FONT_FACES, fontPath } from '../../../functions/render/assets';
import { renderHtml } from '../../../functions/render/html';
import { parsedExample } from '../render/html-reading';

const EXAMPLE_HTML = [renderHtml(parsedExample('seed2020')), renderHtml(parsedExample('consistent2021'))];
/** In GBK and every Noto CJK SC face, not in GB 2312 (朱镕基's 镕 is the classic case). */
const OUTSIDE_GB2312 = '镕堃';

/** A seeded generator (mulberry32): the same random sets on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let subsetter: WebAssembly.Module;
beforeAll(async () => {
  subsetter = await compileSubsetter(await readFile(join('node_modules', SUBSETTER_WASM)));
});

describe('COMMON_CODEPOINTS', () => {
  it('holds GB 2312 with Latin and punctuation, and not what GB 2312 lacks', () => {
    expect(COMMON_CODEPOINTS.size).toBeGreaterThan(7_445);
    for (const char of '中华人民共和国政府信息公开工作年度报告，。、；：“”（）《》—ABCxyz019') expect(COMMON_CODEPOINTS.has(char.codePointAt(0)!)).toBe(true);
    for (const char of OUTSIDE_GB2312) expect(COMMON_CODEPOINTS.has(char.codePointAt(0)!)).toBe(false);
    expect(coveredByCommon(codepointsOf('市残联2020年'))).toBe(true);
    expect(coveredByCommon(codepointsOf(`朱${OUTSIDE_GB2312[0]}基`))).toBe(false);
  });
});

describe('a reduced face', () => {
  const common = [...COMMON_CODEPOINTS];
  for (const font of FONT_FACES) {
    it(`subsets ${font.file} as the whole face does, for any of the common characters`, async () => {
      const whole = await loadSubsetFace(subsetter, new Uint8Array(await readFile(await faceFile(font.file))));
      const reducedBytes = whole.reduce(COMMON_CODEPOINTS);
      const reduced = await loadSubsetFace(subsetter, reducedBytes);
      expect(reducedBytes.byteLength).toBeLessThan((await readFile(await faceFile(font.file))).byteLength / 3);

      const next = random(font.file.length);
      const sets = [
        ...EXAMPLE_HTML.map((html) => faceCodepointsOf(html, font)),
        ...[20, 300, 3_000].map((size) => new Set(Array.from({ length: size }, () => common[Math.floor(next() * common.length)]!))),
        COMMON_CODEPOINTS,
      ];
      for (const codepoints of sets) {
        expect(coveredByCommon(codepoints)).toBe(true);
        expect(Buffer.from(reduced.subset(codepoints)).equals(Buffer.from(whole.subset(codepoints)))).toBe(true);
      }
      // Outside the reduction it falls short: the reason node-assets.ts turns to the whole face there.
      const outside = codepointsOf(OUTSIDE_GB2312);
      expect(Buffer.from(reduced.subset(outside)).equals(Buffer.from(whole.subset(outside)))).toBe(false);
    });
  }
});

describe('createFontAssets with reduced faces', () => {
  const body = FONT_FACES.find((font) => font.file === 'nb-serif-400.ttf')!;
  let work: string;
  let wholeBody: SubsetFace;

  /** A node_modules of links to the files node-assets.ts reads, so that a test can take one away. */
  async function linkedNodeModules(name: string): Promise<string> {
    const root = join(work, name, 'node_modules');
    const files = [...Object.values(SOURCES), SUBSETTER_WASM];
    for (const file of [...files, ...new Set(files.map((file) => `${packageOf(file)}/package.json`))]) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await symlink(join(process.cwd(), 'node_modules', file), join(root, file));
    }
    return root;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'nianbao-reduced-faces-test-'));
    wholeBody = await loadSubsetFace(subsetter, new Uint8Array(await readFile(await faceFile(body.file))));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const [html] = EXAMPLE_HTML as [string];
  const bodyFont = (doc: string, fonts: ReturnType<typeof createFontAssets>) => fonts.forDocument(doc)(fontPath(body)).then((asset) => Buffer.from(asset!.body));
  const expected = () => Buffer.from(wholeBody.subset(faceCodepointsOf(html, body)));
  const cachedFiles = (cacheRoot: string) => readdir(cacheRoot).then((names) => names.filter((name) => name.endsWith('.ttf')), () => []);

  it('serves whole faces until a reduction is cached, writes each once, then serves reductions and the whole face only where needed', async () => {
    const nodeModules = await linkedNodeModules('cached');
    const cacheRoot = join(work, 'cache');
    const rare = html.replace('</body>', `<p>${OUTSIDE_GB2312}</p></body>`);

    const first = createFontAssets({ nodeModules, reducedFaces: cacheRoot });
    expect((await bodyFont(html, first)).equals(expected())).toBe(true);
    await expect.poll(() => cachedFiles(cacheRoot), { timeout: 10_000 }).toHaveLength(4); // the four faces every report loads
    const written = await cachedFiles(cacheRoot);

    // Without the whole body face on disk, a later process still prints a common document from
    // the reduction, and only a document with a character outside it needs the whole face.
    await rm(join(nodeModules, SOURCES[body.file]!));
    const later = createFontAssets({ nodeModules, reducedFaces: cacheRoot });
    expect((await bodyFont(html, later)).equals(expected())).toBe(true);
    await expect(bodyFont(rare, later)).rejects.toThrow(/ENOENT/);
    expect(await cachedFiles(cacheRoot)).toEqual(written);

    await symlink(join(process.cwd(), 'node_modules', SOURCES[body.file]!), join(nodeModules, SOURCES[body.file]!));
    const expectedRare = Buffer.from(wholeBody.subset(faceCodepointsOf(rare, body)));
    expect((await bodyFont(rare, later)).equals(expectedRare)).toBe(true); // the failed load is tried again
  });

  it('neither reads nor writes reductions when told not to (Lambda), and by default keeps them beside the packages', async () => {
    const nodeModules = await linkedNodeModules('whole-only');
    const beside = join(nodeModules, '.cache', 'nianbao-fonts');
    const wholeOnly = createFontAssets({ nodeModules, reducedFaces: false });
    expect((await bodyFont(html, wholeOnly)).equals(expected())).toBe(true);
    const byDefault = createFontAssets({ nodeModules });
    expect((await bodyFont(html, byDefault)).equals(expected())).toBe(true);
    await expect.poll(() => cachedFiles(beside), { timeout: 10_000 }).toHaveLength(4);

    await rm(join(nodeModules, SOURCES[body.file]!));
    await expect(bodyFont(html, createFontAssets({ nodeModules, reducedFaces: false }))).rejects.toThrow(/ENOENT/);
    expect((await bodyFont(html, createFontAssets({ nodeModules }))).equals(expected())).toBe(true);
  });

  it('serves the whole face when a cached reduction is damaged, and writes a sound one over it', async () => {
    const nodeModules = await linkedNodeModules('damaged');
    const cacheRoot = join(work, 'damaged-cache');
    await bodyFont(html, createFontAssets({ nodeModules, reducedFaces: cacheRoot }));
    await expect.poll(() => cachedFiles(cacheRoot), { timeout: 10_000 }).toHaveLength(4);
    const bodyReduction = join(cacheRoot, (await cachedFiles(cacheRoot)).find((name) => name.startsWith('nb-serif-400-'))!);
    const sound = await readFile(bodyReduction);
    await writeFile(bodyReduction, Buffer.alloc(1000, 7));

    expect((await bodyFont(html, createFontAssets({ nodeModules, reducedFaces: cacheRoot }))).equals(expected())).toBe(true);
    await expect.poll(() => readFile(bodyReduction).then((bytes) => bytes.equals(sound)), { timeout: 10_000 }).toBe(true);
  });
});
