/**
 * The archive contract on the R2 binding adapter, with R2 simulated by Cloudflare's own local
 * runtime: wrangler's getPlatformProxy starts workerd with the ARCHIVE binding of wrangler.toml,
 * and every bucket call the adapter makes runs in workerd's R2 implementation (conditional puts,
 * SHA-256 checks, listing), persisted to a temp folder. The adapter's own code runs in Node here;
 * it uses nothing but the binding and Web Crypto, and test/runtime/worker.test.ts runs it inside
 * workerd behind the real routes. (@cloudflare/vitest-pool-workers, which would run the whole
 * suite inside workerd, is not installed and supports no vitest 5.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { R2Bucket } from '@cloudflare/workers-types/latest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { readObject } from '../../functions/archive/archive';
import { ArchiveCorrupt, ArchiveUnavailable } from '../../functions/archive/errors';
import { createR2Archive } from '../../functions/archive/r2';
import { sha256Hex } from '../../functions/archive/sha256';
import { archiveContract } from './archive.contract';

let folder: string;
let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ ARCHIVE: R2Bucket }>>>;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-r2-'));
  proxy = await getPlatformProxy<{ ARCHIVE: R2Bucket }>({ configPath: 'wrangler.toml', persist: { path: folder } });
});
afterAll(async () => {
  await proxy?.dispose();
  await rm(folder, { recursive: true, force: true });
});

let opened = 0;
/** A fresh archive is a fresh prefix in the one local bucket. */
const archiveAt = () => createR2Archive({ bucket: proxy.env.ARCHIVE, prefix: `case-${++opened}/` });

archiveContract('r2 (binding, R2 simulated by workerd)', async () => archiveAt(), () => {
  describe('R2 specifics', () => {
    it('throws at once when `bucket` is missing', () => {
      expect(() => createR2Archive({} as never)).toThrow('missing required option `bucket`');
    });

    it('has R2 keep and check the SHA-256: head and get report it', async () => {
      const archive = archiveAt();
      const body = new TextEncoder().encode('%PDF-1.7 checksum');
      const sha256 = await sha256Hex(body);
      await archive.putIfAbsent('2021/a/x.pdf', body, { sha256 });
      expect(await archive.head('2021/a/x.pdf')).toEqual({ size: body.byteLength, contentType: 'application/pdf', sha256 });
      const object = await archive.get('2021/a/x.pdf');
      expect(object?.sha256).toBe(sha256);
      await object?.body.cancel();
      await expect(archive.putIfAbsent('2021/a/y.pdf', body, { sha256: '0'.repeat(64) })).rejects.toThrow(ArchiveCorrupt);
    });

    it('concurrent puts of one key: one conditional put wins, the others store nothing', async () => {
      const archive = archiveAt();
      const results = await Promise.all([1, 2, 3, 4].map((n) => archive.putIfAbsent('2021/a/r.json', new Uint8Array([n]))));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const winner = results.findIndex((result) => result.created) + 1;
      expect(await readObject(archive, '2021/a/r.json')).toEqual(new Uint8Array([winner]));
    });

    it('a failing binding becomes ArchiveUnavailable naming the operation and key', async () => {
      const broken = { head: () => Promise.reject(new Error('network connection lost')) } as unknown as R2Bucket;
      await expect(createR2Archive({ bucket: broken }).head('2021/a/x.pdf')).rejects.toThrow(ArchiveUnavailable);
      await expect(createR2Archive({ bucket: broken }).head('2021/a/x.pdf')).rejects.toThrow('head 2021/a/x.pdf failed: network connection lost');
    });
  });
});
