/**
 * Starts a real s3rver (an S3-compatible HTTP server from npm) on a free loopback port for a
 * test file, with one empty bucket, and stops it again. Tests talk to it with the real AWS SDK
 * over real HTTP (issue 4, "Real components"). s3rver signs with the fixed key pair below.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3rver {
  endpoint: string;
  port: number;
  bucket: string;
  stop(): Promise<void>;
}

export async function startS3rver(bucket = 'nianbao-test'): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'nianbao-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
