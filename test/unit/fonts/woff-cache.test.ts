/**
 * woff-cache.ts on the WOFFs of the LXGW WenKai package the 楷体 face comes from: the decoded file is the sfnt woff.ts makes, lives in a
 * folder named after the package and its version, and is decoded once: a second call (another
 * process, in production) reads the file written by the first.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedWoff } from '../../../functions/fonts/woff-cache';
import { woffToSfnt } from '../../../functions/fonts/woff';

const PACKAGE = 'node_modules/@fontsource/lxgw-wenkai';
const WOFF = 'files/lxgw-wenkai-latin-300-normal.woff';
const ANOTHER_WOFF = 'files/lxgw-wenkai-latin-500-normal.woff';

let cacheRoot: string;
beforeAll(async () => {
  cacheRoot = await mkdtemp(join(tmpdir(), 'nianbao-woff-cache-test-'));
});
afterAll(() => rm(cacheRoot, { recursive: true, force: true }));

describe('decodedWoff', () => {
  it('writes the decoded sfnt once, under the package name and version, and reuses it', async () => {
    const { version } = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8'));
    const path = await decodedWoff(PACKAGE, WOFF, cacheRoot);
    expect(path).toBe(join(cacheRoot, `nianbao-fonts-_fontsource_lxgw-wenkai-${version}`, 'lxgw-wenkai-latin-300-normal.ttf'));
    expect(Buffer.from(await readFile(path)).equals(Buffer.from(woffToSfnt(await readFile(join(PACKAGE, WOFF)))))).toBe(true);

    const written = (await stat(path)).mtimeMs;
    expect(await decodedWoff(PACKAGE, WOFF, cacheRoot)).toBe(path);
    expect((await stat(path)).mtimeMs).toBe(written);
  });

  it('gives concurrent callers one complete file', async () => {
    const paths = await Promise.all(Array.from({ length: 4 }, () => decodedWoff(PACKAGE, ANOTHER_WOFF, cacheRoot)));
    expect(new Set(paths).size).toBe(1);
    expect(Buffer.from(await readFile(paths[0]!)).equals(Buffer.from(woffToSfnt(await readFile(join(PACKAGE, ANOTHER_WOFF)))))).toBe(true);
  });
});
