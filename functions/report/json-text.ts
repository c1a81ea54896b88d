/**
 * JSON text to a value, or one problem that says where and why it is not JSON: the line and
 * column of the first error and what was expected there. V8's own messages give a position for
 * some errors only, and for others quote the text itself, line breaks and all, which would break
 * a one-line-per-problem listing; jsonc-parser's scanner (strict: no comments, no trailing commas)
 * finds the place instead. It runs only on text JSON.parse has already refused.
 */
import { parse as scan, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Problem } from './problems';

export type JsonText = { ok: true; json: unknown } | { ok: false; problem: Problem };

type ErrorName = ReturnType<typeof printParseErrorCode>;

const WHAT: Partial<Record<ErrorName, { zh: string; en: string }>> = {
  InvalidSymbol: { zh: '无法识别的内容', en: 'unexpected text' },
  InvalidNumberFormat: { zh: '数字格式错误', en: 'a malformed number' },
  UnexpectedEndOfNumber: { zh: '数字不完整', en: 'an incomplete number' },
  PropertyNameExpected: { zh: '应为带双引号的字段名', en: 'expected a field name in double quotes' },
  ValueExpected: { zh: '应为一个值', en: 'expected a value' },
  ColonExpected: { zh: '应为冒号', en: 'expected a colon' },
  CommaExpected: { zh: '应为逗号', en: 'expected a comma' },
  CloseBraceExpected: { zh: '应为逗号或 }', en: 'expected a comma or }' },
  CloseBracketExpected: { zh: '应为逗号或 ]', en: 'expected a comma or ]' },
  EndOfFileExpected: { zh: 'JSON 已结束，其后不应再有内容', en: 'more text after the end of the JSON' },
  InvalidCommentToken: { zh: 'JSON 中不能有注释', en: 'JSON has no comments' },
  UnexpectedEndOfComment: { zh: 'JSON 中不能有注释', en: 'JSON has no comments' },
  UnexpectedEndOfString: { zh: '字符串没有结束（缺少右引号，或字符串中有换行）', en: 'a string that does not end (a missing closing quote, or a line break inside it)' },
  InvalidUnicode: { zh: '无效的 \\u 转义', en: 'an invalid \\u escape' },
  InvalidEscapeCharacter: { zh: '无效的转义字符', en: 'an invalid escape sequence' },
  InvalidCharacter: { zh: '字符串中有控制字符（如制表符）', en: 'a control character (such as a tab) inside a string' },
};

/** Shown of the text at the error, escaped as a JSON string so that no line break gets through. */
const MAX_EXCERPT = 20;

export function parseJsonText(text: string): JsonText {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: malformedJsonProblem(text, error) };
  }
}

function malformedJsonProblem(text: string, error: unknown): Problem {
  const errors: ParseError[] = [];
  scan(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) {
    // Not expected (the scanner is stricter than JSON.parse); V8's words, kept on one line.
    const detail = JSON.stringify(error instanceof Error ? error.message : String(error));
    return { path: '', rule: 'schema', zh: `JSON 格式错误：${detail}`, en: `malformed JSON: ${detail}` };
  }
  const { line, column } = lineAndColumn(text, first.offset);
  const what = WHAT[printParseErrorCode(first.error)] ?? { zh: '格式错误', en: 'malformed' };
  const excerpt = first.length > 0 ? ` ${JSON.stringify(Array.from(text.slice(first.offset, first.offset + first.length)).slice(0, MAX_EXCERPT).join(''))}` : '';
  return {
    path: '',
    rule: 'schema',
    zh: `JSON 格式错误：第 ${line} 行第 ${column} 列，${what.zh}${excerpt}`,
    en: `malformed JSON at line ${line}, column ${column}: ${what.en}${excerpt}`,
  };
}

/** 1-based, the column in characters as an editor counts them (a character beyond U+FFFF is one). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: Array.from(before.slice(lineStart)).length + 1 };
}
