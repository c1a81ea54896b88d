/**
 * One report of a batch, start to finish: read the draft, publish it (validate → print →
 * archive; publish() itself skips printing when the exact source is archived), and turn what
 * happened into a result. Every outcome is a value, never an exception, so one bad or failing
 * report cannot stop the others; transient errors are retried first (retry.ts).
 */
import type { Archive } from '../archive/archive';
import type { PublicationRecord } from '../archive/record';
import { recordKeysOf } from '../archive/versions';
import type { Clock } from '../clock';
import { readDraft } from '../drafts/store';
import { ReportInvalid } from '../errors';
import type { Printer } from '../print/printer';
import { publish } from '../publish';
import { publishedRefOf, RESULT_SCHEMA, type PlannedReport, type ReportResult } from './model';
import { isTransient, withRetry, type RetryPolicy } from './retry';

export interface BatchPorts {
  archive: Archive;
  printer: Printer;
  clock: Clock;
}

/**
 * How many versions of the agency's report for the year were published before `record`, which is
 * now current: a corrected report says so in the summary. One listing of the agency's keys;
 * undefined when the listing fails, since the report itself is published all the same.
 */
async function earlierVersions(archive: Archive, record: PublicationRecord): Promise<number | undefined> {
  try {
    return (await recordKeysOf(archive, record.year, record.agency.id)).length - 1;
  } catch {
    return undefined;
  }
}

export interface PublishSignals {
  /** Cuts the report short (a queue worker out of time). */
  cancel?: AbortSignal;
  /** Stops retrying, but lets the attempt under way finish (a batch told to stop). */
  stopRetrying?: AbortSignal;
}

export async function publishPlanned(planned: PlannedReport, ports: BatchPorts, retry: RetryPolicy, { cancel, stopRetrying = cancel }: PublishSignals = {}): Promise<ReportResult> {
  const started = performance.now();
  const base = () => ({ schema: RESULT_SCHEMA as typeof RESULT_SCHEMA, ...planned, finishedAt: ports.clock.now().toISOString(), ms: Math.round(performance.now() - started) });
  const tried = await withRetry(async () => publish(await readDraft(ports.archive, planned.draftKey), ports, cancel), retry, stopRetrying);
  const { attempts } = tried;
  if (tried.ok) {
    const { record, created } = tried.value;
    const published = publishedRefOf(record);
    if (!created) return { ...base(), attempts, outcome: 'already', published };
    return { ...base(), attempts, outcome: 'published', published, earlier: await earlierVersions(ports.archive, record) };
  }
  if (tried.error instanceof ReportInvalid) return { ...base(), attempts, outcome: 'invalid', problems: tried.error.problems };
  const { name, message } = tried.error instanceof Error ? tried.error : new Error(String(tried.error));
  return { ...base(), attempts, outcome: 'failed', error: { name, message, transient: isTransient(tried.error) } };
}
