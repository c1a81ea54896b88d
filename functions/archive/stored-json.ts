/**
 * Reading a JSON document back from the archive through a schema: records, batch plans and
 * results outlive the code that wrote them, and may be read by another process or a newer
 * version, so what comes out of storage is checked and a mismatch is ArchiveCorrupt.
 */
import type { z } from 'zod';
import { readObject, type Archive } from './archive';
import { ArchiveCorrupt } from './errors';

/** null when `key` holds nothing; `what` names the document in the error (e.g. "record"). */
export async function readStoredJson<T>(archive: Archive, key: string, schema: z.ZodType<T>, what: string): Promise<T | null> {
  const bytes = await readObject(archive, key);
  if (!bytes) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ArchiveCorrupt(`${what} ${key} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ArchiveCorrupt(`${what} ${key} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}
