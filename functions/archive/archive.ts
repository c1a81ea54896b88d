/**
 * The `Archive` port: a write-once object store with put-if-absent, streamed get, head and paged
 * list by prefix (docs/design.md "Ports and adapters"; the shape follows unstorage's `Driver`).
 * Adapters: `fs.ts` (local folder, the embedded default) and `s3.ts` (AWS S3, R2, MinIO). Both
 * pass test/contract/archive.contract.ts. Keys are checked by keys.ts `assertSafeKey` in every
 * adapter. There is no delete and no overwrite: the archive only grows.
 *
 * Changed from the sketch: `putIfAbsent` takes no content type, because the type follows
 * from the key's extension (keys.ts `contentTypeOf`); that way the filesystem needs no metadata
 * file beside each object and both adapters always agree.
 */
import { decodeCursor } from './cursor';
import { ArchiveCorrupt, ArchiveUnavailable } from './errors';
import { assertSafeKey, assertSafePrefix } from './keys';
import { sha256Hex } from './sha256';

export interface PutOptions {
  /** SHA-256 of `body` in hex. When given, the adapter refuses to store a body that does not match. */
  sha256?: string;
}

export interface PutResult {
  /** true when this call stored the object; false when the key already held one, which is kept. */
  created: boolean;
}

export interface ObjectInfo {
  size: number;
  contentType: string;
  /** SHA-256 in hex, where the backend keeps it (S3 metadata); absent on the filesystem. */
  sha256?: string;
}

export interface ArchiveObject extends ObjectInfo {
  /** A web stream, the same type in every runtime; read it to the end or cancel it. */
  body: ReadableStream<Uint8Array>;
}

export interface ListOptions {
  /** The `cursor` of the previous page. */
  cursor?: string;
  /** Keys per page, 1 to 1000. @default 1000 (S3's own maximum per ListObjectsV2 call) */
  limit?: number;
}

export interface ListPage {
  /** Keys under the prefix, in ascending byte order. */
  keys: string[];
  /** Present when more keys follow. */
  cursor?: string;
}

/** A rewritable document and the version its next replacement must name. */
export interface VersionedDocument {
  body: Uint8Array;
  /** Opaque: the ETag on S3 and R2, a generation number in the folder. */
  version: string;
}

export interface ReplaceOptions {
  /**
   * The document is rebuilt when a write of it is lost (a year index and the agency directory from
   * the catalog's journal, an agency's kept history from the catalog), so storage may acknowledge
   * the write before it is safe from a power cut: the folder then syncs only some generations
   * (fs-generation.ts). S3 and R2 ignore it.
   */
  repairable?: boolean;
}

/** A file an interrupted write left behind (the filesystem's temp files), never a key. */
export interface StrayWrite {
  /** Its path relative to the archive's root, with "/" between folders. */
  path: string;
  bytes: number;
  modifiedAt: Date;
  /** Older than any write in progress could be: left by a full disk, a crash or a kill. */
  stale: boolean;
}

export interface Archive {
  /** Stores `body` under `key` unless the key exists; atomic: readers see all of it or nothing. */
  putIfAbsent(key: string, body: Uint8Array, options?: PutOptions): Promise<PutResult>;
  get(key: string): Promise<ArchiveObject | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** `prefix` is "" or whole segments ending in "/" (keys.ts `assertSafePrefix`). */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /**
   * The catalog's documents (keys under `catalog/`, keys.ts `assertDocumentKey`), the only keys
   * that are ever rewritten: they are derived from the records and rebuilt from them at will.
   * `known`: the document as the caller last read or wrote it; while it is still at that version
   * the adapter answers `known` itself without reading the body again (S3: GET If-None-Match,
   * 304; R2: `onlyIf`; the folder: the newest generation is the same file). A version names one
   * content for good, so the caller may keep what it decoded from `known`.
   */
  readDocument(key: string, known?: VersionedDocument): Promise<VersionedDocument | null>;
  /**
   * Compare-and-swap: stores `body` only if the document is still at `expected` (null: absent),
   * atomically against every other writer. Answers the new version, or null when another writer
   * got there first.
   */
  replaceDocument(key: string, body: Uint8Array, expected: string | null, options?: ReplaceOptions): Promise<string | null>;
  /**
   * A URL that downloads `key` without credentials until it expires, where the backend can sign
   * one (S3: 1 s to 7 days); absent on the filesystem, where the app streams `get` instead.
   */
  presign?(key: string, expiresSeconds: number): Promise<string>;
  /**
   * Where a write can fail half-way and leave a file behind (the filesystem): what is left, and a
   * sweep that removes the stale part. Absent where the storage itself makes writes atomic (S3, R2).
   */
  strayWrites?(): Promise<StrayWrite[]>;
  sweepStrayWrites?(): Promise<StrayWrite[]>;
  /**
   * Writes a small probe and removes it: rejects when a write would fail now (a read-only or full
   * disk, no permission). Absent where no object can be removed again (S3 with Object Lock).
   */
  probeWrite?(): Promise<void>;
}

const MAX_LIST_LIMIT = 1000;

/** The checked arguments of `list`, for adapters: the page size and the key to resume after. */
export function listArguments(prefix: string, options: ListOptions | undefined): { limit: number; after?: string } {
  assertSafePrefix(prefix);
  const limit = options?.limit ?? MAX_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(`list limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
  }
  return { limit, after: options?.cursor === undefined ? undefined : decodeCursor(options.cursor) };
}

/** The checked arguments of `putIfAbsent`, for adapters: the body's SHA-256, which must match the caller's. */
export async function putArguments(key: string, body: Uint8Array, options: PutOptions | undefined): Promise<{ sha256: string }> {
  assertSafeKey(key);
  const sha256 = await sha256Hex(body);
  if (options?.sha256 !== undefined && options.sha256 !== sha256) {
    throw new ArchiveCorrupt(`refusing to store ${key}: body does not match its sha256`);
  }
  return { sha256 };
}

/** Every key under `prefix` (after `from`, a page's cursor, when given), page after page. */
export async function* listAll(archive: Archive, prefix: string, from?: string): AsyncGenerator<string[]> {
  let cursor = from;
  do {
    const page = await archive.list(prefix, { cursor });
    yield page.keys;
    cursor = page.cursor;
  } while (cursor);
}

/** Reads a whole object into memory; for records and tests, not for serving PDFs. */
export async function readObject(archive: Archive, key: string): Promise<Uint8Array | null> {
  const object = await archive.get(key);
  return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
}

/** Compare-and-swap attempts before giving up; 16 concurrent writers need far fewer. */
const MAX_DOCUMENT_ATTEMPTS = 64;

/** Exponential backoff with full jitter, capped at about a quarter of a second. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));

/**
 * Runs `attempt` (one read, change and compare-and-swap of document `key`) until it answers true,
 * backing off after each that another writer won; gives up after MAX_DOCUMENT_ATTEMPTS.
 */
export async function untilWritten(key: string, attempt: () => Promise<boolean>): Promise<void> {
  for (let tries = 1; tries <= MAX_DOCUMENT_ATTEMPTS; tries++) {
    if (await attempt()) return;
    await backoff(tries);
  }
  throw new ArchiveUnavailable(`document ${key}: ${MAX_DOCUMENT_ATTEMPTS} attempts to update it all lost to other writers`);
}

/**
 * Read, change, compare-and-swap: `change` gets the newest body of the document (null: none yet)
 * and answers its replacement, or null to write nothing; when another writer replaced the document
 * meanwhile, it is read again and `change` runs again on what that writer left. `change` may throw
 * to give up (a writer whose condition no longer holds).
 */
export function updateDocument(archive: Archive, key: string, change: (body: Uint8Array | null) => Promise<Uint8Array | null>): Promise<void> {
  return untilWritten(key, async () => {
    const document = await archive.readDocument(key);
    const replacement = await change(document?.body ?? null);
    return replacement === null || (await archive.replaceDocument(key, replacement, document?.version ?? null)) !== null;
  });
}
