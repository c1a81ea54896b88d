/**
 * How the folder adapter (fs.ts) stores one generation of a rewritable document, and which
 * generations it waits for the disk on (Node only).
 *
 * A document the journal can rebuild (archive.ts `ReplaceOptions.repairable`: the catalog's year
 * indexes and agency directory) is written without fsync, except its first generation and every
 * DURABLE_EVERY-th: waiting for 2 MB to reach the disk was most of a publish's catalog update. A
 * power cut can then leave the newest generations torn (empty or cut short: the link reached the
 * disk, the data did not). So every generation starts with a frame line, `#generation {bytes}
 * {crc32}`, that tells a whole one from a torn one; a reader skips and removes torn ones and
 * reads the newest whole one. That is at worst the last synced generation, which an unsynced
 * write never deletes, and its journal mark is older than what was lost, so the catalog's repair
 * pass adds those publishes back from their journal lines (which are synced). Any other document
 * (a draft's pointer) is synced at every generation, as before.
 */
import { crc32 } from 'node:zlib';

/** One generation in this many of a repairable document is synced, and kept until the next one is. */
export const DURABLE_EVERY = 16;

const FRAME = /^#generation (\d{1,10}) ([0-9a-f]{8})\n/;
/** Long enough for any frame line. */
const FRAME_MAX = 32;
const OPEN_BRACE = 0x7b;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** The frame line to write before `body`. */
export function frameOf(body: Uint8Array): Uint8Array {
  return new TextEncoder().encode(`#generation ${body.byteLength} ${hex8(crc32(body))}\n`);
}

/**
 * The document a generation file holds, or null when it is torn. A file written before
 * generations had frames starts with the "{" of its JSON, and was synced before it was linked.
 */
export function unframed(file: Uint8Array): Uint8Array | null {
  if (file[0] === OPEN_BRACE) return file;
  const frame = FRAME.exec(new TextDecoder().decode(file.subarray(0, FRAME_MAX)));
  if (!frame) return null;
  const body = file.subarray(frame[0].length);
  return body.byteLength === Number(frame[1]) && hex8(crc32(body)) === frame[2] ? body : null;
}

/** Whether generation `generation` is written with fsync and made to survive a power cut. */
export function isSynced(generation: number, repairable: boolean): boolean {
  return !repairable || generation === 1 || generation % DURABLE_EVERY === 0;
}

/**
 * The older generations (newest first) that a new one replaces: all of them after a synced
 * write; after an unsynced one all but the oldest, which is the last synced generation.
 */
export function replacedBy(synced: boolean, older: number[]): number[] {
  return synced ? older : older.slice(0, -1);
}
