/**
 * The hostile files of issue 20 (point 6), each imported in a child process of its own so that one
 * file's peak memory cannot hide another's: peak RSS above the child's idle RSS (the importer and
 * the file's library loaded, the file read) and the time to the refusal. The goal is ≤ 300 MiB
 * above idle and a bounded time. The files are made here into a temporary folder: an encrypted PDF
 * (the test fixture), a PDF of a million objects without a cross-reference table (over the size
 * limit: refused before parsing), a PDF of a million objects in a compressed object stream with a
 * cross-reference stream listing them all (small enough to be parsed), a Word zip bomb, a 50 MB
 * file, and a web page of scripts (never run).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, deflateSync } from 'node:zlib';

const MILLION = 1_000_000;
const MiB = 1024 * 1024;

/** A zip of one entry, as a .docx is, holding `size` zero bytes deflated. */
function zipBomb(size: number): Buffer {
  const name = Buffer.from('word/document.xml');
  const compressed = deflateRawSync(Buffer.alloc(size));
  const header = (signature: number, length: number, at: Record<number, [number, 2 | 4]>) => {
    const b = Buffer.alloc(length);
    b.writeUInt32LE(signature, 0);
    for (const [offset, [value, bytes]] of Object.entries(at)) (bytes === 2 ? b.writeUInt16LE(value, +offset) : b.writeUInt32LE(value, +offset));
    return b;
  };
  const local = header(0x04034b50, 30, { 4: [20, 2], 8: [8, 2], 18: [compressed.length, 4], 22: [size, 4], 26: [name.length, 2] });
  const central = header(0x02014b50, 46, { 4: [20, 2], 6: [20, 2], 10: [8, 2], 20: [compressed.length, 4], 24: [size, 4], 28: [name.length, 2] });
  const end = header(0x06054b50, 22, { 8: [1, 2], 10: [1, 2], 12: [central.length + name.length, 4], 16: [local.length + name.length + compressed.length, 4] });
  return Buffer.concat([local, name, compressed, central, name, end]);
}

const PDF_HEAD = '%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n';

/** A million objects one after another and no cross-reference table: pdf.js would scan them all. */
function millionPlainObjects(): Buffer {
  const objects = Array.from({ length: MILLION }, (_, i) => `${i + 4} 0 obj ${i} endobj`).join('\n');
  return Buffer.from(`${PDF_HEAD}${objects}\ntrailer <</Root 1 0 R>>\n%%EOF`);
}

/** A million objects in one compressed object stream, and a cross-reference stream that lists each. */
function millionStreamedObjects(): Buffer {
  const first = 5;
  const offsets: string[] = [];
  const bodies: string[] = [];
  let at = 0;
  for (let i = 0; i < MILLION; i++) {
    const body = `${i} `;
    offsets.push(`${first + i} ${at}`);
    bodies.push(body);
    at += body.length;
  }
  const index = `${offsets.join(' ')} `;
  const objectStream = deflateSync(Buffer.from(index + bodies.join('')));
  const head = Buffer.from(PDF_HEAD);
  const streamObject = Buffer.concat([Buffer.from(`4 0 obj <</Type/ObjStm/N ${MILLION}/First ${index.length}/Filter/FlateDecode/Length ${objectStream.length}>>\nstream\n`), objectStream, Buffer.from('\nendstream\nendobj\n')]);
  const xrefAt = head.length + streamObject.length;
  const size = first + MILLION + 1;
  // Entries of 1 + 4 + 4 bytes: type, offset or object stream, generation or index in the stream.
  const entries = Buffer.alloc(size * 9);
  const inFile = [0, ...[1, 2, 3].map((n) => head.indexOf(`${n} 0 obj`)), head.length];
  for (let n = 0; n < size; n++) {
    const row = n * 9;
    if (n === 0) entries.writeUInt8(0, row);
    else if (n < first) {
      entries.writeUInt8(1, row);
      entries.writeUInt32BE(inFile[n]!, row + 1);
    } else if (n < size - 1) {
      entries.writeUInt8(2, row);
      entries.writeUInt32BE(4, row + 1);
      entries.writeUInt32BE(n - first, row + 5);
    } else {
      entries.writeUInt8(1, row);
      entries.writeUInt32BE(xrefAt, row + 1);
    }
  }
  const xref = deflateSync(entries);
  const xrefObject = Buffer.concat([Buffer.from(`${size - 1} 0 obj <</Type/XRef/Size ${size}/W[1 4 4]/Root 1 0 R/Filter/FlateDecode/Length ${xref.length}>>\nstream\n`), xref, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF`)]);
  return Buffer.concat([head, streamObject, xrefObject]);
}

const scriptsPage = () =>
  `<!doctype html><html><head><script>globalThis.ran = true; while (true) {}</script></head><body>${'<script>throw new Error("run")</script><img src=x onerror="globalThis.ran=true">'.repeat(50_000)}<p>一、总体情况</p></body></html>`;

export async function benchHostileImports(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
  try {
    const files: [string, string, () => void][] = [
      ['encrypted PDF', 'encrypted.pdf', () => copyFileSync('test/fixtures/import/encrypted.pdf', join(dir, 'encrypted.pdf'))],
      ['PDF, 10⁶ objects, no xref', 'million-plain.pdf', () => writeFileSync(join(dir, 'million-plain.pdf'), millionPlainObjects())],
      ['PDF, 10⁶ objects in an object stream', 'million-streamed.pdf', () => writeFileSync(join(dir, 'million-streamed.pdf'), millionStreamedObjects())],
      ['Word zip bomb (1 GiB of zeros)', 'bomb.docx', () => writeFileSync(join(dir, 'bomb.docx'), zipBomb(1024 * MiB - 1))],
      ['50 MB text file', 'huge.txt', () => writeFileSync(join(dir, 'huge.txt'), Buffer.alloc(50 * 1000 * 1000, 0x41))],
      ['web page of 50,000 scripts', 'scripts.html', () => writeFileSync(join(dir, 'scripts.html'), scriptsPage())],
    ];
    console.log('hostile file                            size      peak RSS above idle   time   outcome');
    for (const [label, name, make] of files) {
      make();
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/import-hostile-child.ts', join(dir, name)], { encoding: 'utf8' });
      const { bytes, idle, peak, ms, outcome } = JSON.parse(out);
      console.log(`${label.padEnd(38)} ${`${(bytes / MiB).toFixed(1)} MiB`.padStart(10)}   ${`${((peak - idle) / MiB).toFixed(0)} MiB`.padStart(8)} (idle ${(idle / MiB).toFixed(0)} MiB)  ${`${(ms / 1000).toFixed(2)} s`.padStart(7)}   ${outcome}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
