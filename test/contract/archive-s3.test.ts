/**
 * The archive contract on the S3 adapter against a real s3rver over real HTTP, with the real
 * AWS SDK. s3rver ignores `If-None-Match`, so the contract runs through a proxy that honours it
 * as AWS S3, R2 and MinIO do; the fallback for servers that ignore it is tested on bare s3rver.
 * The same proxy injects the faults: throttling, storage dying mid-publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObject } from '../../functions/archive/archive';
import { ArchiveUnavailable } from '../../functions/archive/errors';
import { createS3Archive, type S3ArchiveOptions } from '../../functions/archive/s3';
import { hexToBase64, sha256Hex } from '../../functions/archive/sha256';
import { findPublished, storePublication } from '../../functions/archive/store';
import { listVersions } from '../../functions/archive/versions';
import { closedPort } from '../helpers/closed-port';
import { startS3Proxy, type RunningS3Proxy } from '../helpers/s3-proxy';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../helpers/s3rver';
import { archiveContract, clockAt, publication } from './archive.contract';

let s3rver: RunningS3rver;
let conforming: RunningS3Proxy;
beforeAll(async () => {
  s3rver = await startS3rver();
  conforming = await startS3Proxy(s3rver, { conforming: true });
});
afterAll(async () => {
  await conforming?.stop();
  await s3rver?.stop();
});

let opened = 0;
/** A fresh archive is a fresh prefix in the one bucket. */
function archiveAt(endpoint: string, options: Partial<S3ArchiveOptions> = {}) {
  return createS3Archive({
    bucket: s3rver.bucket,
    prefix: `case-${++opened}/`,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    ...options,
  });
}

archiveContract('s3 (s3rver behind a proxy that honours If-None-Match)', async () => archiveAt(conforming.endpoint), () => {
  describe('S3 specifics', () => {
    it('throws at once when `bucket` or `region` is missing', () => {
      expect(() => createS3Archive({ region: 'auto' } as never)).toThrow('missing required option `bucket`');
      expect(() => createS3Archive({ bucket: 'b' } as never)).toThrow('missing required option `region`');
    });

    it('sends the SHA-256 with each upload, as ChecksumSHA256 and as metadata', async () => {
      const proxy = await startS3Proxy(s3rver);
      try {
        const archive = archiveAt(proxy.endpoint);
        const body = new TextEncoder().encode('%PDF-1.7 checksum');
        const sha256 = await sha256Hex(body);
        await archive.putIfAbsent('2021/a/x.pdf', body);
        const put = proxy.requests.find((request) => request.method === 'PUT');
        expect(put?.headers['x-amz-checksum-sha256']).toBe(hexToBase64(sha256));
        expect(put?.headers['x-amz-meta-sha256']).toBe(sha256);
        expect(put?.headers['if-none-match']).toBe('*');
        expect(await archive.head('2021/a/x.pdf')).toEqual({ size: body.byteLength, contentType: 'application/pdf', sha256 });
      } finally {
        await proxy.stop();
      }
    });

    it('reads a document it knows with If-None-Match: a 304 without its body while it is unchanged', async () => {
      const archive = archiveAt(conforming.endpoint);
      await archive.replaceDocument('catalog/index/2021.json', new TextEncoder().encode('{}'), null);
      const known = (await archive.readDocument('catalog/index/2021.json'))!;
      const before = conforming.requests.length;
      expect(await archive.readDocument('catalog/index/2021.json', known)).toBe(known);
      const seen = conforming.requests.slice(before).map((request) => [request.method, request.headers['if-none-match'], request.status]);
      expect(seen).toEqual([['GET', known.version, 304]]);
    });

    it('answers 412 races without uploading twice: the loser reports created: false', async () => {
      const archive = archiveAt(conforming.endpoint);
      const before = conforming.requests.length;
      const results = await Promise.all([1, 2, 3].map((n) => archive.putIfAbsent('2021/a/r.json', new Uint8Array([n]))));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const statuses = conforming.requests.slice(before).filter((r) => r.method === 'PUT').map((r) => r.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    });

    it('presigns a download URL that works without credentials', async () => {
      const archive = archiveAt(conforming.endpoint);
      await archive.putIfAbsent('2021/a/x.pdf', new TextEncoder().encode('%PDF-1.7 presigned'));
      const url = await archive.presign('2021/a/x.pdf', 60);
      expect(url).toContain('X-Amz-Expires=60');
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('%PDF-1.7 presigned');
      await expect(archive.presign('2021/a/x.pdf', 0)).rejects.toThrow(RangeError);
      await expect(archive.presign('2021/a/x.pdf', 8 * 24 * 3600)).rejects.toThrow(RangeError);
    });

    it('retries throttling and 5xx with backoff, then succeeds', async () => {
      const proxy = await startS3Proxy(s3rver, { failFirst: 3 });
      try {
        const archive = archiveAt(proxy.endpoint);
        expect(await archive.putIfAbsent('2021/a/x.pdf', new Uint8Array([1, 2, 3]))).toEqual({ created: true });
        expect(proxy.requests.slice(0, 3).map((request) => request.status)).toEqual([503, 503, 503]);
        expect(await readObject(archive, '2021/a/x.pdf')).toEqual(new Uint8Array([1, 2, 3]));
      } finally {
        await proxy.stop();
      }
    });

    it('a write that keeps conflicting (409) is the storage being unavailable, and nothing is stored', async () => {
      const proxy = await startS3Proxy(s3rver, { conflictingPuts: true });
      try {
        const archive = archiveAt(proxy.endpoint);
        const failure = archive.putIfAbsent('2021/a/conflicted.pdf', new Uint8Array([1, 2, 3]));
        await expect(failure).rejects.toThrow(ArchiveUnavailable);
        await expect(failure).rejects.toThrow(/kept answering 409/);
        expect(await archive.head('2021/a/conflicted.pdf')).toBeNull();
      } finally {
        await proxy.stop();
      }
    });

    it('unreachable storage: a clear error naming the endpoint, and nothing stored', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const archive = archiveAt(endpoint, { maxAttempts: 2 });
      const failure = storePublication({ archive, clock: clockAt('2022-01-26T08:00:00Z') }, publication());
      await expect(failure).rejects.toThrow(ArchiveUnavailable);
      await expect(failure).rejects.toThrow(endpoint);
      await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    });

    it('storage failing mid-publish: nothing visible, and a retry completes', async () => {
      // Requests of a publish: GET record; HEAD, PUT, HEAD for the PDF; the same for the source;
      // then the record. Failing from the 8th on kills the publish between the source and the record.
      const proxy = await startS3Proxy(s3rver, { failAfter: 7 });
      try {
        const prefix = `case-${++opened}/`;
        const failing = archiveAt(proxy.endpoint, { prefix, maxAttempts: 2 });
        const direct = archiveAt(s3rver.endpoint, { prefix });
        const clock = clockAt('2022-01-26T08:00:00Z');
        await expect(storePublication({ archive: failing, clock }, publication())).rejects.toThrow(/HTTP 503/);
        expect((await direct.list('')).keys).toHaveLength(2);
        expect(await listVersions(direct)).toEqual([]);
        expect(await findPublished(direct, publication())).toBeNull();

        proxy.behaviour.failAfter = Infinity;
        const retry = await storePublication({ archive: failing, clock }, publication());
        expect(retry.created).toBe(true);
        expect(await listVersions(direct)).toEqual([{ record: retry.record, current: true }]);
      } finally {
        await proxy.stop();
      }
    });
  });

  describe('fallback on a server that ignores If-None-Match (bare s3rver)', () => {
    it('still never replaces an existing key: it looks before it writes', async () => {
      const archive = archiveAt(s3rver.endpoint);
      await archive.putIfAbsent('2021/a/r.record.json', new TextEncoder().encode('{"first":true}'));
      expect(await archive.putIfAbsent('2021/a/r.record.json', new TextEncoder().encode('{"second":true}'))).toEqual({
        created: false,
      });
      expect(new TextDecoder().decode((await readObject(archive, '2021/a/r.record.json')) ?? undefined)).toBe(
        '{"first":true}',
      );
    });

    it('racing writes of identical content-addressed bytes leave exactly those bytes', async () => {
      const archive = archiveAt(s3rver.endpoint);
      const pdf = new TextEncoder().encode('%PDF-1.7 same bytes from every writer');
      const key = `2021/a/${await sha256Hex(pdf)}.pdf`;
      const results = await Promise.all([1, 2, 3].map(() => archive.putIfAbsent(key, pdf)));
      expect(results.some((result) => result.created)).toBe(true);
      expect(await readObject(archive, key)).toEqual(pdf);
      expect((await archive.list('')).keys).toEqual([key]);
    });
  });
});
