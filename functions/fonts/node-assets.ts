/**
 * The bundled fonts as an AssetSource for Node and Lambda: each face's full TrueType file is read
 * from node_modules once, held in its own hb-subset instance (subset.ts), and every document gets
 * one subset per face with just the characters of its HTML (charset.ts). A page then loads about
 * a hundred KB per face instead of the 49 fontsource slices (1.7 MB) that dominated the naive
 * pipeline (more than half of a 5-page document's load time), the PDF embeds only what the report uses, and the bytes
 * are a pure function of the HTML.
 *
 * A face costs ~50–100 ms of main-thread CPU to load (a wasm instance, HarfBuzz's first subset;
 * the file itself is read on libuv's pool) and ~15–20 MiB to keep, so not all six are loaded up
 * front: the four that every report uses are loaded one after another in the background from
 * creation (overlapping the browser launch), and the two bold faces only when a document first
 * asks for one. Each is loaded reduced where a reduction is cached (reduced-faces.ts: a quarter of
 * the bytes to read and keep), whole otherwise, and whole besides for a document with a character
 * outside the reduction. Node-only (node:fs).
 */
import './wasm-baseline';
import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FONT_FACES, fontPath, type AssetSource, type BundledFont } from '../render/assets';
import { codepointsOf, subsettingAssets } from './charset';
import { packageOf, SOURCES, SUBSETTER_WASM } from './sources';
import { packageIdentity, storeCached } from './machine-cache';
import { once } from './once';
import { COMMON_CODEPOINTS, coveredByCommon, REDUCTION_FORMAT, reducedFacePath } from './reduced-faces';
import { compileSubsetter, loadSubsetFaceFrom, SUBSET_SETTINGS, type SubsetFace } from './subset';
import { decodedWoff } from './woff-cache';

/**
 * Faces every report prints with, in the order they are loaded ahead of any request: the body,
 * the title, first- and second-level headings (both examples ask for exactly these four).
 */
const EVERY_REPORT = ['nb-serif-400.ttf', 'nb-title-900.ttf', 'nb-sans-400.ttf', 'nb-kai-400.ttf'];

/**
 * The node_modules folder Node loads harfbuzzjs from, found by Node's own lookup from this module,
 * so it holds whether this runs from functions/fonts/ or from the CLI built into dist/.
 */
function installedPackages(): string {
  const folders = createRequire(import.meta.url).resolve.paths('harfbuzzjs') ?? [];
  const found = folders.find((folder) => existsSync(join(folder, 'harfbuzzjs')));
  if (!found) throw new Error('harfbuzzjs is not installed: run npm ci');
  return found;
}

export interface FontAssetsOptions {
  /** Folder holding the font packages and harfbuzzjs. @default the node_modules Node resolves them from */
  nodeModules?: string;
  /**
   * Folder where reduced faces are kept (reduced-faces.ts), or `false` for whole faces only: a
   * Lambda container starts with an empty /tmp and a read-only package, and its one process would
   * pay for each reduction and never load one.
   * @default `.cache/nianbao-fonts` in that node_modules, the installing user's own (not the
   * world-writable temp folder: a face planted there would print in archived PDFs)
   */
  reducedFaces?: string | false;
}

/** The face's sfnt file: the TrueType file itself, or the WOFF decoded once into the temp folder. */
function sfntPath(root: string, source: string): Promise<string> {
  if (!source.endsWith('.woff')) return Promise.resolve(join(root, source));
  const packageName = packageOf(source);
  return decodedWoff(join(root, packageName), source.slice(packageName.length + 1));
}

/** The sfnt file of a bundled face (`nb-serif-400.ttf`), for tools that read the fonts themselves (scripts/gen-printable.ts). */
export function faceFile(file: string, nodeModules = installedPackages()): Promise<string> {
  const source = SOURCES[file];
  if (!source) throw new Error(`no bundled face ${file}`);
  return sfntPath(nodeModules, source);
}

/**
 * Reads the file into the face's wasm memory on libuv's thread pool: a cold `render` read its
 * four faces (59 MB) synchronously for ~300 ms of the main thread's critical path (--cpu-prof).
 */
async function readInto(path: string, target: Uint8Array): Promise<void> {
  const file = await open(path, 'r');
  try {
    for (let done = 0; done < target.byteLength; ) {
      const { bytesRead } = await file.read(target, done, target.byteLength - done, done);
      if (bytesRead === 0) throw new Error(`${path} ended after ${done} of ${target.byteLength} bytes`);
      done += bytesRead;
    }
  } finally {
    await file.close();
  }
}

async function loadFace(subsetter: Promise<WebAssembly.Module>, path: Promise<string>): Promise<SubsetFace> {
  const [module, file] = await Promise.all([subsetter, path]);
  const face = await loadSubsetFaceFrom(module, (await stat(file)).size, (target) => readInto(file, target));
  // HarfBuzz builds its table accelerators on the first subset (~55 ms for a CJK face); done here,
  // it runs before the first document's request for a preloaded face instead of during it.
  face.subset(codepointsOf(''));
  return face;
}

/**
 * Names the cache file of each face's reduction by what its bytes depend on; a namer of none where
 * Node has no gbk decoder (nothing to reduce to) or a package's version cannot be read (a trimmed
 * node_modules: a file named without it could be stale). Read once, on the first face's load.
 */
function reductionNamer(cacheRoot: string, root: string): (font: BundledFont) => string | undefined {
  if (COMMON_CODEPOINTS.size === 0) return () => undefined;
  let harfbuzz: string;
  try {
    harfbuzz = `harfbuzzjs@${packageIdentity(join(root, 'harfbuzzjs')).version}`;
  } catch {
    return () => undefined;
  }
  return (font) => {
    try {
      const source = SOURCES[font.file]!;
      const fontPackage = packageIdentity(join(root, packageOf(source)));
      return reducedFacePath(cacheRoot, font.file, [`${fontPackage.name}@${fontPackage.version}/${source}`, harfbuzz, SUBSET_SETTINGS, REDUCTION_FORMAT]);
    } catch {
      return undefined;
    }
  };
}

/** Writes a face's reduction after the current task, outside any document's path; only a cache, so a failure is dropped. */
function writeReductionSoon(face: SubsetFace, path: string): void {
  setImmediate(() => {
    try {
      void storeCached(path, face.reduce(COMMON_CODEPOINTS)).catch(() => {});
    } catch {
      // hb-subset could not reduce the face: documents keep the whole face
    }
  });
}

interface ServedFace {
  font: BundledFont;
  /** Loads the face documents are served from first. */
  preload(): Promise<unknown>;
  /** The face to subset for these code points. */
  holding(codepoints: Iterable<number>): Promise<SubsetFace>;
}

/**
 * One face as documents are served from it: its cached reduction while their characters fall
 * inside it, the whole face from the first document whose characters do not (the reduction is
 * then let go, so a long-running process holds one copy). Without a cached reduction, or with one
 * that does not load (missing, or damaged: loadFace subsets it once), the whole face, whose
 * reduction is then written for later processes.
 */
function servedFace(subsetter: Promise<WebAssembly.Module>, font: BundledFont, root: string, reductionOf: () => string | undefined): ServedFace {
  const whole = once(() => loadFace(subsetter, faceFile(font.file, root)));
  let served = once(async (): Promise<{ face: SubsetFace; reduced: boolean }> => {
    const reduction = reductionOf();
    if (reduction) {
      try {
        return { face: await loadFace(subsetter, Promise.resolve(reduction)), reduced: true };
      } catch {
        // the whole face below, and a sound reduction over this one
      }
    }
    const face = await whole();
    if (reduction) writeReductionSoon(face, reduction);
    return { face, reduced: false };
  });
  return {
    font,
    preload: () => served(),
    async holding(codepoints) {
      const current = await served();
      if (!current.reduced || coveredByCommon(codepoints)) return current.face;
      const face = await whole();
      served = async () => ({ face, reduced: false });
      return face;
    },
  };
}

/**
 * Starts loading the faces of EVERY_REPORT in the background and returns the source the printer
 * asks per document. A face that fails to load rejects that document's request for it; the next
 * request tries again.
 */
export function createFontAssets(options: FontAssetsOptions = {}): AssetSource {
  const root = options.nodeModules ?? installedPackages();
  const subsetter = readFile(join(root, SUBSETTER_WASM)).then(compileSubsetter);
  subsetter.catch(() => {}); // reported when a document asks for a face
  const cacheRoot = options.reducedFaces ?? join(root, '.cache', 'nianbao-fonts');
  let namer: ((font: BundledFont) => string | undefined) | undefined;
  const reductionOf = (font: BundledFont) => (namer ??= cacheRoot === false ? () => undefined : reductionNamer(cacheRoot, root))(font);
  const faces = new Map(FONT_FACES.map((font) => [fontPath(font), servedFace(subsetter, font, root, () => reductionOf(font))] as const));
  // One face at a time, each after a turn of the event loop: the wasm part of a load holds the main
  // thread, which the browser launch and the CLI's own work need in between (loading all four at
  // once measured no faster).
  void EVERY_REPORT.reduce(
    (previous, file) => previous.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => faces.get(`fonts/${file}`)!.preload().catch(() => {})),
    Promise.resolve<unknown>(undefined),
  );

  return subsettingAssets(faces, (face) => face.font, async (face, codepoints) => (await face.holding(codepoints)).subset(codepoints));
}
