/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields quoted when they hold a comma, a quote or a
 * line break), in UTF-8 with a byte order mark: without it Excel reads the file as the local ANSI
 * code page and the Chinese labels come out garbled.
 */
const BOM = '\uFEFF';

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

/**
 * Text an author wrote (an agency's name), made inert for a spreadsheet: one starting with = + - @
 * or a tab or carriage return would be read as a formula (CSV injection), so it gets a leading
 * apostrophe, which Excel and LibreOffice show as text. Never for numbers: -3 is a change.
 */
export function inertText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Text that is not CSV as RFC 4180 has it, at a line and column (1-based, of the text). */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`line ${line}, column ${column}: ${en}`);
  }
}

export interface CsvRow {
  /** The line the row starts on (a quoted field may hold line breaks). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 read back: a leading byte order mark dropped, CRLF or LF line ends, fields quoted with
 * `"` and `""` inside them; blank lines skipped. The rows keep the lines they start on, so a
 * caller can say where a bad value is.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let lineStart = 0;
  let rowLine = 1;
  let quoted = false;
  let wasQuoted = false;
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || wasQuoted) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = source[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new CsvSyntaxError(line, i + 2 - lineStart, '引号结束后应为逗号或换行', 'a closing quote must be followed by a comma or a line end');
        }
      } else {
        if (char === '\n') {
          line++;
          lineStart = i + 1;
        }
        field += char;
      }
    } else if (char === '"') {
      if (field !== '') throw new CsvSyntaxError(line, i + 1 - lineStart, '未加引号的字段中出现引号（含引号的字段应整个用引号括起，引号写两遍）', 'a quote inside an unquoted field (quote the whole field and double the quote)');
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRow();
      line++;
      lineStart = i + 1;
      rowLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new CsvSyntaxError(rowLine, 1, '引号未闭合：文件在引号内结束', 'an unclosed quote: the file ends inside a quoted field');
  if (field !== '' || fields.length > 0 || wasQuoted) endRow();
  return rows;
}
