/**
 * WOFF 1.0 → plain sfnt (TrueType/OpenType), because hb-subset reads only sfnt. LXGW WenKai is
 * installed only as fontsource .woff/.woff2; WOFF 1.0 is a table directory plus zlib-compressed
 * tables (W3C WOFF File Format 1.0, §4–§6), so undoing it takes node:zlib and no other package,
 * whereas WOFF2 would need its glyf/loca transform reversed. Node-only (node:zlib).
 */
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER_SIZE = 44;
const WOFF_ENTRY_SIZE = 20;
const SFNT_HEADER_SIZE = 12;
const SFNT_ENTRY_SIZE = 16;

const padded = (length: number): number => (length + 3) & ~3;

export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.getUint32(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 file');
  const numTables = input.getUint16(12);
  const totalSfntSize = input.getUint32(16);
  const sfnt = new Uint8Array(totalSfntSize);
  const output = new DataView(sfnt.buffer);

  // Offset table: searchRange etc. as OpenType's "Organization of an OpenType Font" defines them.
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  output.setUint32(0, input.getUint32(4));
  output.setUint16(4, numTables);
  output.setUint16(6, searchRange);
  output.setUint16(8, entrySelector);
  output.setUint16(10, numTables * 16 - searchRange);

  let dataOffset = SFNT_HEADER_SIZE + numTables * SFNT_ENTRY_SIZE;
  for (let index = 0; index < numTables; index++) {
    const entry = WOFF_HEADER_SIZE + index * WOFF_ENTRY_SIZE;
    const offset = input.getUint32(entry + 4);
    const compLength = input.getUint32(entry + 8);
    const origLength = input.getUint32(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const table = compLength < origLength ? inflateSync(stored) : stored;
    if (table.byteLength !== origLength) throw new Error('WOFF table length does not match its directory entry');
    sfnt.set(table, dataOffset);

    const record = SFNT_HEADER_SIZE + index * SFNT_ENTRY_SIZE;
    output.setUint32(record, input.getUint32(entry)); // tag
    output.setUint32(record + 4, input.getUint32(entry + 16)); // checksum
    output.setUint32(record + 8, dataOffset);
    output.setUint32(record + 12, origLength);
    dataOffset += padded(origLength);
  }
  return sfnt;
}
