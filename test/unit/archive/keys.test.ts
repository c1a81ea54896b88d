/**
 * The key grammar and its parts (functions/archive/keys.ts), canonical JSON and list cursors:
 * every hostile agency id from issue 4 is rejected, and keys are only built from valid parts.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../functions/archive/canonical-json';
import { decodeCursor, encodeCursor } from '../../../functions/archive/cursor';
import { InvalidArchiveKey } from '../../../functions/archive/errors';
import {
  agencyHistoryKey,
  agencyPrefix,
  allYearsJournalKey,
  assertDocumentKey,
  assertSafeKey,
  contentTypeOf,
  isRecordKey,
  journalKey,
  journalLineName,
  journalStartAfter,
  journalTime,
  parseAgencyId,
  parseAllYearsJournalKey,
  parseJournalKey,
  parseYear,
  pdfKey,
  recordKey,
  sourceKey,
} from '../../../functions/archive/keys';
import { hexToBase64, sha256Hex } from '../../../functions/archive/sha256';
import { isWindowsDeviceName } from '../../../functions/device-names';
import { flatJournalKey } from '../../helpers/flat-journal';

const SHA = 'ab'.repeat(32);

describe('agency ids', () => {
  it.each(['jianghai-nrp', 'suqian-cdpf', 'a', '0', 'a1-b2-c3', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(parseAgencyId(id)).toBe(id);
  });

  it.each([
    ['dot-dot', '..'],
    ['slash', 'a/b'],
    ['backslash', 'a\\b'],
    ['percent-encoded dot-dot', '%2e%2e'],
    ['percent-encoded slash', 'a%2fb'],
    ['NUL', 'a\0b'],
    ['300 characters', 'a'.repeat(300)],
    ['65 characters', 'a'.repeat(65)],
    ['RTL override', 'gov\u202efdp'],
    ['full-width letters', 'ｊｉａｎｇｈａｉ'],
    ['NFC é', 'caf\u00e9'],
    ['NFD é', 'cafe\u0301'],
    ['Chinese name', '江海市自然资源和规划局'],
    ['upper case', 'Jianghai'],
    ['leading hyphen', '-a'],
    ['trailing hyphen', 'a-'],
    ['dot', 'a.b'],
    ['space', 'a b'],
    ['empty', ''],
    ['not a string', 42],
  ])('rejects %s', (_, id) => {
    expect(() => parseAgencyId(id)).toThrow(InvalidArchiveKey);
  });

  it.each(['con', 'NUL', 'aux', 'prn', 'com1', 'lpt9', 'con.txt', 'nul .json', 'com¹'])('refuses the Windows device name %j', (id) => {
    expect(isWindowsDeviceName(id)).toBe(true);
    expect(() => parseAgencyId(id)).toThrow(InvalidArchiveKey);
  });

  it('names the device names in its message, and takes ids that only begin like one', () => {
    expect(() => parseAgencyId('con')).toThrow('not a device name reserved on Windows (con, prn, aux, nul, com0–com9, lpt0–lpt9)');
    for (const id of ['con-1', 'console', 'com10', 'lpt', 'nul0']) expect(parseAgencyId(id)).toBe(id);
  });

  it('shows hostile input escaped in the message, never raw', () => {
    expect(() => parseAgencyId('a\u202eb\0')).toThrow('"a\\u202eb\\u0000"');
  });
});

describe('years and hashes', () => {
  it('accepts whole years from 2008 as numbers or four-digit strings', () => {
    expect(parseYear(2008)).toBe(2008);
    expect(parseYear('2021')).toBe(2021);
  });

  it.each([2007, 2100, 2021.5, '21', '2021 ', '+2021', '２０２１', Number.NaN, null])('rejects the year %j', (year) => {
    expect(() => parseYear(year)).toThrow(InvalidArchiveKey);
  });

  it('builds keys only from valid parts', () => {
    expect(sourceKey(2021, 'jianghai-nrp', SHA)).toBe(`2021/jianghai-nrp/${SHA}.json`);
    expect(recordKey(2021, 'jianghai-nrp', SHA)).toBe(`2021/jianghai-nrp/${SHA}.record.json`);
    expect(pdfKey(2021, 'jianghai-nrp', SHA)).toBe(`2021/jianghai-nrp/${SHA}.pdf`);
    expect(agencyPrefix(2021, 'jianghai-nrp')).toBe('2021/jianghai-nrp/');
    expect(() => pdfKey(2021, 'jianghai-nrp', SHA.toUpperCase())).toThrow(InvalidArchiveKey);
    expect(() => pdfKey(2021, 'jianghai-nrp', `../${SHA}`)).toThrow(InvalidArchiveKey);
    expect(() => recordKey(2021, '../etc', SHA)).toThrow(InvalidArchiveKey);
    // An agency's kept history is a catalog document: rewritable, and named only by a valid id.
    expect(agencyHistoryKey('jianghai-nrp')).toBe('catalog/agency/jianghai-nrp.json');
    expect(() => assertDocumentKey(agencyHistoryKey('jianghai-nrp'))).not.toThrow();
    expect(() => agencyHistoryKey('../index/2021')).toThrow(InvalidArchiveKey);
  });

  it('tells records from the other objects, and content types from extensions', () => {
    expect(isRecordKey(recordKey(2021, 'a', SHA))).toBe(true);
    expect(isRecordKey(sourceKey(2021, 'a', SHA))).toBe(false);
    expect(contentTypeOf('2021/a/x.pdf')).toBe('application/pdf');
    expect(contentTypeOf('2021/a/x.record.json')).toBe('application/json');
    expect(contentTypeOf('batches/2021/r/summary.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('2021/a/x.bin')).toBe('application/octet-stream');
  });

  it('every key it builds passes the grammar the adapters check', () => {
    expect(() => assertSafeKey(recordKey(2099, 'x'.repeat(64), SHA))).not.toThrow();
  });
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members, drops whitespace and undefined members, keeps arrays in order', () => {
    expect(canonicalJson({ b: [3, 1, { d: 1, c: null }], a: '江海', u: undefined })).toBe(
      '{"a":"江海","b":[3,1,{"c":null,"d":1}]}',
    );
  });

  it('sorts by UTF-16 code units and writes numbers as ECMAScript does (RFC 8785 §3.2)', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '1': 4, é: 5 })).toBe(
      '{"\\r":2,"1":4,"é":5,"€":1,"😀":3}',
    );
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 100])).toBe('[1e+21,1e-7,0,0.30000000000000004,100]');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
  });
});

describe('cursors and hashes', () => {
  it('round-trips any key, including non-ASCII ones other tools may have stored', () => {
    for (const key of ['2021/a/x.pdf', '2021/江海/x.pdf']) expect(decodeCursor(encodeCursor(key))).toBe(key);
    expect(encodeCursor('2021/a/x.pdf')).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(['', '%%%', '!', encodeCursor('x'.repeat(1025))])('rejects the cursor %j', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidArchiveKey);
  });

  it('hashes with SHA-256 (FIPS 180-2 test vector) and converts hex to base64', async () => {
    const abc = await sha256Hex(new TextEncoder().encode('abc'));
    expect(abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hexToBase64(abc)).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});

describe('journal keys', () => {
  const at = new Date(1675212345678);
  const line = { at: 1675212345678, sourceSha256Start: SHA.slice(0, 32), agencyId: 'jianghai-nrp' };

  it('files each line in the bucket of the first 5 digits of its time, in both journals', () => {
    expect(journalKey(2021, at, 'jianghai-nrp', SHA)).toBe(`catalog/journal/2021/16752/1675212345678-${SHA.slice(0, 32)}-jianghai-nrp`);
    expect(allYearsJournalKey(2021, at, 'jianghai-nrp', SHA)).toBe(`catalog/journal/all/16752/1675212345678-2021-${SHA.slice(0, 32)}-jianghai-nrp`);
    expect(journalStartAfter('catalog/journal/all/', 1675212345678 - 120_000)).toBe('catalog/journal/all/16752/1675212225678');
    expect(journalStartAfter('catalog/journal/all/', 999)).toBe('catalog/journal/all/00000/0000000000999');
  });

  it('reads the bucketed lines and the flat ones of older archives alike, and nothing else', () => {
    const key = journalKey(2021, at, 'jianghai-nrp', SHA);
    const all = allYearsJournalKey(2021, at, 'jianghai-nrp', SHA);
    for (const layout of [(k: string) => k, flatJournalKey]) {
      expect(parseJournalKey(layout(key), 2021)).toEqual(line);
      expect(parseAllYearsJournalKey(layout(all))).toEqual({ ...line, year: 2021 });
      expect(journalTime(layout(key))).toBe(1675212345678);
      expect(journalLineName(layout(all))).toBe(`1675212345678-2021-${SHA.slice(0, 32)}-jianghai-nrp`);
    }
    expect(flatJournalKey(key)).toBe(`catalog/journal/2021/1675212345678-${SHA.slice(0, 32)}-jianghai-nrp`);
    // A line in the wrong bucket, a bucket too deep, another year's journal, a key that is no line.
    expect(parseJournalKey(key.replace('/16752/', '/16753/'), 2021)).toBeNull();
    expect(parseJournalKey(key.replace('/16752/', '/1/16752/'), 2021)).toBeNull();
    expect(parseJournalKey(key, 2022)).toBeNull();
    expect(parseAllYearsJournalKey(all.replace('/16752/', '/1675/'))).toBeNull();
    expect(parseAllYearsJournalKey('catalog/journal/all/16752/')).toBeNull();
  });

  it('sorts a start-after from the lines before it and the lines after it, flat lines of its bucket and later buckets included', () => {
    const keys = [1675100000000, 1675212225677, 1675212225679, 1675299999999, 1675300000000].map((ms) => journalKey(2021, new Date(ms), 'a', SHA));
    const start = journalStartAfter('catalog/journal/2021/', 1675212225678);
    expect(keys.filter((key) => key > start)).toEqual(keys.slice(2));
    // Flat lines: those of earlier buckets before it; every one of its own bucket after it (read again, harmless), and later ones.
    expect(keys.map(flatJournalKey).filter((key) => key > start)).toEqual(keys.slice(1).map(flatJournalKey));
  });
});
