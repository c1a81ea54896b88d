/**
 * Open data from published reports: each report's tables, and a year's reports side by side.
 */
import type { Report } from '../report/schema';
import { inertText, toCsv } from './csv';
import { CELL_FIELDS, tableCells, type TableCell } from './tables';

export { inertText, toCsv } from './csv';
export { CELL_FIELDS, tableCells, type TableCell } from './tables';
export { KEY_FIGURES, keyFigures, type KeyFigures } from './key-figures';
export { rollUp, ROLL_UP_FIELDS, type RollUp, type RolledCell } from './roll-up';

/** Cells as a CSV: a header of `fields` (CELL_FIELDS for one report's tables), then one line per cell. */
export function tablesCsv<Cell extends TableCell>(cells: readonly Cell[], fields: readonly (keyof Cell & string)[] = CELL_FIELDS): string {
  return toCsv([fields, ...cells.map((cell) => fields.map((name) => String(cell[name])))]);
}

/** The JSON document of one report's tables. */
export function tablesJson(report: Report) {
  return { year: report.year, agency: report.agency, formatVersion: report.formatVersion, cells: tableCells(report) };
}

/**
 * A year's reports, one line per agency, one column per cell path. Reports whose layouts differ
 * (（六）其他处理 as one row or three) get the union of the paths, in the order first met; a
 * cell a report does not have stays empty.
 */
export function yearCsv(reports: readonly Report[]): string {
  const byReport = reports.map((report) => ({ report, values: new Map(tableCells(report).map((cell) => [cell.path, cell.value])) }));
  const paths = [...new Set(byReport.flatMap(({ values }) => [...values.keys()]))];
  return toCsv([
    ['agencyId', 'agencyName', 'region', 'formatVersion', ...paths],
    ...byReport.map(({ report, values }) => [report.agency.id, inertText(report.agency.name), inertText(report.agency.region ?? ''), report.formatVersion, ...paths.map((path) => values.get(path) ?? '')]),
  ]);
}
