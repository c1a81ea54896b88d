/**
 * The S3 `Archive` adapter, for AWS S3, Cloudflare R2, MinIO and other S3-compatible servers,
 * through @aws-sdk/client-s3 (runs in Node, Lambda and Workers: no node: imports here).
 *
 * Put-if-absent: HEAD first (an existing key is never uploaded again), then PutObject with
 * `If-None-Match: *`, which AWS S3, R2 and MinIO honour by answering 412 when the key exists
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
 * https://developers.cloudflare.com/r2/api/s3/conditional-operations/).
 * Some servers ignore that header (s3rver does) and simply overwrite. The fallback for them is the
 * HEAD before and a HEAD after: the writer whose SHA-256 is found in the object's metadata after
 * its PUT reports `created`. The archive's PDF and source keys are content-addressed (named by the
 * hash of their bytes), so two writers racing on one of those keys write identical bytes and the
 * overwrite changes nothing; only a record (which carries its writer's time) could differ, and on
 * such servers only in the instant between a rival's HEAD and PUT. There the fallback is not
 * race-safe: s3rver writes an object's bytes and its metadata in two steps, so two first publishes
 * of one source at the same instant could leave a record whose metadata checksum is the other
 * writer's, and tell both that they created it (a reviewer saw 6 in 40 such races). Use a server
 * that honours If-None-Match in production; all the named ones do.
 *
 * The catalog's documents are rewritten by compare-and-swap: GET gives the ETag, and the PUT that
 * replaces it carries `If-Match: <etag>` (or `If-None-Match: *` for the first), which S3, R2 and
 * MinIO answer with 412 when another writer replaced it first. s3rver ignores both; the tests run
 * the catalog through a proxy that honours them (test/helpers/s3-proxy.ts).
 *
 * Integrity: every upload carries `ChecksumSHA256`, which S3 verifies on receipt, and the hex
 * SHA-256 in user metadata, because R2 keeps no full-object SHA-256 checksum (only CRC64NVME).
 * Retries: the SDK's standard strategy, set explicitly: exponential backoff with jitter for
 * throttling, 5xx and network errors.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { listArguments, putArguments, type Archive, type ArchiveObject, type ObjectInfo } from './archive';
import { encodeCursor } from './cursor';
import { ArchiveUnavailable } from './errors';
import { assertDocumentKey, assertSafeKey, assertSafePrefix, contentTypeOf, isSafeKey } from './keys';
import { hexToBase64 } from './sha256';

export interface S3ArchiveOptions {
  bucket: string;
  /** Keys are stored under this prefix, e.g. "nianbao/" (whole segments ending in "/"). @default "" */
  prefix?: string;
  /** For R2, MinIO and other S3-compatible servers; omit for AWS S3. */
  endpoint?: string;
  /** AWS region; R2 accepts "auto". */
  region: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`; MinIO usually needs it. @default false */
  forcePathStyle?: boolean;
  /** Omit to use the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Tries per request, the first included; each retry waits longer (backoff with jitter). @default 5 */
  maxAttempts?: number;
  /** Gives up on a request that has not answered in this many milliseconds. @default 30000 */
  requestTimeoutMs?: number;
}

export interface S3Archive extends Archive {
  presign(key: string, expiresSeconds: number): Promise<string>;
}

const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** S3 answers 409 ConditionalRequestConflict when conditional writes to a key overlap: retry. */
const CONFLICT_RETRIES = 3;

export function createS3Archive(options: S3ArchiveOptions): S3Archive {
  if (!options?.bucket) throw new TypeError('createS3Archive: missing required option `bucket`');
  if (!options.region) throw new TypeError('createS3Archive: missing required option `region`');
  const base = options.prefix ?? '';
  assertSafePrefix(base);
  const { bucket } = options;
  const where = `s3://${bucket}/${base}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
    // We send our own SHA-256; the SDK's default CRC32 would be a second, weaker checksum.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  /**
   * Runs one SDK call. Answers in `expected` (e.g. 404 for a missing key) go back to the caller;
   * every other failure becomes ArchiveUnavailable naming the bucket, the key and the status.
   */
  async function call<T>(operation: string, key: string, run: () => Promise<T>, expected: number[] = []): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (expected.some((status) => isStatus(error, status))) throw error;
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      const attempts = (error as S3ServiceException).$metadata?.attempts;
      const detail = [status && `HTTP ${status}`, attempts && `${attempts} attempts`].filter(Boolean).join(', ');
      throw new ArchiveUnavailable(
        `archive ${where}: ${operation} ${key} failed: ${(error as Error).name}: ${(error as Error).message}` +
          (detail ? ` (${detail})` : ''),
        { cause: error },
      );
    }
  }

  async function head(key: string): Promise<ObjectInfo | null> {
    assertSafeKey(key);
    try {
      const out = await call('HeadObject', key, () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: base + key })), [404],
      );
      return { size: out.ContentLength ?? 0, contentType: contentTypeOf(key), sha256: out.Metadata?.sha256 };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** One conditional PUT; false when the server said the key exists (412). */
  async function putConditionally(key: string, body: Uint8Array, sha256: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await call('PutObject', key, () =>
          client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: base + key,
              Body: body,
              ContentType: contentTypeOf(key),
              ChecksumSHA256: hexToBase64(sha256),
              Metadata: { sha256 },
              IfNoneMatch: '*',
            }),
          ),
          [409, 412],
        );
        return true;
      } catch (error) {
        if (isStatus(error, 412)) return false;
        if (!isStatus(error, 409)) throw error;
        if (attempt === CONFLICT_RETRIES) throw new ArchiveUnavailable(`archive ${where}: PutObject ${key} kept answering 409 (a conflicting write in progress)`, { cause: error });
        if (await head(key)) return false;
      }
    }
  }

  return {
    async putIfAbsent(key, body, putOptions) {
      const { sha256 } = await putArguments(key, body, putOptions);
      if (await head(key)) return { created: false };
      if (!(await putConditionally(key, body, sha256))) return { created: false };
      // Verification for servers that ignore If-None-Match: the last writer's hash is what is stored.
      const stored = await head(key);
      return { created: stored?.sha256 === sha256 };
    },

    async get(key): Promise<ArchiveObject | null> {
      assertSafeKey(key);
      try {
        const out = await call('GetObject', key, () =>
          client.send(new GetObjectCommand({ Bucket: bucket, Key: base + key })), [404],
        );
        if (!out.Body) throw new ArchiveUnavailable(`archive ${where}: GetObject ${key} returned no body`);
        return {
          body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          size: out.ContentLength ?? 0,
          contentType: contentTypeOf(key),
          sha256: out.Metadata?.sha256,
        };
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },

    head,

    async readDocument(key, known) {
      assertDocumentKey(key);
      try {
        const out = await call('GetObject', key, () => client.send(new GetObjectCommand({ Bucket: bucket, Key: base + key, IfNoneMatch: known?.version })), [304, 404]);
        if (!out.Body || !out.ETag) throw new ArchiveUnavailable(`archive ${where}: GetObject ${key} returned no body or no ETag`);
        return { body: await out.Body.transformToByteArray(), version: out.ETag };
      } catch (error) {
        if (isStatus(error, 404)) return null;
        // 304 Not Modified: the ETag is still the known one.
        if (known && isStatus(error, 304)) return known;
        throw error;
      }
    },

    async replaceDocument(key, body, expected) {
      assertDocumentKey(key);
      const { sha256 } = await putArguments(key, body, undefined);
      const condition = expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected };
      try {
        const out = await call('PutObject', key, () =>
          client.send(
            new PutObjectCommand({ Bucket: bucket, Key: base + key, Body: body, ContentType: contentTypeOf(key), ChecksumSHA256: hexToBase64(sha256), ...condition }),
          ),
          // 412: the condition failed; 404: If-Match on a key that is gone; 409: a rival write in progress.
          [404, 409, 412],
        );
        if (!out.ETag) throw new ArchiveUnavailable(`archive ${where}: PutObject ${key} returned no ETag`);
        return out.ETag;
      } catch (error) {
        if ([404, 409, 412].some((status) => isStatus(error, status))) return null;
        throw error;
      }
    },

    async list(prefix, listOptions) {
      const { limit, after } = listArguments(prefix, listOptions);
      const out = await call('ListObjectsV2', prefix || '(all)', () =>
        client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: base + prefix,
            StartAfter: after === undefined ? undefined : base + after,
            MaxKeys: limit,
          }),
        ),
      );
      const found = (out.Contents ?? []).flatMap((object) => (object.Key ? [object.Key.slice(base.length)] : []));
      // Objects that other tools put under the prefix with unsafe names are not archive keys.
      const keys = found.filter(isSafeKey);
      const last = found.at(-1);
      return out.IsTruncated && last ? { keys, cursor: encodeCursor(last) } : { keys };
    },

    async presign(key, expiresSeconds) {
      assertSafeKey(key);
      if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_SECONDS) {
        throw new RangeError(`presign: expiresSeconds must be a whole number from 1 to ${MAX_PRESIGN_SECONDS}`);
      }
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: base + key }), {
        expiresIn: expiresSeconds,
      });
    },
  };
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata?.httpStatusCode === status;
}
