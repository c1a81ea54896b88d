/**
 * The register in the archive, through the Archive port, so it works on the folder, S3 and R2:
 *
 *   register/{storedAt}-{sha256}.json   one per import, the newest is the register
 *
 * Each import is a new write-once object, as drafts are (drafts/keys.ts), not a document rewritten
 * in place: the archive's port allows rewriting only the catalog's derived documents, every
 * earlier register stays readable (who had to report in 2023 as the province then saw it), and a
 * bucket under Object Lock keeps them anyway. Two imports at once both land; the later key wins,
 * as the later of two uploads of a spreadsheet would. Reading costs a listing and one read.
 */
import { listAll, type Archive } from '../archive/archive';
import { canonicalJson } from '../archive/canonical-json';
import { ArchiveCorrupt } from '../archive/errors';
import { sha256Hex } from '../archive/sha256';
import { readStoredJson } from '../archive/stored-json';
import type { Clock } from '../clock';
import { timeStamp } from '../drafts/keys';
import { registerProblems, registerSchema, type Register } from './model';

const REGISTER_ROOT = 'register/';

const REGISTER_NAME = /^register\/\d{8}t\d{9}z-[0-9a-f]{64}\.json$/;

/** The newest register's key, or undefined before the first import. */
async function currentKey(archive: Archive): Promise<string | undefined> {
  let last: string | undefined;
  for await (const keys of listAll(archive, REGISTER_ROOT)) {
    for (const key of keys) if (REGISTER_NAME.test(key)) last = key;
  }
  return last;
}

/** The current register, or null when none was ever imported (then nothing is checked against one). */
export async function readRegister(archive: Archive): Promise<Register | null> {
  const key = await currentKey(archive);
  if (!key) return null;
  const register = await readStoredJson(archive, key, registerSchema, 'register');
  if (!register) throw new ArchiveCorrupt(`register ${key} was listed but cannot be read`);
  const problems = registerProblems(register.agencies);
  if (problems.length > 0) throw new ArchiveCorrupt(`register ${key}: ${problems[0]!.en}`);
  return register as Register;
}

/** Stores `register` as the current one; `created` is false when it already was (nothing written). */
export async function storeRegister(archive: Archive, clock: Clock, register: Register): Promise<{ key: string; created: boolean }> {
  const bytes = new TextEncoder().encode(canonicalJson(register));
  const sha256 = await sha256Hex(bytes);
  const current = await currentKey(archive);
  if (current?.endsWith(`-${sha256}.json`)) return { key: current, created: false };
  const key = `${REGISTER_ROOT}${timeStamp(clock.now())}-${sha256}.json`;
  const { created } = await archive.putIfAbsent(key, bytes, { sha256 });
  return { key, created };
}
