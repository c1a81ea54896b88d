/**
 * The R2 `Archive` adapter for the Worker, through the R2 bucket binding
 * (https://developers.cloudflare.com/r2/api/workers/workers-api-reference/).
 *
 * Why the binding and not R2's S3 API through s3.ts: the binding needs no access keys in the
 * Worker (the bucket is bound in wrangler.toml, nothing to leak or rotate), adds nothing to the
 * bundle (the AWS SDK would add several hundred KB to a bundle capped at 3 MB compressed on the
 * free plan), makes no signed HTTP round trip of its own, and gives the archive's two guarantees
 * natively: a conditional put (`onlyIf` with `etagDoesNotMatch: '*'` answers null when the key exists,
 * so put-if-absent is one atomic call with no HEAD before or after) and a SHA-256 that R2 checks
 * on receipt and keeps with the object (`sha256` option, returned in `checksums`), which the S3
 * API offers only for multipart uploads: R2's full-object checksum is CRC64NVME
 * (https://developers.cloudflare.com/r2/data-access/s3-api/api/). What the binding cannot do is sign a
 * URL; the Worker streams downloads instead, and Workers have no response size cap that would
 * force a redirect (Lambda's 6 MB is why s3.ts presigns).
 */
import type { R2Bucket, R2Object, R2ObjectBody } from '@cloudflare/workers-types/latest';
import { listArguments, putArguments, type Archive, type ArchiveObject, type ObjectInfo } from './archive';
import { encodeCursor } from './cursor';
import { ArchiveUnavailable } from './errors';
import { assertDocumentKey, assertSafeKey, assertSafePrefix, contentTypeOf, isSafeKey } from './keys';
import { bytesToHex } from '../bytes';

export interface R2ArchiveOptions {
  /** The bucket binding from the Worker's env (`[[r2_buckets]]` in wrangler.toml). Required. */
  bucket: R2Bucket;
  /** Keys are stored under this prefix, e.g. "nianbao/" (whole segments ending in "/"). @default "" */
  prefix?: string;
}

export function createR2Archive(options: R2ArchiveOptions): Archive {
  if (!options?.bucket) throw new TypeError('createR2Archive: missing required option `bucket` (an R2 bucket binding)');
  const { bucket } = options;
  const base = options.prefix ?? '';
  assertSafePrefix(base);

  /** Every binding failure becomes ArchiveUnavailable naming the operation and the key. */
  async function call<T>(operation: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new ArchiveUnavailable(`archive r2://${base}: ${operation} ${key} failed: ${(error as Error).message}`, { cause: error });
    }
  }

  function infoOf(key: string, object: R2Object): ObjectInfo {
    const sha256 = object.checksums.sha256;
    return { size: object.size, contentType: contentTypeOf(key), ...(sha256 ? { sha256: bytesToHex(new Uint8Array(sha256)) } : {}) };
  }

  return {
    async putIfAbsent(key, body, putOptions) {
      const { sha256 } = await putArguments(key, body, putOptions);
      // `etagDoesNotMatch: '*'` is If-None-Match: *, "create only if the key does not exist"
      // (https://developers.cloudflare.com/r2/api/s3/conditional-operations/); when the key
      // exists R2 stores nothing and answers null instead of the new object.
      const stored = await call('put', key, () =>
        bucket.put(base + key, body, {
          onlyIf: { etagDoesNotMatch: '*' },
          sha256,
          httpMetadata: { contentType: contentTypeOf(key) },
        }),
      );
      return { created: stored !== null };
    },

    async get(key): Promise<ArchiveObject | null> {
      assertSafeKey(key);
      const object = await call('get', key, () => bucket.get(base + key));
      if (!object) return null;
      return { ...infoOf(key, object), body: object.body as unknown as ReadableStream<Uint8Array> };
    },

    async head(key) {
      assertSafeKey(key);
      const object = await call('head', key, () => bucket.head(base + key));
      return object ? infoOf(key, object) : null;
    },

    async readDocument(key, known) {
      assertDocumentKey(key);
      const object = await call('get', key, () => bucket.get(base + key, known ? { onlyIf: { etagDoesNotMatch: known.version } } : {}));
      if (!object) return null;
      // The ETag is still the known one: the condition failed, and R2 answered the object without its body.
      if (known && object.etag === known.version) return known;
      return { body: new Uint8Array(await (object as R2ObjectBody).arrayBuffer()), version: object.etag };
    },

    async replaceDocument(key, body, expected) {
      assertDocumentKey(key);
      // onlyIf answers null instead of the object when the condition fails: another writer won.
      const stored = await call('put', key, () =>
        bucket.put(base + key, body, {
          onlyIf: expected === null ? { etagDoesNotMatch: '*' } : { etagMatches: expected },
          httpMetadata: { contentType: contentTypeOf(key) },
        }),
      );
      return stored?.etag ?? null;
    },

    async list(prefix, listOptions) {
      const { limit, after } = listArguments(prefix, listOptions);
      // R2's own cursor is opaque and tied to its listing; `startAfter` keeps the archive's
      // cursor the same "after this key" in every adapter (cursor.ts).
      const out = await call('list', prefix || '(all)', () =>
        bucket.list({ prefix: base + prefix, limit, ...(after === undefined ? {} : { startAfter: base + after }) }),
      );
      const found = out.objects.map((object) => object.key.slice(base.length));
      // Objects that other tools put under the prefix with unsafe names are not archive keys.
      const keys = found.filter(isSafeKey);
      const last = found.at(-1);
      return out.truncated && last ? { keys, cursor: encodeCursor(last) } : { keys };
    },
  };
}
