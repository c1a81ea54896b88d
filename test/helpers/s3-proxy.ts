/**
 * A real HTTP proxy in front of s3rver that changes how the storage behaves, for the S3 tests:
 * it answers 503 SlowDown to the first N requests (throttling the SDK must retry) or to every
 * request after the Nth (storage dying mid-publish), and, in `conforming` mode, fixes the three
 * places where s3rver 3.7 departs from S3:
 * - it ignores `If-None-Match: *` on PUT; AWS S3, R2 and MinIO answer 412 when the key exists
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), and it
 *   ignores `If-Match: <etag>` on PUT, where they answer 412 when the object has another ETag;
 * - it lists folder by folder (`a/x` before `a-b/x`), and so skips keys when paging with
 *   StartAfter; S3 lists in UTF-8 binary order (ListObjectsV2 API reference);
 * - it answers a PUT before the object's bytes are all written, so a GET right after can read a
 *   cut-short body under the new ETag; S3 reads every write back at once (`readsBack`).
 * Other requests are forwarded byte for byte, so SigV4 signatures still match.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS, type RunningS3rver } from './s3rver';

export interface ProxyBehaviour {
  /** Answer 503 to this many requests first. */
  failFirst: number;
  /** Once this many requests have been forwarded, answer 503 to every further one. */
  failAfter: number;
  /** Honour `If-None-Match: *` and `If-Match` (one PUT per key at a time) and list in byte order, as S3 does. */
  conforming: boolean;
  /** Answer every PUT with 409 ConditionalRequestConflict, as S3 does while a rival conditional write to the key is in progress. */
  conflictingPuts: boolean;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface RunningS3Proxy {
  endpoint: string;
  behaviour: ProxyBehaviour;
  requests: SeenRequest[];
  stop(): Promise<void>;
}

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';

const CONFLICT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting operation is in progress on this object.</Message></Error>';

export async function startS3Proxy(upstream: RunningS3rver, behaviour: Partial<ProxyBehaviour> = {}): Promise<RunningS3Proxy> {
  const live: ProxyBehaviour = { failFirst: 0, failAfter: Infinity, conforming: false, conflictingPuts: false, ...behaviour };
  const requests: SeenRequest[] = [];
  let forwarded = 0;
  const keyLocks = new Map<string, Promise<void>>();
  const s3 = new S3Client({
    endpoint: upstream.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });

  /** The object's ETag; null when there is no object. */
  async function etagOf(path: string): Promise<string | null> {
    const [, bucket, ...key] = path.split('/').map(decodeURIComponent);
    try {
      return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key.join('/') }))).ETag ?? '';
    } catch {
      return null;
    }
  }

  /**
   * Waits until the object just PUT reads back whole (its MD5 is its ETag): s3rver answers a PUT
   * before its bytes are all on disk, and a GET at once can read the new ETag with a cut-short
   * body, where S3 reads every write back at once.
   */
  async function readsBack(path: string, etag: string | undefined): Promise<void> {
    if (!etag || etag.includes('-')) return;
    const [, bucket, ...key] = path.split('/').map(decodeURIComponent);
    for (let tries = 0; tries < 200; tries++) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key.join('/') }));
      const body = (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
      if (`"${createHash('md5').update(body).digest('hex')}"` === etag) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Whether a conditional PUT may proceed: If-None-Match: * needs no object, If-Match the same ETag. */
  async function conditionHolds(path: string, headers: IncomingHttpHeaders): Promise<boolean> {
    const etag = await etagOf(path);
    if (headers['if-none-match'] === '*') return etag === null;
    return etag !== null && etag === headers['if-match'];
  }

  /** ListObjectsV2 in byte order: all keys under the prefix from s3rver, sorted, then paged. */
  async function listInByteOrder(url: URL): Promise<string> {
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    const prefix = url.searchParams.get('prefix') ?? '';
    const startAfter = url.searchParams.get('start-after') ?? '';
    const maxKeys = Number(url.searchParams.get('max-keys') ?? 1000);
    const all = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 2 ** 31 - 1 }));
    const after = (all.Contents ?? []).filter((object) => (object.Key ?? '') > startAfter);
    after.sort((a, b) => Buffer.compare(Buffer.from(a.Key ?? ''), Buffer.from(b.Key ?? '')));
    const page = after.slice(0, maxKeys);
    const contents = page.map((o) => `<Contents><Key>${xml(o.Key ?? '')}</Key><Size>${o.Size ?? 0}</Size></Contents>`);
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><MaxKeys>${maxKeys}</MaxKeys>` +
      `<KeyCount>${page.length}</KeyCount><IsTruncated>${after.length > maxKeys}</IsTruncated>` +
      `${contents.join('')}</ListBucketResult>`
    );
  }

  /** Runs `work` after every earlier holder of `key`'s lock, so check-and-put is atomic per key. */
  function withLock(key: string, work: () => Promise<void>): Promise<void> {
    const previous = keyLocks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    keyLocks.set(key, next);
    return next;
  }

  const server = createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, status: 0 };
    requests.push(seen);
    const answer = (status: number, body: string) => {
      if (res.headersSent) return;
      seen.status = status;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
    };
    if (live.failFirst > 0) {
      live.failFirst--;
      return answer(503, SLOW_DOWN);
    }
    if (forwarded >= live.failAfter) return answer(503, SLOW_DOWN);
    if (live.conflictingPuts && req.method === 'PUT') return answer(409, CONFLICT);
    forwarded++;

    const url = new URL(req.url ?? '/', 'http://proxy');
    const forward = () =>
      new Promise<void>((done) => {
        const out = request(
          { host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (upstreamRes) => {
            seen.status = upstreamRes.statusCode ?? 0;
            const reply = () => {
              res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
              upstreamRes.pipe(res).on('finish', done);
            };
            const stored = live.conforming && req.method === 'PUT' && upstreamRes.statusCode === 200;
            if (stored) readsBack(url.pathname, upstreamRes.headers.etag).then(reply, reply);
            else reply();
          },
        );
        out.on('error', () => {
          answer(502, '');
          done();
        });
        req.pipe(out);
      });

    if (live.conforming && req.method === 'PUT' && (req.headers['if-none-match'] === '*' || req.headers['if-match'] !== undefined)) {
      void withLock(url.pathname, async () => {
        if (await conditionHolds(url.pathname, req.headers)) await forward();
        else answer(412, PRECONDITION_FAILED);
      });
    } else if (live.conforming && req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      listInByteOrder(url).then(
        (body) => answer(200, body),
        (error: unknown) => answer(500, String(error)),
      );
    } else {
      void forward();
    }
  });

  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    behaviour: live,
    requests,
    stop: () =>
      new Promise<void>((closed) => {
        s3.destroy();
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
