/**
 * The filesystem `Archive` adapter (Node only), the embedded default: a folder such as
 * ./archive, one file per key. Writes are atomic and never overwrite: the body goes to a temp
 * file in the target folder, is fsynced, then hard-linked to its final name. `link(2)` fails
 * with EEXIST when the name exists, so two racing writers cannot both create a key. A write that
 * fails (a full disk) removes its temp file; a crash or a kill leaves at most one, whose name
 * starts with ".", which no key may, so it is never listed: `strayWrites` finds them (for
 * `archive verify`) and `sweepStrayWrites` removes the stale ones (when a server or batch starts).
 * Files are created read-only (0444).
 * The folder is fsynced afterwards so the new name survives a power cut (see fsync(2): syncing a
 * file does not sync its directory entry). Every path comes from a checked key and is verified,
 * after resolving symlinks, to stay inside the root.
 *
 * The catalog's rewritable documents (archive.ts `replaceDocument`) are folders of generations:
 * `catalog/index/2021.json/g000000000007` is generation 7, the newest file is the document. A
 * replacement links generation n+1 (EEXIST: another writer won), then checks that no newer
 * generation exists (a writer that read an older one must not win late), then deletes the older
 * ones. Link and readdir are atomic on every local filesystem, so this is compare-and-swap with
 * no lock to leave behind when a process dies. A version is the generation and its file's
 * identity, so that a reader that knows it can skip reading the file again. Each generation file
 * starts with a frame line, and the catalog's index and directory are synced only at some
 * generations, the last of which is kept (fs-generation.ts).
 */
import { randomUUID } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, stat, unlink } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { listArguments, type Archive, type ArchiveObject, type ObjectInfo, type StrayWrite, type VersionedDocument } from './archive';
import { encodeCursor } from './cursor';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from './errors';
import { frameOf, isSynced, replacedBy, unframed } from './fs-generation';
import { assertDocumentKey, assertSafeKey, contentTypeOf, isSafeKey } from './keys';
import { sha256Hex } from './sha256';

const TEMP_PREFIX = '.tmp-';

/**
 * A temp file this old is no write in progress (writing 10 MB and an fsync take seconds even on a
 * slow disk), so another process writing to the same folder never loses one to a sweep.
 */
const STALE_TEMP_MS = 10 * 60 * 1000;

export interface FsArchiveOptions {
  /** The archive folder; created on the first write. Relative paths resolve against the cwd. */
  root: string;
}

export function createFsArchive(options: FsArchiveOptions): Archive {
  if (!options?.root) throw new TypeError('createFsArchive: missing required option `root`');
  const root = resolve(options.root);

  function pathOf(key: string): string {
    assertSafeKey(key);
    const path = resolve(root, ...key.split('/'));
    if (!path.startsWith(root + sep)) throw new InvalidArchiveKey('key', key, 'a key inside the archive');
    return path;
  }

  /** Refuses a path that a symlink inside the root would lead outside it. */
  async function assertInsideRoot(path: string, key: string): Promise<void> {
    const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
    if (!realPath.startsWith(realRoot + sep)) throw new InvalidArchiveKey('key', key, 'a key inside the archive');
  }

  /**
   * Creates the key's folders one at a time and refuses any that is a symlink, so a link planted
   * inside the root cannot make `mkdir -p` create folders elsewhere.
   */
  async function makeFolders(key: string): Promise<string> {
    await mkdir(root, { recursive: true });
    let dir = root;
    for (const segment of key.split('/').slice(0, -1)) {
      dir = join(dir, segment);
      await mkdir(dir).catch((error: unknown) => {
        if (!isCode(error, 'EEXIST')) throw error;
      });
      if (!(await lstat(dir)).isDirectory()) throw new InvalidArchiveKey('key', key, 'a key inside the archive');
    }
    return dir;
  }

  /** false when `path` does not exist; throws when it exists but resolves outside the root. */
  async function existsInsideRoot(path: string, key: string): Promise<boolean> {
    try {
      await assertInsideRoot(path, key);
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return false;
      throw error;
    }
  }

  async function existingFile(key: string): Promise<string | null> {
    const path = pathOf(key);
    return (await existsInsideRoot(path, key)) && (await lstat(path)).isFile() ? path : null;
  }

  /** The generations of a document's folder, newest first; empty when there is none. */
  async function generationsOf(key: string): Promise<{ dir: string; generations: number[] }> {
    assertDocumentKey(key);
    const dir = pathOf(key);
    return { dir, generations: (await existsInsideRoot(dir, key)) ? await generationsIn(dir) : [] };
  }

  async function strayWrites(): Promise<StrayWrite[]> {
    const now = Date.now();
    const temps = (await walk(root)).filter((path) => basename(path).startsWith(TEMP_PREFIX));
    const found = await Promise.all(temps.map(async (path) => {
      const info = await stat(path).catch((error: unknown) => {
        if (isCode(error, 'ENOENT')) return undefined; // finished or swept meanwhile
        throw error;
      });
      if (!info) return [];
      const stray: StrayWrite = { path: relative(root, path).split(sep).join('/'), bytes: info.size, modifiedAt: info.mtime, stale: now - info.mtimeMs > STALE_TEMP_MS };
      return [stray];
    }));
    return found.flat().sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime());
  }

  return guardedArchive(root, {
    strayWrites,

    async sweepStrayWrites() {
      const stale = (await strayWrites()).filter((stray) => stray.stale);
      await Promise.all(stale.map((stray) => unlink(join(root, ...stray.path.split('/'))).catch(ignoreMissing)));
      return stale;
    },

    async probeWrite() {
      await mkdir(root, { recursive: true });
      await unlink(await writeTemp(root, [new Uint8Array(1)]));
    },

    async readDocument(key, known) {
      // A newer writer may delete a generation between readdir and open: look again.
      for (;;) {
        const { dir, generations } = await generationsOf(key);
        const found = await newestWhole(dir, generations, known);
        if (found !== GONE) return found;
      }
    },

    async replaceDocument(key, body, expected, replaceOptions) {
      assertDocumentKey(key);
      const held = expected === null ? null : VERSION.exec(expected);
      if (expected !== null && !held) return null;
      const generation = held ? Number(held[1]) + 1 : 1;
      const synced = isSynced(generation, replaceOptions?.repairable === true);
      // The first generation makes the folder; a later one goes into the folder its version was
      // read from, and finds the document replaced if that folder is gone since.
      const dir = held ? pathOf(key) : await makeFolders(`${key}/${generationName(generation)}`);
      if (held && !(await existsInsideRoot(dir, key))) return null;
      const path = join(dir, generationName(generation));
      const temp = await writeTemp(dir, [frameOf(body), body], synced);
      try {
        await link(temp, path);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        return null;
      } finally {
        await unlink(temp);
      }
      const [generations, written] = await Promise.all([generationsIn(dir), stat(path, { bigint: true })]);
      if (generations[0] !== generation) {
        await unlink(path);
        return null;
      }
      // A synced generation's name reaches the disk before any older generation is deleted; one left behind is removed next time.
      if (synced) await syncDirectory(dir);
      await Promise.all(replacedBy(synced, generations.slice(1)).map((older) => unlink(join(dir, generationName(older))).catch(ignoreMissing)));
      return versionOf(generation, written);
    },

    async putIfAbsent(key, body, putOptions) {
      const path = pathOf(key);
      if (putOptions?.sha256 !== undefined && putOptions.sha256 !== (await sha256Hex(body))) {
        throw new ArchiveCorrupt(`refusing to store ${key}: body does not match its sha256`);
      }
      const dir = await makeFolders(key);
      const temp = await writeTemp(dir, [body]);
      let created = true;
      try {
        await link(temp, path);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        created = false;
      } finally {
        await unlink(temp);
      }
      if (created) await syncDirectory(dir);
      return { created };
    },

    async get(key): Promise<ArchiveObject | null> {
      const path = await existingFile(key);
      if (!path) return null;
      // Opened here, not lazily by the stream, so that a file that cannot be read fails get()
      // (as ArchiveUnavailable, below) instead of the response half-way.
      const handle = await open(path, 'r');
      const { size } = await handle.stat();
      const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
      return { body, size, contentType: contentTypeOf(key) };
    },

    async head(key): Promise<ObjectInfo | null> {
      const path = await existingFile(key);
      return path ? { size: (await stat(path)).size, contentType: contentTypeOf(key) } : null;
    },

    async list(prefix, listOptions) {
      const { limit, after } = listArguments(prefix, listOptions);
      const dir = prefix === '' ? root : pathOf(prefix.slice(0, -1));
      if (prefix !== '' && !(await existsInsideRoot(dir, prefix))) return { keys: [] };
      const keyOf = (path: string) => prefix + path.slice(dir.length + 1).split(sep).join('/');
      // A folder whose keys all sort before `after` is not read at all: a journal's listing from
      // its mark reads the names of its last buckets only (keys.ts `journalStartAfter`).
      const found = await walk(dir, (folder) => mayHoldKeyAfter(`${keyOf(folder)}/`, after));
      // Keys sort by their bytes, not folder by folder ("a-b/x" < "a/x"), so collect, then sort.
      const keys = found.map(keyOf).filter((key) => (after === undefined || key > after) && isSafeKey(key)).sort();
      const page = keys.slice(0, limit);
      const last = page.at(-1);
      return keys.length > limit && last ? { keys: page, cursor: encodeCursor(last) } : { keys: page };
    },
  });
}

/**
 * The filesystem's own failures (no permission, a full or read-only disk, a root inside a file)
 * become ArchiveUnavailable naming the root, as the S3 adapter's name the bucket, so that the
 * edges report them as storage trouble (HTTP 503, one line and exit 1 on the CLI) and not as a
 * crash with a stack trace. The archive's own errors pass as they are.
 */
function guardedArchive(root: string, archive: Archive): Archive {
  // errno codes only (EACCES, ENOSPC, EROFS…): Node's own ERR_* codes are programming errors.
  const storageError = (error: unknown) =>
    error instanceof Error && /^E[A-Z0-9]+$/.test(String((error as NodeJS.ErrnoException).code))
      ? new ArchiveUnavailable(`the archive folder ${root}: ${(error as NodeJS.ErrnoException).code} (${error.message})`, { cause: error })
      : error;
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A) =>
      method(...args).catch((error: unknown) => {
        throw storageError(error);
      });
  return Object.fromEntries(Object.entries(archive).map(([name, method]) => [name, guard(method)])) as unknown as Archive;
}

/**
 * Writes `parts` one after another to a new temp file in `dir`, fsynced unless `synced` is false,
 * and returns its path; a write that fails (a full disk, a file size limit) removes the file
 * rather than leaving it half-written.
 */
async function writeTemp(dir: string, parts: Uint8Array[], synced = true): Promise<string> {
  const temp = join(dir, `${TEMP_PREFIX}${randomUUID()}`);
  // Read-only from birth (the descriptor still writes): an archived file is never changed,
  // and a stray `echo >` or editor save on it fails instead of silently altering the archive.
  const file = await open(temp, 'wx', 0o444);
  try {
    for (const part of parts) await file.writeFile(part);
    if (synced) await file.sync();
    await file.close();
  } catch (error) {
    await file.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  return temp;
}

/**
 * Whether a folder whose keys all start with `folderPrefix` can hold a key after `after`. If the
 * prefix sorts before `after` and is not its start, the two differ first inside the prefix, where
 * the prefix is smaller: so is every key that starts with it. The same keys S3's StartAfter skips.
 */
function mayHoldKeyAfter(folderPrefix: string, after: string | undefined): boolean {
  return after === undefined || folderPrefix > after || after.startsWith(folderPrefix);
}

/** Regular files below `dir`, in the folders `enter` accepts; symlinks are not followed, a missing folder is empty. */
async function walk(dir: string, enter: (folder: string) => boolean = () => true): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return enter(path) ? walk(path, enter) : [];
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}

/** `newestWhole`'s answer when a generation vanished meanwhile (a newer writer removed it). */
const GONE = Symbol('gone');

/**
 * The newest whole generation among `generations` (newest first), or `known` itself when that is
 * still it; torn ones (a power cut's, fs-generation.ts) are removed on the way, since no live
 * writer links a file before it is whole.
 */
async function newestWhole(dir: string, generations: number[], known: VersionedDocument | undefined): Promise<VersionedDocument | null | typeof GONE> {
  for (const generation of generations) {
    const path = join(dir, generationName(generation));
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
      return GONE;
    }
    let body;
    try {
      const version = versionOf(generation, await handle.stat({ bigint: true }));
      if (version === known?.version) return known;
      body = unframed(new Uint8Array(await handle.readFile()));
      if (body) return { body, version };
    } finally {
      await handle.close();
    }
    // Best effort: a reader that may not write (a read-only mount) still reads past it.
    await unlink(path).catch(() => {});
  }
  return null;
}

/** The generations in a document's folder, newest first. */
async function generationsIn(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names.flatMap((name) => (GENERATION.test(name) ? [Number(name.slice(1))] : [])).sort((a, b) => b - a);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const GENERATION = /^g\d{12}$/;

/**
 * A document's version in the folder: its generation, and the file's inode and modification time,
 * so that a version names one content for good even if the document's folder is deleted and
 * written again from generation 1 (`readDocument`'s `known`).
 */
const VERSION = /^(\d{1,12})-\d+-\d+$/;

const versionOf = (generation: number, file: BigIntStats) => `${generation}-${file.ino}-${file.mtimeNs}`;

function generationName(generation: number): string {
  return `g${String(generation).padStart(12, '0')}`;
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, 'ENOENT')) throw error;
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
