/**
 * The report being edited, as plain JSON the author changes cell by cell and block by block:
 * reading and writing by path, what a cell's text means, and the blank report a year starts from.
 */
import { APPLICANT_COLUMNS, OUTCOME_COLUMNS, PROACTIVE_LAYOUT_2019, PROACTIVE_LAYOUT_2021, REQUESTS_LAYOUT_2019, REQUESTS_LAYOUT_2021, REVIEW_GROUPS, requestRows, formatVersionForYear, halfWidthDigits } from '../report';

export type Json = Record<string, unknown>;
export type Path = (string | number)[];

/** `sections.overview.blocks[0].text`, as the validator's problems name paths. */
export function pathText(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

export function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root);
}

export function setAt(root: Json, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
}

/**
 * What a typed cell means: blank → null; a whole number (full-width digits, thousands separators
 * and spaces as Excel and WPS copy them, a minus sign) → that number; a dash or slash, printed for "none" → null.
 * Anything else stays text, so the schema check says on the cell what is wrong with it.
 */
export function cellValue(text: string): number | string | null {
  const normal = halfWidthDigits(text).replace(/[\s,，\u2009\u00a0]/g, '');
  if (normal === '' || /^[-—–/／]$/.test(normal)) return null;
  // A sign too: 本年增/减 (the 2019 format) may fall; elsewhere the schema says a count cannot.
  return /^-?\d{1,9}$/.test(normal) ? Number(normal) : text.trim();
}

/** An amount's text: a decimal as typed (printed as typed), or null. */
export function amountValue(text: string): string | null {
  const normal = text.replace(/[\s,，]/g, '');
  return normal === '' || /^[-—–/／]$/.test(normal) ? null : normal;
}

/**
 * A typed date as the schema keeps it (ISO 8601): 2024-01-20, 2024/1/20, 2024.1.20 and
 * 2024年1月20日 all mean 2024-01-20; blank → null. Anything else stays as typed, so the schema
 * check says on the field what is wrong with it.
 */
export function dateValue(text: string): string | null {
  const normal = halfWidthDigits(text).trim();
  if (normal === '') return null;
  const match = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$/.exec(normal);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : normal;
}

export const cellText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

const blankRow = () => Object.fromEntries(APPLICANT_COLUMNS.map((column) => [column.key, null]));
const emptyParagraph = () => [{ type: 'paragraph', text: '' }];

/**
 * A report of `year` in the format of its year (2019 and 2020: the 2019 format, whose tables differ
 * in section 二 and print （六）其他处理 as one row), every cell blank and one empty paragraph where
 * one is required. An amount is 万元 in the 2021 format; the 2019 format prints no unit.
 */
export function blankReport(year: number, agency: { id: string; name: string }): Json {
  const formatVersion = formatVersionForYear(year);
  const [requestsLayout, proactiveLayout, amount] =
    formatVersion === '2019' ? [REQUESTS_LAYOUT_2019, PROACTIVE_LAYOUT_2019, () => ({ value: null })] : [REQUESTS_LAYOUT_2021, PROACTIVE_LAYOUT_2021, () => ({ value: null, unit: '万元' })];
  const requests: Json = {};
  for (const row of requestRows(requestsLayout)) {
    let node = requests;
    for (const key of row.path.slice(0, -1)) node = (node[key] ??= {}) as Json;
    node[row.path.at(-1)!] = blankRow();
  }
  const proactive = Object.fromEntries(
    proactiveLayout.flatMap((group) => group.rows).map((row) => [row.key, Object.fromEntries(row.cells.map((cell) => [cell, cell === 'amount' ? amount() : null]))]),
  );
  const reviews = Object.fromEntries(REVIEW_GROUPS.map((group) => [group.key, Object.fromEntries(OUTCOME_COLUMNS.map((column) => [column.key, null]))]));
  return {
    formatVersion,
    year,
    agency,
    introduction: emptyParagraph(),
    sections: {
      overview: { blocks: emptyParagraph() },
      proactive: { blocks: [], table: proactive },
      requests: { blocks: [], table: requests },
      reviews: { blocks: [], table: reviews },
      problems: { blocks: emptyParagraph() },
      other: { blocks: [] },
    },
  };
}
