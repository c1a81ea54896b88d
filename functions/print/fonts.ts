/**
 * The bundled fonts as an AssetSource for Node and Lambda: each face's full TrueType file is read
 * from node_modules once, held in its own hb-subset instance (subset.ts), and every document gets
 * one subset per face with just the characters of its HTML (charset.ts). A page then loads about
 * a hundred KB per face instead of the 49 fontsource slices (1.7 MB) that dominated the naive
 * pipeline (shared/docs/perf-anchors.md), the PDF embeds only what the report uses, and the bytes
 * are a pure function of the HTML. Node-only (node:fs).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FONT_FACES, fontPath, type BundledFont } from '../render/assets';
import { codepointsOf } from './charset';
import type { AssetSource, DocumentAssets } from './printer';
import { compileSubsetter, loadSubsetFace, type SubsetFace } from './subset';
import { woffToSfnt } from './woff';

/**
 * Source file of each face, under node_modules. LXGW WenKai exists only as fontsource WOFF; the
 * "latin-300" file is, despite its name, the complete font (19 MB of sfnt tables).
 */
export const SOURCES: Record<string, string> = {
  'nb-serif-400.ttf': '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  'nb-serif-700.ttf': '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  'nb-title-900.ttf': '@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf',
  'nb-sans-400.ttf': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'nb-sans-700.ttf': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  'nb-kai-400.ttf': '@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-300-normal.woff',
};

const SUBSETTER_WASM = 'harfbuzzjs/dist/harfbuzz-subset.wasm';

/** This file sits at functions/print/, two levels below the project root. */
const DEFAULT_NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

export interface FontAssetsOptions {
  /** Folder holding the font packages and harfbuzzjs. @default the project's node_modules */
  nodeModules?: string;
}

async function readSfnt(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return path.endsWith('.woff') ? woffToSfnt(bytes) : bytes;
}

async function loadFace(subsetter: Promise<WebAssembly.Module>, path: string): Promise<SubsetFace> {
  const [module, sfnt] = await Promise.all([subsetter, readSfnt(path)]);
  const face = await loadSubsetFace(module, sfnt);
  // HarfBuzz builds its table accelerators on the first subset (~50 ms for a CJK face); doing it
  // now overlaps that with the browser launch instead of adding it to the first document.
  face.subset(codepointsOf(''));
  return face;
}

/**
 * Starts reading and preparing every face at once (in the background), and returns the source
 * the printer asks per document. A face that fails to load rejects that document's request for it.
 */
export function createFontAssets(options: FontAssetsOptions = {}): AssetSource {
  const root = options.nodeModules ?? DEFAULT_NODE_MODULES;
  const subsetter = readFile(join(root, SUBSETTER_WASM)).then(compileSubsetter);
  const faces = new Map<string, Promise<SubsetFace>>(
    FONT_FACES.map((font: BundledFont) => [fontPath(font), loadFace(subsetter, join(root, SOURCES[font.file]!))]),
  );
  for (const face of faces.values()) face.catch(() => {}); // reported when a document asks for it

  return {
    forDocument(html: string): DocumentAssets {
      let codepoints: Set<number> | undefined;
      return async (path) => {
        const face = faces.get(path);
        if (!face) return undefined;
        codepoints ??= codepointsOf(html);
        return { body: (await face).subset(codepoints), contentType: 'font/ttf' };
      };
    },
  };
}
