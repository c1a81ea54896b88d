/**
 * Storing and finding drafts (issue 7): a form tool or the CLI stores a validated report as the
 * agency's draft for its year; the year-end batch later publishes the current draft of every
 * agency. Only valid reports become drafts, so a draft is always publishable when stored (rules
 * that change later are caught again by the batch). Key layout and why: drafts/keys.ts.
 */
import { listAll, readObject, type Archive } from '../archive/archive';
import { canonicalJson } from '../archive/canonical-json';
import { ArchiveCorrupt } from '../archive/errors';
import { sha256Hex } from '../archive/sha256';
import type { Clock } from '../clock';
import { ReportInvalid } from '../errors';
import { validOrThrow } from '../publish';
import type { Problem, Validation } from '../report';
import { draftKey, draftsAgencyPrefix, draftsYearPrefix, parseDraftKey, type DraftRef } from './keys';

export interface DraftPorts {
  archive: Archive;
  clock: Clock;
}

/** Where the caller says the draft belongs (the URL of PUT /v1/drafts/{year}/{agency}). */
export interface DraftPlace {
  year: number;
  agencyId: string;
}

export interface StoredDraft extends DraftRef {
  /** false when this exact report already was the agency's current draft; nothing was written. */
  created: boolean;
  validation: Validation;
}

function mismatches(report: { year: number; agency: { id: string } }, place: DraftPlace): Problem[] {
  const problems: Problem[] = [];
  if (report.year !== place.year) {
    problems.push({ path: 'year', rule: 'schema', zh: `报告年度 ${report.year} 与地址中的年度 ${place.year} 不符`, en: `the report's year ${report.year} differs from the year ${place.year} in the URL`, expected: place.year, found: report.year });
  }
  if (report.agency.id !== place.agencyId) {
    problems.push({ path: 'agency.id', rule: 'schema', zh: `机关代码“${report.agency.id}”与地址中的“${place.agencyId}”不符`, en: `agency id "${report.agency.id}" differs from "${place.agencyId}" in the URL`, expected: place.agencyId, found: report.agency.id });
  }
  return problems;
}

/**
 * Validates `input` and stores it as the agency's current draft, unless it already is. The stored
 * bytes are the canonical JSON of the parsed report: the very value publish() hashes, so the
 * draft's hash is the published version's hash. Throws ReportInvalid when the report is invalid
 * or does not belong to `place`.
 */
export async function storeDraft(input: unknown, { archive, clock }: DraftPorts, place?: DraftPlace): Promise<StoredDraft> {
  const validation = validOrThrow(input);
  const { report } = validation;
  const wrongPlace = place ? mismatches(report, place) : [];
  if (wrongPlace.length > 0) throw new ReportInvalid(wrongPlace);

  const bytes = new TextEncoder().encode(canonicalJson(report));
  const sourceSha256 = await sha256Hex(bytes);
  const current = await currentDraft(archive, report.year, report.agency.id);
  if (current?.sourceSha256 === sourceSha256) return { ...current, created: false, validation };

  const key = draftKey(report.year, report.agency.id, storeTime(clock.now(), current), sourceSha256);
  const { created } = await archive.putIfAbsent(key, bytes, { sha256: sourceSha256 });
  return { ...parseDraftKey(key)!, created, validation };
}

/**
 * When a draft is stored: now, or a millisecond after the current draft when now is not later
 * (two stores in one millisecond, a clock stepped back by NTP, a server whose clock runs behind),
 * so that the draft stored last always sorts last, which is what makes it current.
 */
function storeTime(now: Date, current: DraftRef | undefined): Date {
  const after = current ? Date.parse(current.storedAt) + 1 : -Infinity;
  return now.getTime() >= after ? now : new Date(after);
}

/** The newest draft of each agency that has drafts for `year`, sorted by agency id. */
export async function currentDrafts(archive: Archive, year: number): Promise<DraftRef[]> {
  return newestPerAgency(archive, draftsYearPrefix(year));
}

export async function currentDraft(archive: Archive, year: number, agencyId: string): Promise<DraftRef | undefined> {
  return (await newestPerAgency(archive, draftsAgencyPrefix(year, agencyId)))[0];
}

/** Keys come in ascending order and the time leads the name, so an agency's last key is its newest. */
async function newestPerAgency(archive: Archive, prefix: string): Promise<DraftRef[]> {
  const newest = new Map<string, DraftRef>();
  for await (const keys of listAll(archive, prefix)) {
    for (const key of keys) {
      const draft = parseDraftKey(key);
      if (draft) newest.set(draft.agencyId, draft);
    }
  }
  return [...newest.values()].sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
}

/** The draft's report as parsed JSON. */
export async function readDraft(archive: Archive, key: string): Promise<unknown> {
  const bytes = await readObject(archive, key);
  if (!bytes) throw new ArchiveCorrupt(`draft ${key} was listed but cannot be read`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ArchiveCorrupt(`draft ${key} is not JSON`);
  }
}
