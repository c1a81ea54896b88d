/**
 * The Cloudflare side of the year-end batch (functions/cloudflare/queues.ts) on real ports: the
 * planner sends one message per draft through `cloudflareQueueSender`, and `consumeQueueBatch`
 * publishes each with the bundled Chromium into a filesystem archive, acks or retries, and stores
 * the run's summary. Cloudflare's Queue is stood in for by a recorder of `sendBatch` calls and a
 * delivered `MessageBatch` built from them (the shapes of @cloudflare/workers-types): wrangler's
 * local runtime would not fire this Worker's cron here (see docs/deploy-cloudflare.md), so real
 * delivery is what only an account verifies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBatch, Queue } from '@cloudflare/workers-types/latest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../functions/logger';
import { readObject } from '../../functions/archive/archive';
import { createFsArchive } from '../../functions/archive/fs';
import { scheduledRunId } from '../../functions/batch/keys';
import { startQueuedRun } from '../../functions/batch/queued';
import { cloudflareQueueSender, consumeQueueBatch } from '../../functions/cloudflare/queues';
import { storeDraft } from '../../functions/drafts/store';
import { createChromiumPrinter } from '../../functions/print/chromium';
import { sharedFonts } from '../helpers/app';
import { archiveFailingWrites } from '../helpers/faults';
import { generateReport } from '../helpers/generated-reports';

let folder: string;
const printer = createChromiumPrinter({ assets: sharedFonts, concurrency: 1 });
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cf-queue-'));
});
afterAll(async () => {
  await printer.close();
  await rm(folder, { recursive: true, force: true });
});

function recordingQueue() {
  const sent: unknown[] = [];
  const queue = { sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)) };
  return { sent, queue: queue as unknown as Queue<never> };
}

const DEAD_LETTER_QUEUE = 'nianbao-batch-dlq';
const options = (maxRetries: number, logger: Logger) => ({ maxRetries, deadLetterQueue: DEAD_LETTER_QUEUE, logger });
const quiet: Logger = { info: () => {}, error: () => {} };

function delivered(bodies: unknown[], attempts: number, queue = 'nianbao-batch') {
  const settled: Record<string, 'ack' | 'retry'> = {};
  const delays: Record<string, number | undefined> = {};
  const batch = {
    queue,
    messages: bodies.map((body, i) => ({
      id: `m${i}`,
      timestamp: new Date(),
      body,
      attempts,
      ack: () => void (settled[`m${i}`] = 'ack'),
      retry: (retry?: { delaySeconds?: number }) => {
        settled[`m${i}`] = 'retry';
        delays[`m${i}`] = retry?.delaySeconds;
      },
    })),
  };
  return { settled, delays, batch: batch as unknown as MessageBatch<unknown> };
}

const summaryOf = async (archive: ReturnType<typeof createFsArchive>, year: number, runId: string) => {
  const bytes = await readObject(archive, `batches/${year}/${runId}/summary.json`);
  return bytes && JSON.parse(new TextDecoder().decode(bytes));
};

describe('the batch on Cloudflare Queues', () => {
  it('plans through sendBatch, publishes each message, acks good and malformed ones, and stores the summary', async () => {
    const archive = createFsArchive({ root: join(folder, 'archive') });
    const clock = { now: () => new Date('2022-01-25T01:00:00Z') };
    for (const index of [0, 1]) await storeDraft(generateReport(index), { archive, clock });

    const { sent, queue } = recordingQueue();
    const run = await startQueuedRun(2021, { archive, clock }, cloudflareQueueSender(queue));
    expect(run).toMatchObject({ year: 2021, queued: 2, already: 0 });
    expect(sent).toHaveLength(2);

    const logs: Record<string, unknown>[] = [];
    const logger: Logger = { info: (f) => logs.push(f), error: (f) => logs.push({ level: 'error', ...f }) };
    const { settled, batch } = delivered([sent[0], { year: 2021 }, sent[1]], 1);
    await consumeQueueBatch(batch, { archive, clock, printer }, options(3, logger));

    expect(settled).toEqual({ m0: 'ack', m1: 'ack', m2: 'ack' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'queue message malformed', messageId: 'm1' }));
    expect(logs.filter((f) => f.msg === 'batch report').map((f) => f.outcome)).toEqual(['published', 'published']);
    const summary = JSON.parse(new TextDecoder().decode((await readObject(archive, `batches/2021/${run.runId}/summary.json`))!));
    expect(summary).toMatchObject({ year: 2021, runId: run.runId });
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'batch summary stored', summary: `batches/2021/${run.runId}/summary.html` }));

    // Delivered again (at-least-once delivery): acked, nothing printed twice.
    const again = delivered([sent[0]], 2);
    await consumeQueueBatch(again.batch, { archive, clock, printer }, options(3, logger));
    expect(again.settled).toEqual({ m0: 'ack' });
    expect((await archive.list('2021/')).keys.filter((key) => key.endsWith('.pdf'))).toHaveLength(2);
  });

  it('asks for a retry while a failure may pass, and records it as failed on the last delivery', async () => {
    const working = createFsArchive({ root: join(folder, 'outage') });
    const clock = { now: () => new Date('2022-01-25T01:00:00Z') };
    await storeDraft(generateReport(2), { archive: working, clock });
    const { sent, queue } = recordingQueue();
    await startQueuedRun(2021, { archive: working, clock }, cloudflareQueueSender(queue));

    // The storage refuses every write of the published copies (the PDF first) while the outage lasts.
    const outage = archiveFailingWrites(working, { prefix: '2021/', failures: Infinity });
    const logger: Logger = { info: () => {}, error: () => {} };
    const early = delivered([sent[0]], 2);
    await consumeQueueBatch(early.batch, { archive: outage, clock, printer }, options(2, logger));
    expect(early.settled).toEqual({ m0: 'retry' });
    // A minute after the first delivery, doubling: storage gets time to come back.
    expect(early.delays).toEqual({ m0: 120 });

    const last = delivered([sent[0]], 3);
    await consumeQueueBatch(last.batch, { archive: outage, clock, printer }, options(2, logger));
    expect(last.settled).toEqual({ m0: 'ack' });
    const results = (await working.list('batches/2021/')).keys.filter((key) => key.includes('/results/'));
    const result = JSON.parse(new TextDecoder().decode((await readObject(working, results[0]!))!));
    expect(result).toMatchObject({ agencyId: 'gen-0003', outcome: 'failed' });
  });

  it('records a dead-lettered report as failed from the dead-letter queue, keeps one that has a result, and the summary completes', async () => {
    const archive = createFsArchive({ root: join(folder, 'dead-letters') });
    const clock = { now: () => new Date('2022-01-31T18:00:00Z') };
    for (const index of [4, 5]) await storeDraft(generateReport(index), { archive, clock });
    const { sent, queue } = recordingQueue();
    const run = await startQueuedRun(2021, { archive, clock }, cloudflareQueueSender(queue));

    // The first report publishes; the second never settles (say its worker ran out of CPU time)
    // and the queue moves it to the dead-letter queue, as it may a message that did settle.
    await consumeQueueBatch(delivered([sent[0]], 1).batch, { archive, clock, printer }, options(3, quiet));
    expect(await summaryOf(archive, 2021, run.runId)).toBeNull();
    const logs: Record<string, unknown>[] = [];
    const logger: Logger = { info: (f) => logs.push(f), error: (f) => logs.push({ level: 'error', ...f }) };
    // A message of a run that has no plan can never assemble: acknowledged, not delivered for ever.
    const planless = { ...(sent[1] as object), runId: '20220101t000000000z-0badc0de' };
    const dead = delivered([sent[1], sent[0], { not: 'a batch message' }, planless], 1, DEAD_LETTER_QUEUE);
    await consumeQueueBatch(dead.batch, { archive, clock, printer }, options(3, logger));

    expect(dead.settled).toEqual({ m0: 'ack', m1: 'ack', m2: 'ack', m3: 'ack' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'batch summary not assembled', runId: planless.runId, retrying: false }));
    const summary = await summaryOf(archive, 2021, run.runId);
    expect(summary.counts).toMatchObject({ published: 1, failed: 1, pending: 0 });
    const failed = summary.reports.find((line: { outcome: string }) => line.outcome === 'failed');
    expect(failed).toMatchObject({ agencyId: (sent[1] as { agencyId: string }).agencyId, error: { name: 'DeadLettered', transient: true }, attempts: 4 });
    expect(failed.error.message).toContain('after 4 deliveries');
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'batch summary stored', summary: `batches/2021/${run.runId}/summary.html` }));
  });

  it('delivers the messages of a run again when its summary could not be stored, and the next delivery stores it', async () => {
    const working = createFsArchive({ root: join(folder, 'summary-outage') });
    const clock = { now: () => new Date('2022-01-31T18:00:00Z') };
    await storeDraft(generateReport(6), { archive: working, clock });
    const { sent, queue } = recordingQueue();
    const run = await startQueuedRun(2021, { archive: working, clock }, cloudflareQueueSender(queue));
    const summaryOutage = archiveFailingWrites(working, { prefix: `batches/2021/${run.runId}/summary.json`, failures: Infinity });

    const first = delivered([sent[0]], 1);
    await consumeQueueBatch(first.batch, { archive: summaryOutage, clock, printer }, options(3, quiet));
    expect(first.settled).toEqual({ m0: 'retry' });
    expect(await summaryOf(working, 2021, run.runId)).toBeNull();

    const again = delivered([sent[0]], 2);
    await consumeQueueBatch(again.batch, { archive: working, clock, printer }, options(3, quiet));
    expect(again.settled).toEqual({ m0: 'ack' });
    expect((await summaryOf(working, 2021, run.runId)).counts).toMatchObject({ published: 1, pending: 0 });
    expect((await working.list('2021/')).keys.filter((key) => key.endsWith('.pdf'))).toHaveLength(1);
  });

  it('takes up a scheduled run whose planner failed part-way through sending, queueing again only what has no result', async () => {
    const archive = createFsArchive({ root: join(folder, 'resumed') });
    const clock = { now: () => new Date('2022-01-31T18:00:00Z') };
    for (const index of [7, 8, 9]) await storeDraft(generateReport(index), { archive, clock });
    const firedAt = new Date('2022-01-31T18:00:00Z');
    const sent: unknown[] = [];
    const failing = { send: async (messages: readonly unknown[]) => { sent.push(messages[0]); throw new Error('the queue refused the rest'); } };
    await expect(startQueuedRun(2021, { archive, clock }, failing, scheduledRunId(firedAt))).rejects.toThrow('the queue refused the rest');
    await consumeQueueBatch(delivered(sent, 1).batch, { archive, clock, printer }, options(3, quiet));

    // The scheduler retries the same fire: the same run, its two reports without a result queued.
    const retried = recordingQueue();
    const run = await startQueuedRun(2021, { archive, clock: { now: () => new Date('2022-01-31T18:05:00Z') } }, cloudflareQueueSender(retried.queue), scheduledRunId(firedAt));
    expect(run).toMatchObject({ runId: scheduledRunId(firedAt), queued: 2 });
    expect((await archive.list('batches/2021/')).keys.filter((key) => key.endsWith('/plan.json'))).toHaveLength(1);
    await consumeQueueBatch(delivered(retried.sent, 1).batch, { archive, clock, printer }, options(3, quiet));
    expect((await summaryOf(archive, 2021, run.runId)).counts).toMatchObject({ total: 3, published: 3, pending: 0 });
  });
});
