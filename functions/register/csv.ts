/**
 * The register as CSV, the form a province keeps it in (a spreadsheet): UTF-8, a byte order mark
 * tolerated on input and written on output (Excel then reads the Chinese right), one header row,
 * one agency per row. A header cell names its column in Chinese, in English or both
 * (`机关代码 id`, as the export writes them); columns come in any order, `parent` and `until` may
 * be missing or empty. Every bad value is reported at its line and column, all of them at once, and
 * nothing is imported while any is left.
 */
import { parseAgencyId, parseYear } from '../archive/keys';
import { CsvSyntaxError, inertText, parseCsv, toCsv } from '../open-data/csv';
import { AGENCY_KINDS, isRegionCode, registerOf, registerProblems, type Agency, type AgencyKind, type Register } from './model';

export interface CsvProblem {
  line: number;
  /** 1-based; absent for a problem of the whole row or file. */
  column?: number;
  zh: string;
  en: string;
}

export class RegisterInvalid extends Error {
  override readonly name = 'RegisterInvalid';
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map(formatCsvProblem).join('\n'));
  }
}

export function formatCsvProblem({ line, column, zh, en }: CsvProblem): string {
  return `line ${line}${column === undefined ? '' : `, column ${column}`}: ${zh} / ${en}`;
}

type Field = keyof Agency;

/** Each column: its Chinese name, whether a row must fill it, and how a cell becomes a value. */
const COLUMNS: Record<Field, { zh: string; required: boolean; parse: (text: string) => unknown }> = {
  id: { zh: '机关代码', required: true, parse: (text) => parseAgencyId(text) },
  // The export's apostrophe before a name a spreadsheet would take for a formula (inertText) goes again.
  name: { zh: '机关名称', required: true, parse: (text) => text.replace(/^'(?=[=+\-@])/, '') },
  region: { zh: '行政区划代码', required: true, parse: parseRegion },
  parent: { zh: '上级机关', required: false, parse: (text) => parseAgencyId(text) },
  kind: { zh: '类型', required: true, parse: parseKind },
  from: { zh: '起报年度', required: true, parse: (text) => parseYear(text) },
  until: { zh: '止报年度', required: false, parse: (text) => parseYear(text) },
};
const FIELDS = Object.keys(COLUMNS) as Field[];

const KIND_NAMES: Record<string, AgencyKind> = { government: 'government', department: 'department', 政府: 'government', 部门: 'department' };

function parseRegion(text: string): string {
  if (isRegionCode(text)) return text;
  throw new Error('expected the six digits of a 行政区划代码, e.g. 321300');
}

function parseKind(text: string): AgencyKind {
  const kind = KIND_NAMES[text];
  if (kind) return kind;
  throw new Error(`expected ${AGENCY_KINDS.join(' or ')} (政府 or 部门)`);
}

/** The field a header cell names: its Chinese name, its English name, or both, in either order. */
function fieldOfHeader(cell: string): Field | undefined {
  const words = cell.trim().split(/[\s/|()（）]+/).filter(Boolean);
  const fields = new Set(words.map((word) => FIELDS.find((field) => field === word.toLowerCase() || COLUMNS[field].zh === word)));
  return fields.size === 1 ? [...fields][0] : undefined;
}

function headerOf(row: { line: number; fields: string[] }): (Field | undefined)[] {
  const problems: CsvProblem[] = [];
  const columns = row.fields.map((cell, index) => {
    const field = fieldOfHeader(cell);
    if (!field && cell.trim() !== '') problems.push({ line: row.line, column: index + 1, zh: `表头“${cell}”不是已知的列`, en: `header "${cell}" names no known column (${FIELDS.join(', ')})` });
    if (field && row.fields.findIndex((other) => fieldOfHeader(other) === field) !== index) problems.push({ line: row.line, column: index + 1, zh: `列 ${field} 重复`, en: `column ${field} appears twice` });
    return field;
  });
  for (const field of FIELDS.filter((f) => COLUMNS[f].required && !columns.includes(f))) {
    problems.push({ line: row.line, zh: `缺少“${COLUMNS[field].zh} ${field}”列`, en: `the header lacks the column ${field} (${COLUMNS[field].zh})` });
  }
  if (problems.length > 0) throw new RegisterInvalid(problems);
  return columns;
}

/** The register a CSV file describes; throws RegisterInvalid naming every bad line and column. */
export function registerFromCsv(text: string): Register {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new RegisterInvalid([{ line: error.line, column: error.column, zh: error.zh, en: error.en }]);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new RegisterInvalid([{ line: 1, zh: '文件为空：第一行应为表头', en: 'the file is empty: the first line must be the header' }]);
  const columns = headerOf(header);
  const problems: CsvProblem[] = [];
  const agencies: Agency[] = [];
  const lines: number[] = [];
  for (const row of body) {
    if (row.fields.length > columns.length) problems.push({ line: row.line, column: columns.length + 1, zh: `多出 ${row.fields.length - columns.length} 个字段`, en: `${row.fields.length - columns.length} field(s) more than the header has` });
    const agency: Record<string, unknown> = {};
    columns.forEach((field, index) => {
      const text = (row.fields[index] ?? '').trim();
      if (!field) return;
      if (text === '') {
        if (COLUMNS[field].required) problems.push({ line: row.line, column: index + 1, zh: `${COLUMNS[field].zh}不能为空`, en: `${field} is empty` });
        return;
      }
      try {
        agency[field] = COLUMNS[field].parse(text);
      } catch (error) {
        problems.push({ line: row.line, column: index + 1, zh: `${COLUMNS[field].zh}“${text}”无效`, en: `${field}: ${(error as Error).message}` });
      }
    });
    agencies.push(agency as unknown as Agency);
    lines.push(row.line);
  }
  if (problems.length === 0) {
    for (const problem of registerProblems(agencies)) {
      problems.push({ line: lines[problem.index]!, column: columns.indexOf(problem.field) + 1 || undefined, zh: problem.zh, en: problem.en });
    }
  }
  if (problems.length > 0) throw new RegisterInvalid(problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)));
  return registerOf(agencies);
}

/** The register as the CSV that `registerFromCsv` reads back: every column, headed in both languages. */
export function registerToCsv(register: Register): string {
  return toCsv([
    FIELDS.map((field) => `${COLUMNS[field].zh} ${field}`),
    ...register.agencies.map((agency) => FIELDS.map((field) => (field === 'name' ? inertText(agency.name) : String(agency[field] ?? '')))),
  ]);
}
