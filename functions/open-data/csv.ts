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
