/**
 * LXGW WenKai as plain sfnt, decoded from its WOFF once per machine and package version
 * (machine-cache.ts): inflating the 12 MB WOFF to 19 MB of tables costs ~390 ms of CPU, reading
 * the cached file ~60 ms, and a cold `nianbao render` pays it on every run otherwise
 * (bench/cold.ts). Node-only.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isCached, packageIdentity, storeCached } from './machine-cache';
import { woffToSfnt } from './woff';

/** The cache file for one WOFF of one installed package version. */
function cachePath(packageFolder: string, woffFile: string, cacheRoot: string): string {
  const { name, version } = packageIdentity(packageFolder);
  const folder = `nianbao-fonts-${name.replace(/[^a-z0-9-]/gi, '_')}-${version}`;
  return join(cacheRoot, folder, basename(woffFile).replace(/\.woff$/, '.ttf'));
}

/** Path of the sfnt decoded from `packageFolder/woffFile`, decoding it first if no process has yet. */
export async function decodedWoff(packageFolder: string, woffFile: string, cacheRoot = tmpdir()): Promise<string> {
  const target = cachePath(packageFolder, woffFile, cacheRoot);
  if (!(await isCached(target))) await storeCached(target, woffToSfnt(await readFile(join(packageFolder, woffFile))));
  return target;
}
