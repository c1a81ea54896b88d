/**
 * A region's roll-up (issue 19, point 6): its agencies' tables added cell by cell, each cell named
 * by its JSON path and official labels as in tables.ts. Blanks add as sums.ts says (blank + n = n;
 * a cell blank in every report stays blank), and `reported` says how many reports gave the cell a
 * figure, so a reader can tell "0" from "nobody said". Pure: runs in every runtime.
 *
 * - A year has one format (report/schema.ts refuses a report whose format is not its year's), so
 *   reports of two formats cannot meet here; if they ever do, the archive is damaged and the
 *   roll-up refuses rather than add 本年新制作 to 本年制发.
 * - A 2021-format report may print （六）其他处理 as one row or three: the roll-up keeps the paths
 *   of both, each summing the reports that print it that way (KEY_FIGURES' 其他处理 adds both).
 * - Amounts add in their unit; 元 and 万元 together add in 元 (exactly: the point moves four
 *   places). An amount printed without a unit beside one with a unit cannot be added: its value
 *   stays blank and `note` says why.
 */
import { ArchiveCorrupt } from '../archive/errors';
import type { Report } from '../report/schema';
import { keyFigures, type KeyFigures } from './key-figures';
import { addValues, shiftDecimal } from './sums';
import { CELL_FIELDS, tableCells, type TableCell } from './tables';

export interface RolledCell extends TableCell {
  /** How many reports gave this cell a figure (not blank). */
  reported: number;
  /** Why the value is blank although some reports gave a figure; "" otherwise. */
  note: string;
}

export interface RollUp {
  formatVersion: string | null;
  cells: RolledCell[];
  figures: KeyFigures;
}

const YUAN_PER_WAN = 4;

/** The cell's value and unit once its reports' figures are added. */
function added(cells: readonly TableCell[]): Pick<RolledCell, 'value' | 'unit' | 'note'> {
  const given = cells.filter((cell) => cell.value !== '');
  const units = new Set(given.map((cell) => cell.unit));
  if (units.size <= 1) return { value: addValues(given.map((cell) => cell.value)), unit: [...units][0] ?? cells[0]!.unit, note: '' };
  if (units.has('')) return { value: '', unit: '', note: `units differ (${[...units].map((unit) => unit || 'none').join(', ')}): not added` };
  return { value: addValues(given.map((cell) => (cell.unit === '万元' ? shiftDecimal(cell.value, YUAN_PER_WAN) : cell.value))), unit: '元', note: '' };
}

export function rollUp(reports: readonly Report[]): RollUp {
  const formats = new Set(reports.map((report) => report.formatVersion));
  if (formats.size > 1) {
    const list = reports.map((report) => `${report.agency.id} (${report.formatVersion})`).join(', ');
    throw new ArchiveCorrupt(`reports of one year in two formats cannot be added up: ${list}`);
  }
  const byPath = new Map<string, TableCell[]>();
  for (const report of reports) {
    for (const cell of tableCells(report)) {
      const same = byPath.get(cell.path);
      if (same) same.push(cell);
      else byPath.set(cell.path, [cell]);
    }
  }
  const cells = [...byPath.values()].map((same) => ({ ...same[0]!, ...added(same), reported: same.filter((cell) => cell.value !== '').length }));
  return { formatVersion: [...formats][0] ?? null, cells, figures: keyFigures(cells) };
}

/** The columns of a roll-up's CSV: a version's tables' columns, then `reported` and `note`. */
export const ROLL_UP_FIELDS = [...CELL_FIELDS, 'reported', 'note'] as const;
