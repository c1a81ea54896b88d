/**
 * Storing and finding drafts (issue 7): a form tool or the CLI stores a validated report as the
 * agency's draft for its year; the year-end batch later publishes the current draft of every
 * agency. Only valid reports become drafts, so a draft is always publishable when stored (rules
 * that change later are caught again by the batch). Key layout and why: drafts/keys.ts.
 */
import { listAll, readObject, updateDocument, type Archive } from '../archive/archive';
import { canonicalJson } from '../archive/canonical-json';
import { ArchiveCorrupt } from '../archive/errors';
import { draftHeadKey } from '../archive/keys';
import { sha256Hex } from '../archive/sha256';
import type { Clock } from '../clock';
import { ReportInvalid } from '../errors';
import { validOrThrow } from '../publish';
import { findAgency } from '../register/model';
import { readRegister } from '../register/store';
import { validateReport, type Problem, type Validation } from '../report';
import { draftKey, draftsAgencyPrefix, draftsYearPrefix, parseDraftKey, type DraftRef } from './keys';
import { mapInGroups } from '../in-groups';

export interface DraftPorts {
  archive: Archive;
  clock: Clock;
}

/** Where the caller says the draft belongs (the URL of PUT /v1/drafts/{year}/{agency}). */
export interface DraftPlace {
  year: number;
  agencyId: string;
}

/** How a store is checked beyond the report itself. */
export interface StoreConditions {
  /**
   * A report still being written (the workspace's autosave): stored when it is a report of the
   * place's year and agency at all, whatever its problems, which come back in `validation`. The
   * batch validates every draft again when it publishes, so an unfinished draft is reported there,
   * never published.
   */
  incomplete?: boolean;
  /**
   * The `sourceSha256` of the draft the writer last read (HTTP If-Match), or `null` for "there is
   * no draft yet" (If-None-Match: *): a store over anyone else's newer draft is refused.
   */
  basedOn?: string | null;
}

/** Someone stored another draft since the writer read theirs: nothing was stored. */
export class DraftConflict extends Error {
  override readonly name = 'DraftConflict';
  constructor(readonly current: DraftRef | undefined) {
    super(current ? `the current draft is ${current.key}, stored at ${current.storedAt}` : 'there is no draft yet');
  }
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
 * or does not belong to `place`, DraftConflict when `conditions.basedOn` is no longer current.
 *
 * The check and the store are one step: the draft's bytes go to a key of their own first, then
 * the agency's pointer to its current draft (keys.ts `draftHeadKey`) is replaced by
 * compare-and-swap from the very pointer the condition was checked against (archive.ts
 * `updateDocument`). Of writers racing from the same draft, one moves the pointer; the others
 * find it moved, and a conditional one is refused. Their bytes stay under their keys, never
 * current: a store that dies half-way leaves nothing current that was not meant to be.
 */
export async function storeDraft(input: unknown, { archive, clock }: DraftPorts, place?: DraftPlace, conditions: StoreConditions = {}): Promise<StoredDraft> {
  const validation = conditions.incomplete ? validateReport(input) : validOrThrow(input);
  const report = validation.report ?? reportOfPlace(input, place);
  const wrongPlace = place ? mismatches(report, place) : [];
  if (wrongPlace.length > 0) throw new ReportInvalid(wrongPlace);
  await assertRegistered(archive, report.agency.id);

  const bytes = new TextEncoder().encode(canonicalJson(validation.report ?? input));
  const sourceSha256 = await sha256Hex(bytes);
  const { year, agency } = report;
  let stored: StoredDraft | undefined;
  let written: DraftRef | undefined;
  await updateDocument(archive, draftHeadKey(year, agency.id), async (head) => {
    const current = head ? parseHead(head, year, agency.id) : await newestDraft(archive, year, agency.id);
    if (current?.sourceSha256 === sourceSha256) {
      stored = { ...current, created: false, validation };
      return null;
    }
    if (conditions.basedOn !== undefined && (current?.sourceSha256 ?? null) !== conditions.basedOn) throw new DraftConflict(current);
    if (!written) {
      const key = draftKey(year, agency.id, storeTime(clock.now(), current), sourceSha256);
      await archive.putIfAbsent(key, bytes, { sha256: sourceSha256 });
      written = parseDraftKey(key)!;
    }
    stored = { ...written, created: true, validation };
    return encodeHead(written);
  });
  return stored!;
}

const encodeHead = (draft: DraftRef) => new TextEncoder().encode(`${JSON.stringify({ draft: draft.key })}\n`);

function parseHead(body: Uint8Array, year: number, agencyId: string): DraftRef {
  let key: unknown;
  try {
    key = (JSON.parse(new TextDecoder().decode(body)) as { draft?: unknown }).draft;
  } catch {
    key = undefined;
  }
  const draft = typeof key === 'string' ? parseDraftKey(key) : null;
  if (!draft || draft.year !== year || draft.agencyId !== agencyId) throw new ArchiveCorrupt(`${draftHeadKey(year, agencyId)} names no draft of ${agencyId} for ${year}`);
  return draft;
}

/**
 * Once a province has imported its register, a draft is only for an agency it lists: an id typed
 * wrong would otherwise become a draft nobody expects, and its report a batch line nobody reads.
 * Without a register every agency may store drafts, as before there was one.
 */
async function assertRegistered(archive: Archive, agencyId: string): Promise<void> {
  const register = await readRegister(archive);
  if (register && !findAgency(register, agencyId)) {
    throw new ReportInvalid([{ path: 'agency.id', rule: 'register', zh: `机关代码“${agencyId}”不在机关名录中（nianbao agencies ls 列出名录）`, en: `agency id "${agencyId}" is not in the agency register (nianbao agencies ls lists it)`, found: agencyId }]);
  }
}

/** The year and agency of an unfinished report, which must at least say whose report it is. */
function reportOfPlace(input: unknown, place: DraftPlace | undefined): { year: number; agency: { id: string } } {
  const { year, agency } = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as { year?: unknown; agency?: { id?: unknown } };
  if (!place || typeof year !== 'number' || typeof agency?.id !== 'string') {
    throw new ReportInvalid([{ path: 'year', rule: 'schema', zh: '未完成的报告也须写明年度和机关代码', en: 'an unfinished report must still give its year and agency id' }]);
  }
  return { year, agency: { id: agency.id } };
}

/**
 * When a draft is stored: now, or a millisecond after the current draft when now is not later
 * (two stores in one millisecond, a clock stepped back by NTP, a server whose clock runs behind),
 * so that an agency's drafts sort in the order they became current (where no pointer says which
 * is, the last one is).
 */
function storeTime(now: Date, current: DraftRef | undefined): Date {
  const after = current ? Date.parse(current.storedAt) + 1 : -Infinity;
  return now.getTime() >= after ? now : new Date(after);
}

/** Pointers read at once: a batch over thousands of agencies reads them in groups. */
const READS_AT_ONCE = 16;

/** The current draft of each agency that has drafts for `year`, sorted by agency id. */
export async function currentDrafts(archive: Archive, year: number): Promise<DraftRef[]> {
  const newest = await newestPerAgency(archive, draftsYearPrefix(year));
  return mapInGroups(newest, READS_AT_ONCE, async (draft) => (await pointedAt(archive, year, draft.agencyId)) ?? draft);
}

export async function currentDraft(archive: Archive, year: number, agencyId: string): Promise<DraftRef | undefined> {
  return (await pointedAt(archive, year, agencyId)) ?? newestDraft(archive, year, agencyId);
}

/**
 * The draft the agency's pointer names; null when there is no pointer (drafts stored before there
 * were pointers), where the newest draft is current.
 */
async function pointedAt(archive: Archive, year: number, agencyId: string): Promise<DraftRef | null> {
  const head = await archive.readDocument(draftHeadKey(year, agencyId));
  return head ? parseHead(head.body, year, agencyId) : null;
}

async function newestDraft(archive: Archive, year: number, agencyId: string): Promise<DraftRef | undefined> {
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
