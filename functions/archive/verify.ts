/**
 * Checking an archived version against its record: the PDF's and the source's bytes hash to the
 * SHA-256 that their keys and the record name, and the PDF has the record's size. The archive writes
 * these checksums with every object; `nianbao archive verify` reads them back, so a file changed
 * or damaged in storage is found rather than served. Runtime-neutral.
 */
import { readObject, type Archive } from './archive';
import type { PublicationRecord } from './record';
import { sha256Hex } from './sha256';

/** What is wrong with the version's stored files, one sentence each; empty when nothing is. */
export async function verifyVersion(archive: Archive, record: PublicationRecord): Promise<string[]> {
  const problems: string[] = [];
  const check = async (what: string, key: string, sha256: string, bytes?: number) => {
    const body = await readObject(archive, key);
    if (!body) return void problems.push(`${what} ${key} is missing`);
    const found = await sha256Hex(body);
    if (found !== sha256) problems.push(`${what} ${key} has SHA-256 ${found}, its record says ${sha256}`);
    else if (bytes !== undefined && body.byteLength !== bytes) problems.push(`${what} ${key} has ${body.byteLength} bytes, its record says ${bytes}`);
  };
  await check('PDF', record.keys.pdf, record.sha256, record.bytes);
  await check('source', record.keys.source, record.sourceSha256);
  return problems;
}
