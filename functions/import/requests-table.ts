/**
 * Section 三 read from its runs. Each row's reading must add up across; where a flattened
 * row can still be read several ways, the reading of the whole table that breaks fewest of R-1
 * and R-3 (column by column) is taken, and a tie is left for a person.
 */
import { APPLICANT_COLUMNS, labelId, requestRows, REQUESTS_HEADER, type RequestGroupLayout, type RequestRowLayout } from '../report/labels';
import { REQUESTS_LAYOUT_2019 } from '../report/v2019';
import { REQUESTS_LAYOUT_2021 } from '../report/v2021';
import type { FormatVersion } from '../report';
import { findOuterLabels } from './labels-found';
import { matchRows, missingCells, quoteValues, type ExpectedRow, type MatchedRow } from './rows';
import type { Run } from './runs';
import { COUNT, countOf, type CellText } from './split';
import type { Findings } from './summary';

type Row = Record<(typeof APPLICANT_COLUMNS)[number]['key'], number | null>;
const COLUMNS = APPLICANT_COLUMNS.map((c) => c.key);
const MAX_COMBINATIONS = 50_000;

const addsUp = (cells: CellText[]) => {
  if (cells.length < 7) return true;
  const total = countOf(cells[6]!);
  if (total === null) return true;
  return cells.slice(0, 6).reduce((sum, c) => sum + (countOf(c) ?? 0), 0) === total;
};

interface Layout {
  rows: RequestRowLayout[];
  /** Index in `rows` of （六）其他处理 as one row, when the version splits it (2021). */
  otherAsOneRow?: number;
  groups: RequestGroupLayout[];
}

function layoutOf(version: FormatVersion): Layout {
  const source = version === '2019' ? REQUESTS_LAYOUT_2019 : REQUESTS_LAYOUT_2021;
  const rows = requestRows(source);
  const groups = source.results.filter((item): item is RequestGroupLayout => 'rows' in item);
  // （六）其他处理 split into rows (2021) may still be printed as one row: read before its sub-rows.
  const other = groups.find((group) => group.path.join('.') === 'results.other');
  if (!other) return { rows, groups };
  const otherAsOneRow = rows.indexOf(other.rows[0]!);
  rows.splice(otherAsOneRow, 0, { path: other.path, label: other.label });
  return { rows, otherAsOneRow, groups };
}

const rowOf = (cells: CellText[] | undefined): Row =>
  Object.fromEntries(COLUMNS.map((key, i) => [key, cells ? countOf(cells[i] ?? null) : null])) as Row;

export function readRequestsTable(runs: Run[], leftover: string[], version: FormatVersion, findings: Findings) {
  const layout = layoutOf(version);
  const expected: ExpectedRow[] = layout.rows.map((row) => ({ id: labelId.requestRow(row.path), label: row.label, cells: 7, check: (t) => COUNT.test(t), holds: addsUp }));
  const matches = matchRows(runs, expected, layout.groups.map((group) => group.label));
  const oneRow = layout.otherAsOneRow !== undefined && matches.rows[layout.otherAsOneRow] !== undefined;
  const used = layout.rows.map((_, i) => (layout.otherAsOneRow === undefined ? true : oneRow ? !isOtherSubRow(layout, i) : i !== layout.otherAsOneRow));
  for (const quote of matches.unplaced) findings.unplace(quote);

  // R-2 held by every candidate; when a row has none, its readings without R-2.
  const candidates = matches.rows.map((row, i) => {
    if (!row || !used[i]) return [];
    if (row.candidates.length > 0) return row.candidates;
    findings.needsPerson.push(`三「${row.printed}」印作「${quoteValues(row.values)}」，读不出 7 个数（或总计不等于各列之和）`);
    return [];
  });
  const chosen = chooseReadings(layout, used, candidates, matches.rows, findings);

  const cellsOf = (path: string) => {
    const i = layout.rows.findIndex((row) => row.path.join('.') === path);
    return rowOf(chosen[i]);
  };
  for (let i = 0; i < layout.rows.length; i++) {
    if (!used[i]) continue;
    findings.cellsExpected += 7;
    if (chosen[i]) findings.cellsRead += 7 - matches.rows[i]!.missing;
    if (matches.rows[i]?.missing) findings.needsPerson.push(missingCells(`三「${matches.rows[i]!.printed}」`, matches.rows[i]!.values, matches.rows[i]!.missing));
    else if (!matches.rows[i]) findings.needsPerson.push(`三: 找不到「${layout.rows[i]!.label}」这一行`);
  }

  const group = (path: string) => Object.fromEntries(layout.groups.find((g) => g.path.join('.') === path)!.rows.map((r) => [r.path.at(-1)!, cellsOf(r.path.join('.'))]));
  const table = {
    received: cellsOf('received'),
    carriedOver: cellsOf('carriedOver'),
    results: {
      granted: cellsOf('results.granted'),
      partiallyGranted: cellsOf('results.partiallyGranted'),
      withheld: group('results.withheld'),
      unavailable: group('results.unavailable'),
      notProcessed: group('results.notProcessed'),
      other: version === '2021' && !oneRow ? group('results.other') : cellsOf('results.other'),
      total: cellsOf('results.total'),
    },
    carriedForward: cellsOf('carriedForward'),
  };

  const outer: [string, string][] = [
    ...(Object.keys(REQUESTS_HEADER) as (keyof typeof REQUESTS_HEADER)[]).map((part): [string, string] => [labelId.requestHeader(part), REQUESTS_HEADER[part]]),
    ...APPLICANT_COLUMNS.map((c): [string, string] => [labelId.requestColumn(c.key), c.label]),
    ...layout.groups.filter((g) => !(oneRow && g.path.join('.') === 'results.other')).map((g): [string, string] => [labelId.requestRow(g.path), g.label]),
  ];
  const labels = findOuterLabels([...leftover, ...matches.leftovers], outer, layout.rows.map((row) => row.label));
  for (const quote of labels.unplaced) findings.unplace(quote);
  return { table, printedLabels: { ...labels.printed, ...matches.printedLabels } };
}

function isOtherSubRow(layout: Layout, i: number): boolean {
  return layout.rows[i]!.path.length === 3 && layout.rows[i]!.path[1] === 'other';
}

/** One reading per row: the combination of candidates that breaks fewest column sums. */
function chooseReadings(layout: Layout, used: boolean[], candidates: CellText[][][], rows: (MatchedRow | undefined)[], findings: Findings): (CellText[] | undefined)[] {
  const ambiguous = candidates.map((c, i) => (c.length > 1 ? i : -1)).filter((i) => i >= 0);
  const choice = candidates.map(() => 0);
  const reading = () => candidates.map((c, i) => c[choice[i]!]);
  const combinations = ambiguous.reduce((n, i) => n * candidates[i]!.length, 1);
  if (ambiguous.length === 0) return reading();
  if (combinations > MAX_COMBINATIONS) {
    for (const i of ambiguous) findings.needsPerson.push(`三「${rows[i]!.printed}」印作「${quoteValues(rows[i]!.values)}」，可拆成 ${candidates[i]!.length} 种读法，未能判定`);
    return reading();
  }
  const index = (path: string) => layout.rows.findIndex((row) => row.path.join('.') === path);
  const resultRows = layout.rows.map((row, i) => (used[i] && row.path[0] === 'results' && row.path[1] !== 'total' ? i : -1)).filter((i) => i >= 0);
  const [received, carriedOver, total, carriedForward] = ['received', 'carriedOver', 'results.total', 'carriedForward'].map(index) as [number, number, number, number];
  const violations = (cells: (CellText[] | undefined)[]) => {
    const at = (row: number, column: number) => countOf(cells[row]?.[column] ?? null) ?? 0;
    let broken = 0;
    for (let column = 0; column < 7; column++) {
      if (at(received, column) + at(carriedOver, column) !== at(total, column) + at(carriedForward, column)) broken++;
      if (resultRows.reduce((sum, row) => sum + at(row, column), 0) !== at(total, column)) broken++;
    }
    return broken;
  };
  let best = { score: Infinity, choice: [...choice], ties: 0 };
  for (let n = 0; n < combinations; n++) {
    let rest = n;
    for (const i of ambiguous) {
      choice[i] = rest % candidates[i]!.length;
      rest = Math.floor(rest / candidates[i]!.length);
    }
    const score = violations(reading());
    if (score < best.score) best = { score, choice: [...choice], ties: 0 };
    else if (score === best.score) best.ties++;
  }
  choice.splice(0, choice.length, ...best.choice);
  if (best.ties > 0) {
    for (const i of ambiguous) findings.needsPerson.push(`三「${rows[i]!.printed}」印作「${quoteValues(rows[i]!.values)}」，有 ${candidates[i]!.length} 种读法都同样合乎各列之和，请核对`);
  }
  return reading();
}
