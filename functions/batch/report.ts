/**
 * One report of a batch, start to finish: read the draft, publish it (validate → print →
 * archive; publish() itself skips printing when the exact source is archived), and turn what
 * happened into a result. Every outcome is a value, never an exception, so one bad or failing
 * report cannot stop the others; transient errors are retried first (retry.ts).
 */
import type { Archive } from '../archive/archive';
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

export async function publishPlanned(planned: PlannedReport, ports: BatchPorts, retry: RetryPolicy, signal?: AbortSignal): Promise<ReportResult> {
  const started = performance.now();
  const base = () => ({ schema: RESULT_SCHEMA as typeof RESULT_SCHEMA, ...planned, finishedAt: ports.clock.now().toISOString(), ms: Math.round(performance.now() - started) });
  const tried = await withRetry(async () => publish(await readDraft(ports.archive, planned.draftKey), ports, signal), retry, signal);
  const { attempts } = tried;
  if (tried.ok) {
    const published = publishedRefOf(tried.value.record);
    return tried.value.created ? { ...base(), attempts, outcome: 'published', published } : { ...base(), attempts, outcome: 'already', published };
  }
  if (tried.error instanceof ReportInvalid) return { ...base(), attempts, outcome: 'invalid', problems: tried.error.problems };
  const { name, message } = tried.error instanceof Error ? tried.error : new Error(String(tried.error));
  return { ...base(), attempts, outcome: 'failed', error: { name, message, transient: isTransient(tried.error) } };
}
