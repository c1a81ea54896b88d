/**
 * The year index's own operations on its bytes (archive/catalog-index.ts): records added in any
 * order end up as one line per agency, sorted, each with its versions newest first; an index
 * survives encoding and decoding; lookups by binary search find what was added and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { addRecord, decodeIndex, emptyIndex, encodeIndex, entriesOf, entryPosition, holdsVersion, linesContaining, linesOf, recordOf } from '../../../functions/archive/catalog-index';
import { ArchiveCorrupt } from '../../../functions/archive/errors';
import { pdfKey, recordKey, sourceKey } from '../../../functions/archive/keys';
import { RECORD_SCHEMA, type PublicationRecord } from '../../../functions/archive/record';

const hex = (n: number) => n.toString(16).padEnd(64, '0');

function record(agency: number, version: number): PublicationRecord {
  const id = `agency-${String(agency).padStart(3, '0')}`;
  const source = hex(agency * 100 + version);
  return {
    schema: RECORD_SCHEMA, sha256: hex(99_999 - agency * 100 - version), bytes: 1000 + agency, pages: 3, formatVersion: '2021', templateVersion: 't',
    agency: { id, name: `第${agency}号"单位"\t`, ...(agency % 2 ? { region: '临江县' } : {}) }, year: 2021,
    createdAt: new Date(Date.UTC(2022, 0, 1 + version)).toISOString(), exceptions: version === 2 ? [{ rule: 'R-2', reason: '按原发布版本存档' }] : [], sourceSha256: source,
    keys: { pdf: pdfKey(2021, id, hex(99_999 - agency * 100 - version)), source: sourceKey(2021, id, source), record: recordKey(2021, id, source) },
  };
}

describe('a year index', () => {
  it('holds every record added in any order, one sorted line per agency, versions newest first, through encoding', () => {
    const records = Array.from({ length: 60 }, (_, i) => record(i % 30, 1 + Math.floor(i / 30)));
    const shuffled = records.map((r, i) => [(i * 37) % 61, r] as const).sort(([a], [b]) => a - b).map(([, r]) => r);
    const index = emptyIndex(2021);
    for (const r of shuffled) expect(addRecord(index, r)).toBe(true);
    for (const r of shuffled) expect(addRecord(index, r)).toBe(false);
    const decoded = decodeIndex(encodeIndex(index), 2021, 'catalog/index/2021.json');
    const entries = entriesOf(decoded);
    expect(entries.map((entry) => entry.id)).toEqual(Array.from({ length: 30 }, (_, i) => `agency-${String(i).padStart(3, '0')}`));
    for (const entry of entries) {
      expect(entry.versions.map((version) => recordOf(2021, entry.id, version))).toEqual(records.filter((r) => r.agency.id === entry.id).reverse());
    }
    expect(linesOf(decoded).every((line) => line.split('\t').length === 4)).toBe(true);
  });

  it('finds agencies and versions by binary search, and nothing that is not there', () => {
    const index = emptyIndex(2021);
    for (const agency of [5, 1, 9, 3]) addRecord(index, record(agency, 1));
    expect(entryPosition(index, 'agency-003')).toEqual({ at: 1, found: true });
    expect(entryPosition(index, 'agency-004')).toEqual({ at: 2, found: false });
    expect(entryPosition(index, 'zzz')).toEqual({ at: 4, found: false });
    expect(holdsVersion(index, 'agency-009', hex(901).slice(0, 32))).toBe(true);
    expect(holdsVersion(index, 'agency-009', hex(902).slice(0, 32))).toBe(false);
    expect(holdsVersion(index, 'agency-004', hex(401).slice(0, 32))).toBe(false);
  });

  it('finds the lines whose bytes hold a term, from a given line on, each once', () => {
    const index = emptyIndex(2021);
    for (const agency of [11, 1, 21, 2]) addRecord(index, record(agency, 1));
    expect(linesContaining(index, '第1', 0)).toEqual([0, 2]);
    expect(linesContaining(index, '第1', 1)).toEqual([2]);
    expect(linesContaining(index, '临江县', 0)).toEqual([0, 2, 3]);
    expect(linesContaining(index, '没有', 0)).toEqual([]);
  });

  it('refuses a document that is not an index of its year, and a damaged line when it is read', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => decodeIndex(bytes('not json'), 2021, 'k')).toThrow(ArchiveCorrupt);
    expect(() => decodeIndex(encodeIndex(emptyIndex(2020)), 2021, 'k')).toThrow(/index of 2020/);
    const damaged = decodeIndex(bytes(`${JSON.stringify({ schema: 'nianbao.catalog/1', year: 2021, journalMark: null })}\nagency-001\t""\t""\t[{"broken":true}]`), 2021, 'k');
    expect(() => entriesOf(damaged)).toThrow(/damaged line for "agency-001"/);
  });
});
