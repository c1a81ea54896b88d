/**
 * Planning a year's batch: every agency's current draft, split into those still to publish and
 * those whose exact content is already published. The split needs no Chromium and no draft
 * bodies: a draft's key carries the hash publish() would give it (drafts/keys.ts), so one read of
 * the would-be record per agency decides. That is what makes a second run of the same batch cheap.
 */
import type { Archive } from '../archive/archive';
import { ArchiveCorrupt } from '../archive/errors';
import { recordKey } from '../archive/keys';
import type { PublicationRecord } from '../archive/record';
import { listVersions, recordCountsOf } from '../archive/versions';
import { readRecord } from '../archive/store';
import type { Clock } from '../clock';
import { currentDrafts } from '../drafts/store';
import { agenciesOf } from '../register/model';
import { readRegister } from '../register/store';
import { newRunId, planKey } from './keys';
import { batchPlanSchema, PLAN_SCHEMA, publishedRefOf, type BatchPlan, type PublishedRef } from './model';
import { readStored, writeJson } from './stored-json';

export interface PlanPorts {
  archive: Archive;
  clock: Clock;
}

/**
 * A record that cannot be read (damaged on disk, written by a stranger) must not stop the year's
 * batch: its report is planned as pending, and publishing it then fails on that record alone, so
 * the summary names it and every other agency is published.
 */
function planAnyway(error: unknown): null {
  if (error instanceof ArchiveCorrupt) return null;
  throw error;
}

/** Reading records in groups keeps a planner over thousands of drafts from opening them all at once. */
const LOOKUPS_AT_ONCE = 16;

/** `runId`: a scheduled run's (keys.ts `scheduledRunId`); a new one otherwise. */
export async function planBatch(year: number, { archive, clock }: PlanPorts, runId = newRunId(clock)): Promise<BatchPlan> {
  const createdAt = clock.now().toISOString();
  const [drafts, register] = await Promise.all([currentDrafts(archive, year), readRegister(archive)]);
  // One listing of the year tells which agencies have several versions (only those are read), and
  // which agencies the register expects have published without a draft.
  const versionCounts = drafts.length > 0 || register ? await recordCountsOf(archive, year) : new Map<string, number>();
  const drafted = new Set(drafts.map((draft) => draft.agencyId));
  const missing = register
    ? agenciesOf(register, { year }).filter((agency) => !drafted.has(agency.id) && !versionCounts.has(agency.id)).map((agency) => ({ agencyId: agency.id, name: agency.name }))
    : [];
  const plan: BatchPlan = { schema: PLAN_SCHEMA, year, runId, createdAt, pending: [], already: [], rejected: [], missing };
  for (let i = 0; i < drafts.length; i += LOOKUPS_AT_ONCE) {
    const group = drafts.slice(i, i + LOOKUPS_AT_ONCE);
    const records = await Promise.all(group.map((d) => readRecord(archive, recordKey(year, d.agencyId, d.sourceSha256)).catch(planAnyway)));
    const newer = await Promise.all(records.map((record, j) => (record && (versionCounts.get(record.agency.id) ?? 0) > 1 ? newerVersion(archive, record, group[j]!.storedAt) : undefined)));
    group.forEach(({ agencyId, key, sourceSha256 }, j) => {
      const planned = { agencyId, draftKey: key, sourceSha256 };
      const record = records[j];
      if (record) plan.already.push({ ...planned, published: publishedRefOf(record), ...(newer[j] ? { newer: newer[j] } : {}) });
      else plan.pending.push(planned);
    });
  }
  return plan;
}

/**
 * The agency's current version, when the draft (stored at `draftStoredAt`) turned back to an
 * earlier one, `record`, after it was published. A draft merely older than a version published
 * since (by POST /v1/reports) is stale, not turned back: that newer version rightly stays current.
 * Asked only for an agency with several versions (planBatch counts them in one listing of the
 * year); reads that agency's records.
 */
async function newerVersion(archive: Archive, record: PublicationRecord, draftStoredAt: string): Promise<PublishedRef | undefined> {
  // Another record of the agency that is damaged is no version to compare with.
  const current = (await listVersions(archive, { year: record.year, agencyId: record.agency.id }, () => {})).find((version) => version.current);
  if (!current || current.record.keys.record === record.keys.record) return undefined;
  return Date.parse(draftStoredAt) > Date.parse(current.record.createdAt) ? publishedRefOf(current.record) : undefined;
}

/**
 * Stores the plan before any report is sent off, so results always have a plan to join; answers
 * false when the run has a plan already (plans are written once).
 */
export function savePlan(plan: BatchPlan, archive: Archive): Promise<boolean> {
  return writeJson(archive, planKey(plan.year, plan.runId), plan);
}

export async function readPlan(archive: Archive, year: number, runId: string): Promise<BatchPlan | null> {
  return readStored(archive, planKey(year, runId), batchPlanSchema);
}
