/**
 * A problem found in a report, and the translation of zod's issues into problems: one JSON path,
 * the rule it breaks (a 勾稽关系 rule id, or "schema"), and a message in Chinese and English.
 * Callers (HTTP 422, the CLI, the batch summary) print these as they are.
 */
import { z } from 'zod';
import { WINDOWS_DEVICE_NAMES } from '../device-names';
import { MAX_DECIMALS } from './common';

/**
 * 'blank': a blank cell (rules.ts); 'label': wording printed differently from the official one
 * (printed-labels.ts); 'ack': an acknowledgement that matches no violation; 'P': the narrative
 * states a figure the tables contradict (prose.ts); 'register': a draft for an agency the agency
 * register does not list (drafts/store.ts).
 */
export type RuleId = 'R-1' | 'R-2' | 'R-3' | 'R-4' | 'R-5' | 'X-1' | 'X-2' | 'blank' | 'label' | 'ack' | 'P' | 'schema' | 'register';

export interface Problem {
  /** Dotted JSON path of the cell or field, e.g. "sections.requests.table.received.total"; "" is the root. */
  path: string;
  rule: RuleId;
  zh: string;
  en: string;
  /** Every cell the rule involved (for arithmetic rules), including `path`. */
  paths?: string[];
  expected?: number | string;
  found?: number | string;
  /** Rule P: the sentence that states the figure, and the JSON path of the text that holds it. */
  sentence?: { path: string; text: string };
  /** On the last problem of a list cut at MAX_PROBLEMS: how many more there were. */
  omitted?: number;
}

/** How many problems a list stands for, counting those a cut list left out. */
export function problemCount(problems: Problem[]): number {
  const omitted = problems.at(-1)?.omitted;
  return omitted === undefined ? problems.length : problems.length - 1 + omitted;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

interface Bilingual {
  zh: string;
  en: string;
}

/** Unprintable characters named in one message; the field may hold more. */
const MAX_NAMED_CHARACTERS = 5;

/** Messages of our own refinements, keyed by the message code they raise. */
const CUSTOM: Record<string, (params: Record<string, unknown>) => Bilingual> = {
  decimal: () => ({
    zh: `应为非负十进制数字的字符串，按原样填写，如 "96171.6"（最多 ${MAX_DECIMALS} 位小数）`,
    en: `must be a non-negative decimal number written as a string, as printed, e.g. "96171.6" (at most ${MAX_DECIMALS} decimals)`,
  }),
  control_characters: () => ({
    zh: '含有控制字符、不成对的代理项或双向文本控制符',
    en: 'contains control characters, unpaired surrogates or bidirectional overrides',
  }),
  blank: () => ({ zh: '不能只有空白或不可见字符', en: 'must not be blank or only invisible characters' }),
  number: () => ({ zh: '应为数字', en: 'must be a number' }),
  unprintable: (p) => {
    const characters = p.characters as string[];
    const shown = characters.slice(0, MAX_NAMED_CHARACTERS).map((c) => [c, `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`]);
    const more = characters.length > MAX_NAMED_CHARACTERS;
    return {
      zh: `含有内置字体无法打印的字符：${shown.map(([c, code]) => `「${c}」（${code}）`).join('、')}${more ? '等' : ''}`,
      en: `contains characters the bundled fonts cannot print: ${shown.map(([c, code]) => `"${c}" (${code})`).join(', ')}${more ? ', …' : ''}`,
    };
  },
  image_too_large: () => ({ zh: '图片过大（上限 2 MiB）', en: 'image is too large (limit 2 MiB)' }),
  base64: () => ({ zh: '应为 Base64 编码的图片数据（不含换行，不接受网址）', en: 'must be Base64-encoded image data (no line breaks; URLs are not accepted)' }),
  image_signature: (p) => ({
    zh: `数据不是 ${String(p.mediaType)} 格式的图片`,
    en: `data is not a ${String(p.mediaType)} image`,
  }),
  image_damaged: (p) => ({ zh: `图片数据不完整或已损坏（${String(p.reason)}）`, en: `the image data is damaged or incomplete (${String(p.reason)})` }),
  image_too_many_pixels: (p) => ({
    zh: `图片像素过多：${String(p.width)}×${String(p.height)}（上限 ${Number(p.maximum) / 10_000} 万像素）`,
    en: `the image has too many pixels: ${String(p.width)}×${String(p.height)} (limit ${Number(p.maximum) / 1_000_000} million)`,
  }),
  empty_paragraph: () => ({ zh: '段落需要 heading 或 text', en: 'a paragraph needs a heading or a text' }),
  agency_id: () => ({
    zh: '机关标识只能由小写字母、数字和连字符组成（1–64 个字符，不以连字符开头或结尾），如 "suqian-cdpf"',
    en: 'the agency id may contain only lowercase letters, digits and hyphens (1–64 characters, no hyphen at either end), e.g. "suqian-cdpf"',
  }),
  agency_id_reserved: () => ({
    zh: `机关标识不能是 Windows 保留的设备名（${WINDOWS_DEVICE_NAMES}）：存档文件夹以它命名，在 Windows 上无法创建或复制`,
    en: `the agency id must not be a device name reserved on Windows (${WINDOWS_DEVICE_NAMES}): the archive names a folder after it, which Windows cannot create or copy`,
  }),
  date: () => ({ zh: '应为有效日期，格式 YYYY-MM-DD', en: 'must be a valid date written YYYY-MM-DD' }),
  format_version: (p) => ({
    zh: `${String(p.year)}年度报告应使用${p.expected === '2021' ? '2021年修订的格式（国办公开办函〔2021〕30号，自2021年度报告起施行）' : '2019年试行格式（国办公开办函〔2019〕60号，适用于2019、2020年度报告）'}，formatVersion 应为 "${String(p.expected)}"，而不是 "${String(p.found)}"`,
    en: `a report for ${String(p.year)} must use the ${p.expected === '2021' ? 'format revised in 2021 (State Council General Office letter [2021] No. 30, in force from the 2021 reports on)' : '2019 trial format (State Council General Office letter [2019] No. 60, for the 2019 and 2020 reports)'}: formatVersion must be "${String(p.expected)}", not "${String(p.found)}"`,
  }),
  published_too_early: (p) => ({
    zh: `发布日期应在统计年度结束之后（不早于 ${String(p.minimum)}）`,
    en: `the publication date must fall after the reporting year (no earlier than ${String(p.minimum)})`,
  }),
  duplicate_acknowledgement: (p) => ({
    zh: `规则 ${String(p.rule)} 在 ${String(p.cell)} 的违反重复确认`,
    en: `the violation of rule ${String(p.rule)} at ${String(p.cell)} is acknowledged twice`,
  }),
};

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

function localeMessage(locale: typeof zhLocale, issue: z.core.$ZodIssue): string {
  const result = locale(issue as never);
  return typeof result === 'string' ? result : (result?.message ?? issue.message);
}

/** What a field of another JSON type must be (zod's Chinese locale leaves the type names in English). */
const EXPECTED_TYPE: Record<string, Bilingual> = {
  string: { zh: '应为文字（字符串）', en: 'must be a text (a JSON string)' },
  boolean: { zh: '应为 true 或 false', en: 'must be true or false' },
  object: { zh: '应为对象（{…}）', en: 'must be an object ({…})' },
  array: { zh: '应为数组（[…]）', en: 'must be an array ([…])' },
};

/** Bilingual text for zod's own issue codes, phrased for people filling in a report. */
function builtIn(issue: z.core.$ZodIssue): Bilingual {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) return { zh: '缺少必填项', en: 'is required' };
      // zod says "number" for a string where an integer belongs, too (only widthMm takes decimals).
      if (issue.expected === 'int' || issue.expected === 'number') return { zh: '应为整数', en: 'must be an integer' };
      if (issue.expected in EXPECTED_TYPE) return EXPECTED_TYPE[issue.expected]!;
      return { zh: localeMessage(zhLocale, issue), en: localeMessage(enLocale, issue) };
    case 'too_small':
      if (issue.origin === 'number')
        return { zh: `不能小于 ${String(issue.minimum)}`, en: `must not be less than ${String(issue.minimum)}` };
      if (issue.origin === 'array')
        return { zh: `至少需要 ${String(issue.minimum)} 项`, en: `needs at least ${String(issue.minimum)} item(s)` };
      if (issue.origin === 'string') return { zh: '不能为空', en: 'must not be empty' };
      break;
    case 'too_big':
      if (issue.origin === 'number')
        return { zh: `不能大于 ${String(issue.maximum)}`, en: `must not exceed ${String(issue.maximum)}` };
      if (issue.origin === 'array')
        return { zh: `最多 ${String(issue.maximum)} 项`, en: `allows at most ${String(issue.maximum)} items` };
      if (issue.origin === 'string')
        return { zh: `长度不能超过 ${String(issue.maximum)} 个字符`, en: `must be at most ${String(issue.maximum)} characters long` };
      break;
    case 'invalid_value':
      return {
        zh: `应为 ${issue.values.map((v) => JSON.stringify(v)).join('、')} 之一`,
        en: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator === 'formatVersion')
        return {
          zh: 'formatVersion 应为 "2019"（2019、2020年度报告）或 "2021"（2021年度起的报告）',
          en: 'formatVersion must be "2019" (reports for 2019 and 2020) or "2021" (reports from 2021 on)',
        };
      if ('discriminator' in issue && issue.discriminator === 'type')
        return { zh: 'type 应为 "paragraph"、"subheading" 或 "image"', en: 'type must be "paragraph", "subheading" or "image"' };
      break;
  }
  return { zh: localeMessage(zhLocale, issue), en: localeMessage(enLocale, issue) };
}

/** Cells under a table (and fee amounts) are what R-5 of format.md §5 is about. */
function ruleOf(issue: z.core.$ZodIssue): RuleId {
  const inTable = issue.path.includes('table') || issue.path.includes('processingFees');
  const present = (issue as { input?: unknown }).input !== undefined;
  const valueProblem = ['invalid_type', 'too_small', 'too_big'].includes(issue.code) || issue.message === 'decimal';
  return inTable && present && valueProblem ? 'R-5' : 'schema';
}

/**
 * Problems listed in one answer. A report has a few hundred fields, so more than this means the
 * input is another document altogether; listing every one (an object of 700 000 unknown keys gave
 * a 100 MB answer and held the server's event loop for seconds) helps no one. The rest are
 * counted in one last problem at the root.
 */
export const MAX_PROBLEMS = 200;

export function problemsFromZod(error: z.ZodError): Problem[] {
  const problems: Problem[] = [];
  let total = 0;
  for (const issue of error.issues) {
    const [count, listed] = problemsOfIssue(issue, MAX_PROBLEMS - problems.length);
    total += count;
    problems.push(...listed);
  }
  const omitted = total - problems.length;
  if (omitted > 0) problems.push({ path: '', rule: 'schema', zh: `另有 ${omitted} 个问题未列出`, en: `${omitted} more problem(s) not listed`, omitted });
  return problems;
}

/** How many problems one issue makes (an unknown-keys issue: one per key), and the first `room` of them. */
function problemsOfIssue(issue: z.core.$ZodIssue, room: number): [number, Problem[]] {
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.slice(0, Math.max(0, room)).map((key): Problem => ({
      path: formatPath([...issue.path, key]),
      rule: 'schema',
      zh: '未知字段（本格式中没有这一项）',
      en: 'unknown field (the format has no such item)',
    }));
    return [issue.keys.length, unknown];
  }
  if (room <= 0) return [1, []];
  const custom = issue.code === 'custom' || issue.message in CUSTOM ? CUSTOM[issue.message] : undefined;
  const text = custom ? custom((issue as { params?: Record<string, unknown> }).params ?? {}) : builtIn(issue);
  return [1, [{ path: formatPath(issue.path), rule: ruleOf(issue), ...text }]];
}
