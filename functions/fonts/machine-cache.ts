/**
 * Files derived from installed packages and kept for later processes: the decoded WOFF
 * (woff-cache.ts) and the reduced faces (reduced-faces.ts). A file is written under a temporary
 * name and renamed, so concurrent processes never read half of one. Node-only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `name` and `version` from a package's package.json: cached files are keyed by them. */
export function packageIdentity(packageFolder: string): { name: string; version: string } {
  const { name, version } = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name, version };
}

/** Whether a cached file is there, whole (an empty one is a failed write of another process). */
export function isCached(path: string): Promise<boolean> {
  return stat(path).then((found) => found.size > 0, () => false);
}

export async function storeCached(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const partial = `${path}.${process.pid}-${randomUUID()}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
