/**
 * One batch on S3: the real AWS SDK against s3rver over HTTP, behind the throttling proxy
 * (test/helpers/s3-proxy.ts), which answers 503 SlowDown to requests in the middle of the run.
 * The SDK is set to one try per request, so the throttling reaches the batch's own retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll, readObject } from '../../functions/archive/archive';
import { createS3Archive } from '../../functions/archive/s3';
import { planBatch } from '../../functions/batch/plan';
import { runBatch } from '../../functions/batch/run';
import { storeDraft } from '../../functions/drafts/store';
import { createChromiumPrinter } from '../../functions/print/chromium';
import { sharedFonts } from '../helpers/app';
import { generateReports, GENERATED_YEAR as YEAR } from '../helpers/generated-reports';
import { startS3Proxy, type RunningS3Proxy } from '../helpers/s3-proxy';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../helpers/s3rver';

const clock = { now: () => new Date() };

let s3rver: RunningS3rver;
let proxy: RunningS3Proxy;
beforeAll(async () => {
  s3rver = await startS3rver();
  proxy = await startS3Proxy(s3rver, { conforming: true });
});
afterAll(async () => {
  await proxy?.stop();
  await s3rver?.stop();
});

describe('the batch on S3', () => {
  it('retries throttled storage and publishes every report, summary included', async () => {
    const archive = createS3Archive({ bucket: s3rver.bucket, prefix: 'nianbao/', endpoint: proxy.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const printer = createChromiumPrinter({ assets: sharedFonts, concurrency: 2 });
    try {
      for (const report of generateReports(3)) await storeDraft(report, { archive, clock });
      const plan = await planBatch(YEAR, { archive, clock });
      expect(plan.pending).toHaveLength(3);

      proxy.behaviour.failFirst = 3;
      const run = await runBatch(plan, { archive, printer, clock }, { concurrency: 2, retry: { attempts: 5, firstDelayMs: 50 } });
      expect(proxy.behaviour.failFirst).toBe(0);
      expect(proxy.requests.filter((r) => r.status === 503)).toHaveLength(3);
      expect(run.storeError).toBeUndefined();
      expect(run.summary.counts).toMatchObject({ total: 3, published: 3, failed: 0 });

      const keys = (await Array.fromAsync(listAll(archive, ''))).flat();
      expect(keys.filter((key) => key.startsWith(`${YEAR}/`))).toHaveLength(9);
      expect(keys.filter((key) => key.startsWith(`batches/${YEAR}/${plan.runId}/results/`))).toHaveLength(3);
      expect(await archive.head(run.keys!.html)).toMatchObject({ contentType: 'text/html; charset=utf-8' });
      const summary = JSON.parse(new TextDecoder().decode((await readObject(archive, run.keys!.json))!));
      expect(summary.counts.published).toBe(3);

      const again = await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 2 });
      expect(again.summary.counts).toMatchObject({ published: 0, already: 3 });
    } finally {
      await printer.close();
    }
  });
});
