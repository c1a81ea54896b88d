/**
 * The year-end batch on real parts (issue 7, "Faults"): the bundled Chromium with the bundled
 * fonts, a filesystem archive in a temp folder, drafts stored through drafts/store.ts. Faults are
 * wrappers around the real adapters (test/helpers/faults.ts). Every test counts what the archive
 * holds afterwards: one record, one PDF and one source per agency, nothing twice.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll, readObject, type Archive } from '../../functions/archive/archive';
import { canonicalJson } from '../../functions/archive/canonical-json';
import { createFsArchive } from '../../functions/archive/fs';
import { sha256Hex } from '../../functions/archive/sha256';
import { handleBatchMessage, messagesOf, RetryLater } from '../../functions/batch/message';
import { planBatch, savePlan } from '../../functions/batch/plan';
import { runBatch } from '../../functions/batch/run';
import { allPublished, assembleSummary } from '../../functions/batch/summary';
import { draftKey } from '../../functions/drafts/keys';
import { storeDraft } from '../../functions/drafts/store';
import { publish } from '../../functions/publish';
import { createChromiumPrinter, type ChromiumPrinter } from '../../functions/print/chromium';
import { sharedFonts } from '../helpers/app';
import { loadExample } from '../helpers/examples';
import { archiveFailingWrites, printerFailingFor } from '../helpers/faults';
import { generatedAgencyId, generateReport, generateReports, GENERATED_YEAR as YEAR } from '../helpers/generated-reports';

const clock = { now: () => new Date() };
const retry = { attempts: 4, firstDelayMs: 20 };

let printer: ChromiumPrinter;
let folder: string;
beforeAll(async () => {
  printer = createChromiumPrinter({ assets: sharedFonts, concurrency: 2 });
  folder = await mkdtemp(join(tmpdir(), 'nianbao-batch-'));
});
afterAll(async () => {
  await printer?.close();
  await rm(folder, { recursive: true, force: true });
});

async function archiveWithDrafts(name: string, count: number): Promise<Archive> {
  const archive = createFsArchive({ root: join(folder, name) });
  for (const report of generateReports(count)) await storeDraft(report, { archive, clock });
  return archive;
}

async function keysUnder(archive: Archive, prefix: string): Promise<string[]> {
  return (await Array.fromAsync(listAll(archive, prefix))).flat();
}

/** Each agency has exactly one published version: its record, its PDF and its source. */
async function expectPublishedOnce(archive: Archive, agencies: string[]) {
  const keys = await keysUnder(archive, `${YEAR}/`);
  expect(keys).toHaveLength(3 * agencies.length);
  for (const agency of agencies) {
    const own = keys.filter((key) => key.startsWith(`${YEAR}/${agency}/`));
    expect(own.filter((key) => key.endsWith('.record.json'))).toHaveLength(1);
    expect(own.filter((key) => key.endsWith('.pdf'))).toHaveLength(1);
  }
}

describe('the batch on the filesystem archive and real Chromium', () => {
  it('publishes the rest when the printer fails one report and storage fails for a moment; a rerun completes', async () => {
    const archive = await archiveWithDrafts('printer-fault', 5);
    const agencies = Array.from({ length: 5 }, (_, i) => generatedAgencyId(i));
    const flaky = archiveFailingWrites(archive, { prefix: `${YEAR}/`, failures: 3 });
    const broken = printerFailingFor(printer, generateReport(1).agency.name);

    const progress: number[] = [];
    const plan = await planBatch(YEAR, { archive, clock });
    expect(plan.pending.map((p) => p.agencyId)).toEqual(agencies);
    const first = await runBatch(plan, { archive: flaky, printer: broken, clock }, { concurrency: 2, retry, onProgress: ({ done }) => progress.push(done) });

    expect(flaky.failed).toBe(3);
    expect(progress.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(first.summary.counts).toMatchObject({ total: 5, published: 4, failed: 1, invalid: 0, already: 0, pending: 0 });
    const failed = first.summary.reports[0]!;
    expect(failed).toMatchObject({ outcome: 'failed', agencyId: agencies[1], error: { name: 'PrintFailed', transient: false }, attempts: 1 });
    const retried = first.summary.reports.filter((line) => line.outcome === 'published' && line.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);

    // Both summary documents are stored; the page names the failed report and its error.
    const page = new TextDecoder().decode((await readObject(archive, first.keys!.html))!);
    expect(page).toContain(agencies[1]);
    expect(page).toContain('the browser crashed printing');
    const stored = JSON.parse(new TextDecoder().decode((await readObject(archive, first.keys!.json))!));
    expect(stored.counts).toEqual(first.summary.counts);
    expect(await keysUnder(archive, `batches/${YEAR}/${plan.runId}/results/`)).toHaveLength(5);
    await expectPublishedOnce(archive, agencies.filter((a) => a !== agencies[1]));

    // Later, with the printer fixed: only the failed report is printed, the rest are skipped unprinted.
    const rerunPlan = await planBatch(YEAR, { archive, clock });
    expect(rerunPlan.pending.map((p) => p.agencyId)).toEqual([agencies[1]]);
    expect(rerunPlan.already).toHaveLength(4);
    const rerun = await runBatch(rerunPlan, { archive, printer, clock }, { concurrency: 2, retry });
    expect(rerun.summary.counts).toMatchObject({ total: 5, published: 1, already: 4, failed: 0 });
    await expectPublishedOnce(archive, agencies);
  });

  it('reports a report whose storage stays down as failed, and a later run completes it', async () => {
    const archive = await archiveWithDrafts('storage-outage', 3);
    const down = generatedAgencyId(2);
    const outage = archiveFailingWrites(archive, { prefix: `${YEAR}/${down}/`, failures: Infinity });

    const first = await runBatch(await planBatch(YEAR, { archive, clock }), { archive: outage, printer, clock }, { concurrency: 2, retry });
    expect(first.summary.counts).toMatchObject({ published: 2, failed: 1 });
    expect(first.summary.reports[0]).toMatchObject({ outcome: 'failed', agencyId: down, error: { name: 'ArchiveUnavailable', transient: true }, attempts: retry.attempts });
    expect(outage.failed).toBe(retry.attempts);
    expect(await keysUnder(archive, `${YEAR}/${down}/`)).toEqual([]);

    const later = await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 2, retry });
    expect(later.summary.counts).toMatchObject({ published: 1, already: 2, failed: 0 });
    await expectPublishedOnce(archive, [0, 1, 2].map(generatedAgencyId));
  });

  it('says when a report supersedes an earlier version, and when a draft turned back to it is archived but not current', async () => {
    const archive = createFsArchive({ root: join(folder, 'turned-back') });
    const [a, b] = ['2022-01-20', '2022-01-21'].map((publishedOn) => ({ ...generateReport(0), publishedOn }));
    const publishDraft = async (report: unknown) => {
      await storeDraft(report, { archive, clock });
      return runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 1, retry });
    };
    const first = await publishDraft(a);
    const second = await publishDraft(b);
    expect([first, second].map((run) => allPublished(run.summary))).toEqual([true, true]);
    // B is a new version of A, and its summary says so.
    expect(first.summary.reports[0]).not.toHaveProperty('earlier');
    expect(second.summary.reports[0]).toMatchObject({ outcome: 'published', earlier: 1 });
    expect(new TextDecoder().decode((await readObject(archive, second.keys!.html))!)).toContain('a new version, superseding 1 published before');

    const back = await publishDraft(a);
    const [line] = back.summary.reports;
    expect(line).toMatchObject({ outcome: 'already', published: { pdf: (first.summary.reports[0] as { published: { pdf: string } }).published.pdf } });
    expect(line).toMatchObject({ newer: { pdf: (second.summary.reports[0] as { published: { pdf: string } }).published.pdf } });
    expect(allPublished(back.summary)).toBe(false);
    const page = new TextDecoder().decode((await readObject(archive, back.keys!.html))!);
    expect(page).toContain('Not the current version');
    expect(page).toMatch(/of which not current<\/span><\/th><td>1</);
  });

  it('leaves a draft that is merely older than a version published since as it is: that version stays current', async () => {
    const archive = createFsArchive({ root: join(folder, 'stale-draft') });
    const [a, b] = ['2022-01-20', '2022-01-21'].map((publishedOn) => ({ ...generateReport(0), publishedOn }));
    await storeDraft(a, { archive, clock });
    await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 1, retry });
    await publish(b, { archive, printer, clock }); // straight through the API, not as a draft

    const again = await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 1, retry });
    expect(again.summary.reports[0]).toMatchObject({ outcome: 'already' });
    expect(again.summary.reports[0]).not.toHaveProperty('newer');
    expect(allPublished(again.summary)).toBe(true);
  });

  it('reports an agency whose record is damaged as failed and publishes the others', async () => {
    const archive = await archiveWithDrafts('damaged-record', 3);
    await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 2, retry });
    const damaged = generatedAgencyId(1);
    const [record] = (await keysUnder(archive, `${YEAR}/${damaged}/`)).filter((key) => key.endsWith('.record.json'));
    const recordFile = join(folder, 'damaged-record', ...record!.split('/'));
    await rm(recordFile); // read-only: replaced, as a damaged disk or a careless hand would
    await writeFile(recordFile, '{"truncated');
    for (const other of [0, 2].map(generatedAgencyId)) {
      for (const key of await keysUnder(archive, `${YEAR}/${other}/`)) await rm(join(folder, 'damaged-record', ...key.split('/')));
    }

    const run = await runBatch(await planBatch(YEAR, { archive, clock }), { archive, printer, clock }, { concurrency: 2, retry });
    expect(run.summary.counts).toMatchObject({ published: 2, failed: 1 });
    expect(run.summary.reports[0]).toMatchObject({ outcome: 'failed', agencyId: damaged, error: { name: 'ArchiveCorrupt', message: expect.stringContaining('is not JSON') } });
  });

  it('runs from queue messages: invalid drafts reported with their problems, redelivery does nothing twice, the summary assembled at the end', async () => {
    const archive = await archiveWithDrafts('queue', 2);
    // A draft stored before a rule it breaks existed: the batch validates again and reports it.
    const outdated = loadExample('violations2021');
    outdated.agency.id = 'outdated-rules';
    const bytes = new TextEncoder().encode(canonicalJson(outdated));
    await archive.putIfAbsent(draftKey(YEAR, 'outdated-rules', new Date(), await sha256Hex(bytes)), bytes);

    const plan = await planBatch(YEAR, { archive, clock });
    await savePlan(plan, archive);
    const messages = messagesOf(plan);
    expect(messages).toHaveLength(3);
    const ports = { archive, printer, clock };

    const [firstMessage, ...rest] = messages;
    const firstResult = await handleBatchMessage(JSON.parse(JSON.stringify(firstMessage)), ports, { retry });
    expect(await assembleSummary(YEAR, plan.runId, ports)).toEqual({ complete: false, pending: 2 });
    for (const message of rest) await handleBatchMessage(message, ports, { retry });
    // The queue delivers the first message again: the stored result comes back, nothing is redone.
    const objectsBefore = await keysUnder(archive, '');
    expect(await handleBatchMessage(firstMessage, ports, { retry })).toEqual(firstResult);
    expect(await keysUnder(archive, '')).toEqual(objectsBefore);

    const assembled = await assembleSummary(YEAR, plan.runId, ports);
    if (!assembled.complete) throw new Error('the run should be complete');
    expect(assembled.summary.counts).toMatchObject({ total: 3, published: 2, invalid: 1, failed: 0, pending: 0 });
    const invalid = assembled.summary.reports[0]!;
    expect(invalid).toMatchObject({ outcome: 'invalid', agencyId: 'outdated-rules' });
    expect(invalid.outcome === 'invalid' && invalid.problems[0]).toMatchObject({ path: expect.stringMatching(/^sections\./), rule: expect.stringMatching(/^R-/), zh: expect.any(String), en: expect.any(String) });
    expect(await archive.head(assembled.keys.html)).toMatchObject({ contentType: 'text/html; charset=utf-8' });
    await expectPublishedOnce(archive, [0, 1].map(generatedAgencyId));

    await expect(handleBatchMessage({ ...firstMessage, draftKey: '../../etc/passwd' }, ports)).rejects.toThrow(/draft key/);
  });

  it('leaves a transient failure to the queue until its last delivery, which records it as failed', async () => {
    const archive = await archiveWithDrafts('queue-outage', 1);
    const plan = await planBatch(YEAR, { archive, clock });
    await savePlan(plan, archive);
    const [message] = messagesOf(plan);
    const outage = archiveFailingWrites(archive, { prefix: `${YEAR}/`, failures: Infinity });
    const ports = { archive: outage, printer, clock };
    const once = { attempts: 1, firstDelayMs: 0 };

    await expect(handleBatchMessage(message, ports, { retry: once, finalAttempt: false })).rejects.toThrow(RetryLater);
    expect(await keysUnder(archive, `batches/${YEAR}/${plan.runId}/results/`)).toEqual([]);

    const last = await handleBatchMessage(message, ports, { retry: once, finalAttempt: true });
    expect(last).toMatchObject({ outcome: 'failed', error: { name: 'ArchiveUnavailable', transient: true } });
    const assembled = await assembleSummary(YEAR, plan.runId, { archive });
    expect(assembled).toMatchObject({ complete: true, summary: { counts: { failed: 1 } } });
  });
});
