/**
 * LXGW WenKai as plain sfnt, decoded from its WOFF once per machine and package version and kept
 * under the OS temp folder, as @sparticuz/chromium keeps its unpacked browser in /tmp: inflating
 * the 12 MB WOFF to 19 MB of tables costs ~390 ms of CPU, reading the cached file ~60 ms, and a
 * cold `nianbao render` pays it on every run otherwise (bench/cold.ts). The file is written under
 * a temporary name and renamed, so concurrent processes never read half of it. Node-only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { woffToSfnt } from './woff';

/** The cache file for one WOFF of one installed package version. */
function cachePath(packageFolder: string, woffFile: string, cacheRoot: string): string {
  const { name, version } = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { name: string; version: string };
  const folder = `nianbao-fonts-${name.replace(/[^a-z0-9-]/gi, '_')}-${version}`;
  return join(cacheRoot, folder, basename(woffFile).replace(/\.woff$/, '.ttf'));
}

/** Path of the sfnt decoded from `packageFolder/woffFile`, decoding it first if no process has yet. */
export async function decodedWoff(packageFolder: string, woffFile: string, cacheRoot = tmpdir()): Promise<string> {
  const target = cachePath(packageFolder, woffFile, cacheRoot);
  if (await stat(target).then((found) => found.size > 0, () => false)) return target;
  const sfnt = woffToSfnt(await readFile(join(packageFolder, woffFile)));
  await mkdir(join(target, '..'), { recursive: true });
  const partial = `${target}.${process.pid}-${randomUUID()}.partial`;
  await writeFile(partial, sfnt);
  await rename(partial, target);
  return target;
}
