/**
 * How many bytes an sfnt (TrueType/OpenType) font runs to, from its table directory alone: the end
 * of the table that ends last (OpenType, "Organization of an OpenType Font"). A font arriving as a
 * stream without a content-length (the Workers assets binding sends none) can then be written
 * straight into memory of that size. The file may carry up to 3 bytes of padding after it.
 * Runtime-neutral.
 */
const HEADER_SIZE = 12;
const RECORD_SIZE = 16;

/** The font's length, or undefined while `head` (the file's first bytes) is shorter than the directory. */
export function sfntLength(head: Uint8Array): number | undefined {
  if (head.byteLength < HEADER_SIZE) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tables = view.getUint16(4);
  const directoryEnd = HEADER_SIZE + tables * RECORD_SIZE;
  if (head.byteLength < directoryEnd) return undefined;
  let end = directoryEnd;
  for (let record = HEADER_SIZE; record < directoryEnd; record += RECORD_SIZE) end = Math.max(end, view.getUint32(record + 8) + view.getUint32(record + 12));
  return end;
}
