/**
 * Where drafts live in the archive's storage. Drafts sit under their own top-level prefix,
 * `drafts/`, so a year's published listing (`{year}/`) never shows them, and their names never end
 * in `.record.json`, so the archive-wide listings of published versions skip them too.
 *
 * Layout: drafts/{year}/{agency}/{storedAt}-{sourceSha256}.json
 *   storedAt      the store time, UTC, `20260120t080000123z` (fixed width: key order = time order)
 *   sourceSha256  the hash of the draft's canonical JSON, the same hash publish.ts gives the
 *                 published version, so the batch can tell "already published" from the name alone
 * One object per stored draft: the write is atomic and needs no separate record, and because the
 * time leads the name, the keys list in the order the drafts were stored. Which one is current is
 * what a rewritable pointer says (archive/keys.ts `draftHeadKey`, moved by compare-and-swap, so
 * that a conditional store checks and stores in one step: drafts/store.ts); drafts stored before
 * there were pointers have none, and there the newest key is current. Storing A, then B, then A
 * again gives three keys, and A is current again, which a key made of the hash alone could not
 * express in a store that never overwrites.
 */
import { parseAgencyId, parseSha256, parseYear } from '../archive/keys';

export const DRAFTS_ROOT = 'drafts/';

const DRAFT_NAME = /^(\d{8}t\d{9}z)-([0-9a-f]{64})\.json$/;

export interface DraftRef {
  key: string;
  year: number;
  agencyId: string;
  /** The `storedAt` part of the key, as an ISO 8601 instant. */
  storedAt: string;
  sourceSha256: string;
}

/** `2026-01-20T08:00:00.123Z` → `20260120t080000123z`: key-safe, sortable, millisecond precise. */
export function timeStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '').toLowerCase();
}

function isoOf(stamp: string): string {
  const s = stamp.toUpperCase();
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
}

export function draftsYearPrefix(year: number): string {
  return `${DRAFTS_ROOT}${parseYear(year)}/`;
}

export function draftsAgencyPrefix(year: number, agencyId: string): string {
  return `${draftsYearPrefix(year)}${parseAgencyId(agencyId)}/`;
}

export function draftKey(year: number, agencyId: string, storedAt: Date, sourceSha256: string): string {
  return `${draftsAgencyPrefix(year, agencyId)}${timeStamp(storedAt)}-${parseSha256(sourceSha256)}.json`;
}

/** The parts of a draft key; null for any key that is not one (a stray object under drafts/). */
export function parseDraftKey(key: string): DraftRef | null {
  const [root, year, agencyId, name, ...rest] = key.split('/');
  const match = name === undefined ? null : DRAFT_NAME.exec(name);
  if (`${root}/` !== DRAFTS_ROOT || rest.length > 0 || !match) return null;
  try {
    return { key, year: parseYear(year), agencyId: parseAgencyId(agencyId), storedAt: isoOf(match[1]!), sourceSha256: match[2]! };
  } catch {
    return null;
  }
}
