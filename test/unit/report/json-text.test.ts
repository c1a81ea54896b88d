/**
 * Text that is not JSON (report/json-text.ts): one problem at the root that names the line and
 * column of the first error and what was expected, on one line whatever the text holds; and JSON
 * is parsed as JSON.parse parses it. Through the HTTP body reader too, which uses the same words.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { parseJsonText } from '../../../functions/report';
import { createArchiveApp } from '../../helpers/archive-app';

const problemOf = (text: string) => {
  const parsed = parseJsonText(text);
  if (parsed.ok) throw new Error(`parsed: ${text}`);
  return parsed.problem;
};

describe('parseJsonText', () => {
  it('parses JSON as JSON.parse does', () => {
    for (const text of ['{"year": 2021, "a": [1, 2.5, "三"]}', ' null ', '"\\ud83d\\ude00"']) {
      expect(parseJsonText(text)).toEqual({ ok: true, json: JSON.parse(text) });
    }
  });

  it.each([
    ['{"year": 2021', 1, 14, 'expected a comma or }'],
    ['{\n  "year": 2021,\n  "x": tru\n}', 3, 8, 'unexpected text "tru"'],
    ['{\n  "a": 1,\n}\n', 3, 1, 'expected a field name in double quotes "}"'],
    ['[1,\n2,,3]', 2, 3, 'expected a value ","'],
    ['{"a": "b\nc"}', 1, 7, 'a string that does not end (a missing closing quote, or a line break inside it) "\\"b"'],
    ['{"a": "b\tc"}', 1, 7, 'a control character (such as a tab) inside a string "\\"b\\tc\\""'],
    ['{"a":1}\n}', 2, 1, 'more text after the end of the JSON "}"'],
    ['{"名称": "三", x}', 1, 13, 'unexpected text "x"'],
    ['{"a": 1 /* note */}', 1, 9, 'JSON has no comments "/* note */"'],
    ['', 1, 1, 'expected a value'],
  ])('%j: line %i, column %i, %s', (text, line, column, what) => {
    const problem = problemOf(text);
    expect(problem).toMatchObject({ path: '', rule: 'schema' });
    expect(problem.en).toBe(`malformed JSON at line ${line}, column ${column}: ${what}`);
    expect(problem.zh).toMatch(new RegExp(`^JSON 格式错误：第 ${line} 行第 ${column} 列，`));
    for (const message of [problem.zh, problem.en]) expect(message).not.toMatch(/[\n\r\t]/);
  });

  it('counts a character beyond U+FFFF as one column, as an editor does', () => {
    expect(problemOf('{"𠀀": 1,, "b": 2}').en).toBe('malformed JSON at line 1, column 9: expected a field name in double quotes ","');
  });
});

describe('a malformed request body', () => {
  it('is a 400 whose problem names the line and column', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nianbao-json-text-'));
    try {
      const response = await createArchiveApp(createFsArchive({ root })).request('/v1/reports/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{\n  "year": 2021,\n  "x": tru\n}' });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.problems).toEqual([{ path: '', rule: 'schema', zh: 'JSON 格式错误：第 3 行第 8 列，无法识别的内容 "tru"', en: 'malformed JSON at line 3, column 8: unexpected text "tru"' }]);
      expect(body.en).toBe('malformed JSON at line 3, column 8: unexpected text "tru"');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
