/**
 * Per-report results of a run, stored as each report finishes, so a crash or a stop loses none of
 * the work done, and a queue worker on another machine can record its report for the summary.
 * A result is written once: a queue that delivers a message twice finds the first result there.
 */
import { listAll, type Archive } from '../archive/archive';
import { resultKey, resultsPrefix } from './keys';
import { reportResultSchema, type ReportResult } from './model';
import { withRetry, type RetryPolicy } from './retry';
import { readStored, writeJson } from './stored-json';
import { mapInGroups } from '../in-groups';

/** Stores `result` unless the run already has one for the agency; answers whether it did. */
export async function saveResult(archive: Archive, year: number, runId: string, result: ReportResult, retry: RetryPolicy): Promise<boolean> {
  const tried = await withRetry(() => writeJson(archive, resultKey(year, runId, result.agencyId), result), retry);
  if (!tried.ok) throw tried.error;
  return tried.value;
}

export async function readResult(archive: Archive, year: number, runId: string, agencyId: string, retry: RetryPolicy): Promise<ReportResult | null> {
  const tried = await withRetry(() => readStored(archive, resultKey(year, runId, agencyId), reportResultSchema), retry);
  if (!tried.ok) throw tried.error;
  return tried.value;
}

/** Stores `result` once; when the run has one for the agency already (a duplicate delivery stored it first), that one counts. */
export async function storeResultOnce(archive: Archive, year: number, runId: string, result: ReportResult, retry: RetryPolicy): Promise<ReportResult> {
  if (await saveResult(archive, year, runId, result, retry)) return result;
  return (await readResult(archive, year, runId, result.agencyId, retry)) ?? result;
}

/** The result keys a run has stored so far: one listing, no reads. */
export async function resultKeys(archive: Archive, year: number, runId: string): Promise<Set<string>> {
  return new Set((await Array.fromAsync(listAll(archive, resultsPrefix(year, runId)))).flat());
}

/** Results read at once: a listing page's worth. */
const READS_AT_ONCE = 1000;

/** The results stored under `keys` (resultKeys), read a page at a time. */
export async function readResults(archive: Archive, keys: Iterable<string>): Promise<ReportResult[]> {
  const read = await mapInGroups([...keys], READS_AT_ONCE, (key) => readStored(archive, key, reportResultSchema));
  return read.filter((result): result is ReportResult => Boolean(result));
}
