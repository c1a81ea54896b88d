/**
 * The audit log (issue 19, point 4): one entry per write, who, what, when and from where, appended
 * to the archive and never changed:
 *
 *   audit/{year}/{at}-{random}.json   at: `20260120t080000123z` (drafts/keys.ts timeStamp)
 *
 * One write-once object per entry, with put-if-absent, on every backend: no shared file is ever
 * rewritten, so two servers writing at once cannot lose each other's entries, and no entry can be
 * changed through the Archive port at all. The time leads the key, so a listing is in time order,
 * and a listing can start at any instant (`since`) without reading what came before; the random
 * part keeps two entries of one millisecond apart.
 */
import { z } from 'zod';
import { listAll, type Archive } from '../archive/archive';
import { encodeCursor } from '../archive/cursor';
import { ArchiveCorrupt } from '../archive/errors';
import { parseYear } from '../archive/keys';
import { readStoredJson } from '../archive/stored-json';
import { bytesToHex } from '../bytes';
import type { Clock } from '../clock';
import { timeStamp } from '../drafts/keys';
import { ROLES } from '../access/principal';
import { mapInGroups } from '../in-groups';

const AUDIT_ROOT = 'audit/';
const AUDIT_SCHEMA = 'nianbao.audit/1';

const AUDIT_ACTIONS = ['publish', 'draft.store', 'token.add', 'token.revoke', 'register.import', 'batch.start'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const entrySchema = z.object({
  schema: z.literal(AUDIT_SCHEMA),
  at: z.iso.datetime(),
  action: z.enum(AUDIT_ACTIONS),
  /** `written`: it stored something; `unchanged`: it was there already; `refused`: the credential did not cover it (403). */
  outcome: z.enum(['written', 'unchanged', 'refused']),
  actor: z.object({ id: z.string(), role: z.enum(ROLES), via: z.string(), name: z.string().optional() }),
  /** The archive key written (a record, a draft, a token's grant, a register, a batch plan) or, refused, the request's path. */
  target: z.string().optional(),
  agency: z.string().optional(),
  /** The peer's address where the runtime knows it, and the client's User-Agent. */
  client: z.object({ address: z.string().optional(), userAgent: z.string().optional() }).optional(),
});
export type AuditEntry = z.infer<typeof entrySchema>;

/** Entries read at once: a long log is read in groups, not with thousands of requests open. */
const READS_AT_ONCE = 32;

const ENTRY_NAME = /^audit\/\d{4}\/\d{8}t\d{9}z-[0-9a-f]{8}\.json$/;

/** A User-Agent is the client's to choose: kept short. */
const MAX_USER_AGENT = 300;

/** Appends one entry at the clock's time; answers its key. */
export async function appendAudit(archive: Archive, clock: Clock, entry: Omit<AuditEntry, 'schema' | 'at'>): Promise<string> {
  const at = clock.now();
  const userAgent = entry.client?.userAgent?.slice(0, MAX_USER_AGENT);
  const body = { schema: AUDIT_SCHEMA, at: at.toISOString(), ...entry, ...(entry.client ? { client: { ...entry.client, userAgent } } : {}) };
  const bytes = new TextEncoder().encode(`${JSON.stringify(body)}\n`);
  for (;;) {
    const key = `${AUDIT_ROOT}${at.getUTCFullYear()}/${timeStamp(at)}-${bytesToHex(crypto.getRandomValues(new Uint8Array(4)))}.json`;
    if ((await archive.putIfAbsent(key, bytes)).created) return key;
  }
}

export interface AuditQuery {
  /** Only the entries of this year. */
  year?: number;
  /** Only the entries at or after this instant. */
  since?: Date;
  /** Resume after this entry key (a page's last). */
  after?: string;
  /** Stop after this many entries. */
  limit?: number;
}

/** Entries in time order, read one by one; `last` is the key of the last one read, for the next page. */
export async function readAudit(archive: Archive, query: AuditQuery): Promise<{ entries: (AuditEntry & { key: string })[]; last?: string; more: boolean }> {
  const prefix = query.year === undefined ? AUDIT_ROOT : `${AUDIT_ROOT}${parseYear(query.year)}/`;
  // A key that sorts just before every entry of `since`'s millisecond.
  const sinceKey = query.since && `${AUDIT_ROOT}${query.since.getUTCFullYear()}/${timeStamp(query.since)}`;
  if (sinceKey && sinceKey > prefix && !sinceKey.startsWith(prefix)) return { entries: [], more: false }; // since after the year
  const start = [query.after, sinceKey].filter((key): key is string => key !== undefined && key.startsWith(prefix)).sort().at(-1);
  const limit = query.limit ?? Infinity;
  const keys: string[] = [];
  let more = false;
  for await (const page of listAll(archive, prefix, start && encodeCursor(start))) {
    for (const key of page) {
      if (!ENTRY_NAME.test(key)) continue;
      if (keys.length === limit) {
        more = true;
        break;
      }
      keys.push(key);
    }
    if (more) break;
  }
  const entries = await mapInGroups(keys, READS_AT_ONCE, async (key) => {
    const entry = await readStoredJson(archive, key, entrySchema, 'audit entry');
    if (!entry) throw new ArchiveCorrupt(`audit entry ${key} was listed but cannot be read`);
    return { ...entry, key };
  });
  return { entries, last: keys.at(-1), more };
}
