/**
 * Lays out the Worker's static assets: each bundled face as one TrueType file under
 * dist/worker-assets/fonts/, named as the templates reference it (render/assets.ts FONT_FACES),
 * from the very node_modules files the Node printer subsets (fonts/sources.ts), and beside them
 * each face's reduction to the common characters (fonts/reduced-faces.ts, 2.4–4.5 MB instead of
 * 10.5–19.4 MB) with the code points it holds (fonts/codepoint-ranges.ts), which the Worker
 * subsets a document from when its characters allow (fonts/cloudflare-assets.ts). Cut here by the
 * same hb-subset and COMMON_CODEPOINTS as on Node, so a document's subset is the same bytes
 * whichever face it came from. The WOFF face is unpacked here too, because unpacking it needs
 * node:zlib and the Worker then only has to hand sfnt bytes to hb-subset. About 97 MB in all, so
 * the folder is generated and ignored by git; wrangler.toml's [build] runs this (~1 s) before
 * every `wrangler dev` and `deploy`.
 * Static-asset files may be up to 25 MiB each (https://developers.cloudflare.com/workers/static-assets/#limits).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reducedFontPath, REDUCED_CODEPOINTS_PATH } from '../functions/fonts/cloudflare-assets';
import { rangesOf } from '../functions/fonts/codepoint-ranges';
import { COMMON_CODEPOINTS } from '../functions/fonts/reduced-faces';
import { SOURCES, SUBSETTER_WASM } from '../functions/fonts/sources';
import { compileSubsetter, createSubsetInstance } from '../functions/fonts/subset';
import { woffToSfnt } from '../functions/fonts/woff';
import { FONT_FACES, fontPath } from '../functions/render/assets';

export const WORKER_ASSETS_DIR = fileURLToPath(new URL('../dist/worker-assets/', import.meta.url));

export async function writeWorkerFonts(outDir = WORKER_ASSETS_DIR): Promise<void> {
  const resolve = createRequire(import.meta.url).resolve;
  const write = async (path: string, bytes: Uint8Array | string) => {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), bytes);
  };
  const subsetter = await createSubsetInstance(await compileSubsetter(await readFile(resolve(SUBSETTER_WASM))));
  // One face at a time through one instance, as in the Worker: each takes its 65 MiB memory in turn.
  for (const font of FONT_FACES) {
    const source = resolve(SOURCES[font.file]!);
    const file = await readFile(source);
    const sfnt = source.endsWith('.woff') ? woffToSfnt(file) : file;
    const face = await subsetter.loadFrom(sfnt.byteLength, (target) => target.set(sfnt));
    try {
      await write(reducedFontPath(font), face.reduce(COMMON_CODEPOINTS));
    } finally {
      face.unload();
    }
    await write(fontPath(font), sfnt);
  }
  await write(REDUCED_CODEPOINTS_PATH, JSON.stringify(rangesOf(COMMON_CODEPOINTS)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeWorkerFonts();
