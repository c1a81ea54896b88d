/**
 * The batch's JSON documents in the archive: written once (the archive never overwrites, and a
 * second write of the same key keeps the first), read back through a schema, since another
 * process or a newer version of this code may be the reader.
 */
import type { z } from 'zod';
import type { Archive } from '../archive/archive';
import { readStoredJson } from '../archive/stored-json';

/** Pretty-printed with a final newline: operators read these files by hand. */
export async function writeJson(archive: Archive, key: string, value: unknown): Promise<boolean> {
  const { created } = await archive.putIfAbsent(key, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`));
  return created;
}

export async function readStored<T>(archive: Archive, key: string, schema: z.ZodType<T>): Promise<T | null> {
  return readStoredJson(archive, key, schema, 'batch document');
}
