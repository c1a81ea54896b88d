/**
 * Lays out the Worker's static assets: each bundled face as one TrueType file under
 * dist/worker-assets/fonts/, named as the templates reference it (render/assets.ts FONT_FACES),
 * from the very node_modules files the Node printer subsets (fonts/sources.ts). The WOFF
 * face is unpacked here, at build time, because unpacking it needs node:zlib and the Worker then
 * only has to hand sfnt bytes to hb-subset. About 78 MB in all, so the folder is generated and
 * ignored by git; wrangler.toml's [build] runs this before every `wrangler dev` and `deploy`.
 * Static-asset files may be up to 25 MiB each (https://developers.cloudflare.com/workers/static-assets/#limits).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCES } from '../functions/fonts/sources';
import { woffToSfnt } from '../functions/fonts/woff';
import { FONT_FACES } from '../functions/render/assets';

export const WORKER_ASSETS_DIR = fileURLToPath(new URL('../dist/worker-assets/', import.meta.url));

export async function writeWorkerFonts(outDir = WORKER_ASSETS_DIR): Promise<void> {
  const resolve = createRequire(import.meta.url).resolve;
  await mkdir(join(outDir, 'fonts'), { recursive: true });
  await Promise.all(
    FONT_FACES.map(async ({ file }) => {
      const source = resolve(SOURCES[file]!);
      const bytes = await readFile(source);
      await writeFile(join(outDir, 'fonts', file), source.endsWith('.woff') ? woffToSfnt(bytes) : bytes);
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeWorkerFonts();
