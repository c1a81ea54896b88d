/**
 * Where a batch run keeps its state in the archive's storage, beside drafts and apart from
 * published copies (never under `{year}/`, never named `.record.json`):
 *
 *   batches/{year}/{runId}/plan.json              what the run set out to do, written first
 *   batches/{year}/{runId}/results/{agency}.json  one per report, written as each one finishes
 *   batches/{year}/{runId}/summary.json           written once every planned report has a result
 *   batches/{year}/{runId}/summary.html           the same, readable
 *
 * A run id starts with its start time, so a year's runs list oldest first, and ends with random
 * hex, so two runs started by hand in the same millisecond still get their own folders; a
 * scheduled run ends with zeros instead, so a retried schedule takes up its own run.
 */
import { InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import { bytesToHex } from '../bytes';
import type { Clock } from '../clock';
import { timeStamp } from '../drafts/keys';

const RUN_ID = /^\d{8}t\d{9}z-[0-9a-f]{8}$/;

export function newRunId(clock: Clock): string {
  const random = bytesToHex(crypto.getRandomValues(new Uint8Array(4)));
  return `${timeStamp(clock.now())}-${random}`;
}

/**
 * A scheduled run's id: its fire time, and zeros where a run started by hand has random hex, so
 * that the planner invoked again for the same fire (a retry) finds the run it started.
 */
export function scheduledRunId(firedAt: Date): string {
  return `${timeStamp(firedAt)}-00000000`;
}

export function parseRunId(value: unknown): string {
  if (typeof value === 'string' && RUN_ID.test(value)) return value;
  throw new InvalidArchiveKey('batch run id', value, 'a time stamp, "-" and 8 hex digits');
}

export function runPrefix(year: number, runId: string): string {
  return `batches/${parseYear(year)}/${parseRunId(runId)}/`;
}

export function planKey(year: number, runId: string): string {
  return `${runPrefix(year, runId)}plan.json`;
}

export function resultsPrefix(year: number, runId: string): string {
  return `${runPrefix(year, runId)}results/`;
}

export function resultKey(year: number, runId: string, agencyId: string): string {
  return `${resultsPrefix(year, runId)}${parseAgencyId(agencyId)}.json`;
}

export function summaryKeys(year: number, runId: string): { json: string; html: string } {
  const prefix = runPrefix(year, runId);
  return { json: `${prefix}summary.json`, html: `${prefix}summary.html` };
}
