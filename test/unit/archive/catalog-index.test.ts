/**
 * The year index's own operations on its bytes (archive/catalog-index.ts): records added in any
 * order end up as one line per agency, sorted, each with its versions newest first; an index
 * survives encoding and decoding; lookups by binary search find what was added and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { addRecord, decodeIndex, emptyIndex, encodeIndex, entriesOf, entryPosition, holdsVersion, linesContaining, linesOf, recordOf } from '../../../functions/archive/catalog-index';
import { addCurrent, buildDirectory, decodeDirectory, directoryEntryOf, emptyDirectory, encodeDirectory, holdsCurrent, type AgencyDirectory } from '../../../functions/archive/catalog-directory';
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

  it('encodes the same lines twice, with two headers, without changing the bytes it gave first', () => {
    const index = emptyIndex(2021);
    addRecord(index, record(1, 1));
    const first = encodeIndex({ ...index, journalMark: 'catalog/journal/2021/1' });
    const kept = first.slice();
    const second = encodeIndex({ ...index, journalMark: 'catalog/journal/2021/2' });
    expect(first).toEqual(kept);
    expect(decodeIndex(first, 2021, 'k').journalMark).toBe('catalog/journal/2021/1');
    expect(decodeIndex(second, 2021, 'k').journalMark).toBe('catalog/journal/2021/2');
    expect(linesOf(decodeIndex(second, 2021, 'k'))).toEqual(linesOf(index));
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

describe('the agency directory', () => {
  const inYear = (r: PublicationRecord, year: number): PublicationRecord => ({ ...r, year, agency: { ...r.agency, name: `${r.agency.name}${year}` } });
  const listed = (directory: AgencyDirectory) => linesOf(directory).map((line) => directoryEntryOf(line));

  it('keeps each year’s newest version and the newest year’s name, whatever the order, through encoding, as a build at once does', () => {
    const records = [2019, 2021, 2020].flatMap((year) => [1, 2, 3].flatMap((version) => [4, 1, 2].map((agency) => inYear(record(agency, version), year))));
    const orders = [records, [...records].reverse(), records.map((r, i) => [(i * 11) % 29, r] as const).sort(([a], [b]) => a - b).map(([, r]) => r)];
    const built = orders.map((order) => {
      const directory = emptyDirectory();
      for (const r of order) addCurrent(directory, r);
      for (const r of order) expect(addCurrent(directory, r)).toBe(false);
      return encodeDirectory(directory);
    });
    expect(built[1]).toEqual(built[0]);
    expect(built[2]).toEqual(built[0]);
    expect(encodeDirectory(buildDirectory(records))).toEqual(built[0]);
    const directory = decodeDirectory(built[0]!, 'catalog/agencies.json');
    expect(directory.years).toEqual([2019, 2020, 2021]);
    expect(listed(directory)[0]).toEqual({
      id: 'agency-001', name: '第1号"单位"\t2021', region: '临江县',
      years: [2021, 2020, 2019].map((year) => ({ year, createdAt: record(1, 3).createdAt, sourceSha256Start: hex(103).slice(0, 16) })),
    });
  });

  it('says whether a journal line would change an agency’s year: only a newer version does', () => {
    const directory = emptyDirectory();
    addCurrent(directory, record(5, 2));
    const at = (version: number) => Date.parse(record(5, version).createdAt);
    expect(holdsCurrent(directory, 'agency-005', 2021, at(2), hex(502).slice(0, 32))).toBe(true);
    expect(holdsCurrent(directory, 'agency-005', 2021, at(1), hex(501).slice(0, 32))).toBe(true);
    expect(holdsCurrent(directory, 'agency-005', 2021, at(3), hex(503).slice(0, 32))).toBe(false);
    expect(holdsCurrent(directory, 'agency-005', 2020, at(1), hex(501).slice(0, 32))).toBe(false);
    expect(holdsCurrent(directory, 'agency-006', 2021, at(1), hex(601).slice(0, 32))).toBe(false);
  });

  it('refuses a damaged line when it is read', () => {
    const damaged = decodeDirectory(new TextEncoder().encode(`${JSON.stringify({ schema: 'nianbao.agencies/1', years: [2021], journalMark: null })}\nagency-001\t""\t""\t{"2021":"soon"}`), 'k');
    expect(() => listed(damaged)).toThrow(/damaged line for "agency-001"/);
  });
});
