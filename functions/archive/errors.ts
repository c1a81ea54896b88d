/**
 * The archive's own errors. The edge (HTTP app, CLI) maps them once: `InvalidArchiveKey` is the
 * caller's fault (4xx, exit 1), `ArchiveUnavailable` and `ArchiveCorrupt` are the operator's
 * (5xx, exit 1 with the message naming the storage that failed). One function at each edge maps
 * them (http/problem.ts, the CLI).
 */

/** A key, prefix, cursor or key part (agency id, year, hash) that is not in the safe grammar. */
export class InvalidArchiveKey extends Error {
  override readonly name = 'InvalidArchiveKey';
  constructor(
    readonly what: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`invalid ${what} ${describe(value)}: expected ${expected}`);
  }
}

/** The storage could not be reached or refused the operation (after the adapter's retries). */
export class ArchiveUnavailable extends Error {
  override readonly name = 'ArchiveUnavailable';
}

/** The storage holds something that contradicts what the archive wrote (a broken record, a checksum). */
export class ArchiveCorrupt extends Error {
  override readonly name = 'ArchiveCorrupt';
}

/** Shows hostile input safely in a message: quoted, control and bidi characters escaped, cut short. */
function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return shown.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
