/**
 * Section 二 read from its runs, in the layout of the version its column heads show. Its rows
 * have no sums to check a flattened run against, so a run that reads several ways is read the
 * most plausible way (a total in force is at least what was issued this year; cells of like
 * length) and left for a person.
 */
import { labelId, PROACTIVE_CONTENT_LABEL, type ProactiveGroupLayout } from '../report/labels';
import { PROACTIVE_LAYOUT_2019 } from '../report/v2019';
import { PROACTIVE_LAYOUT_2021 } from '../report/v2021';
import type { FormatVersion } from '../report';
import { findOuterLabels } from './labels-found';
import { matchRows, missingCells, quoteValues, type ExpectedRow } from './rows';
import type { Run } from './runs';
import { AMOUNT, COUNT, countOf, SIGNED, type CellText } from './split';
import type { Findings } from './summary';

const SIGNED_CELLS = new Set(['change']);
const AMOUNT_CELLS = new Set(['amount']);

const checkOf = (cells: string[]) => (text: string, index: number) => {
  const key = cells[index]!;
  if (AMOUNT_CELLS.has(key)) return AMOUNT.test(text);
  if (SIGNED_CELLS.has(key)) return SIGNED.test(text);
  return COUNT.test(text);
};

/** The version the column heads of 二 belong to, if they show one. */
export function proactiveShape(text: string): FormatVersion | undefined {
  const hits = (words: string[]) => words.filter((word) => text.includes(word)).length;
  const of2019 = hits(['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购总金额']);
  const of2021 = hits(['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额']);
  if (of2019 === of2021) return undefined;
  return of2019 > of2021 ? '2019' : '2021';
}

const digits = (cell: CellText) => (cell ?? '').replace(/\D/g, '').length;

/** Plausibility order of the readings of a flattened row (see the module comment). */
function mostPlausible(candidates: CellText[][], cells: string[]): CellText[] {
  const plausible = candidates.filter((c) => {
    if (cells[2] === 'inForce' || cells[2] === 'publishedTotal') return (countOf(c[2]!) ?? 0) >= (countOf(c[cells[2] === 'inForce' ? 0 : 1]!) ?? 0);
    return true;
  });
  const pool = plausible.length > 0 ? plausible : candidates;
  const spread = (c: CellText[]) => {
    const lengths = c.map(digits);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    return lengths.reduce((a, b) => a + (b - mean) ** 2, 0);
  };
  // Many managed items do not change from one year to the next: a change of 0 weighs in.
  const change = cells.indexOf('change');
  if (change >= 0) {
    const score = (c: CellText[]) => spread(c) - (c[change] === '0' ? 2 : 0);
    return [...pool].sort((a, b) => score(a) - score(b) || digits(b.at(-1)!) - digits(a.at(-1)!))[0]!;
  }
  // A procurement's count of projects is small beside its amount.
  if (cells.at(-1) === 'amount' && cells.length === 2) return [...pool].sort((a, b) => digits(a[0]!) - digits(b[0]!))[0]!;
  return [...pool].sort((a, b) => spread(a) - spread(b) || digits(b.at(-1)!) - digits(a.at(-1)!) || digits(b[0]!) - digits(a[0]!))[0]!;
}

function cellValue(key: string, text: CellText, version: FormatVersion) {
  if (!AMOUNT_CELLS.has(key)) return countOf(text);
  const unit = text?.match(/(万元|元)$/)?.[1];
  const value = text === null ? null : text.replace(/(万元|元)$/, '');
  if (version === '2021') return { value, unit: '万元' };
  return unit ? { value, unit } : { value };
}

export function readProactiveTable(runs: Run[], leftover: string[], version: FormatVersion, findings: Findings) {
  const layout: ProactiveGroupLayout[] = version === '2019' ? PROACTIVE_LAYOUT_2019 : PROACTIVE_LAYOUT_2021;
  const rows = layout.flatMap((group) => group.rows);
  const expected: ExpectedRow[] = rows.map((row) => ({ id: labelId.proactiveRow(row.key), label: row.label, cells: row.cells.length, check: checkOf(row.cells) }));
  const matches = matchRows(runs, expected);
  for (const quote of matches.unplaced) findings.unplace(quote);

  const table: Record<string, Record<string, unknown>> = {};
  rows.forEach((row, i) => {
    const match = matches.rows[i];
    findings.cellsExpected += row.cells.length;
    let cells: CellText[] | undefined;
    if (!match) findings.needsPerson.push(`二: 找不到「${row.label}」这一行`);
    else if (match.candidates.length === 0) findings.needsPerson.push(`二「${match.printed}」印作「${quoteValues(match.values)}」，读不出 ${row.cells.length} 个数`);
    else {
      cells = match.candidates.length === 1 ? match.candidates[0]! : mostPlausible(match.candidates, row.cells);
      findings.cellsRead += row.cells.length - match.missing;
      if (match.missing > 0) findings.needsPerson.push(missingCells(`二「${match.printed}」`, match.values, match.missing));
      if (match.candidates.length > 1) {
        findings.needsPerson.push(`二「${match.printed}」印作「${quoteValues(match.values)}」，可读作 ${match.candidates.length} 种，按「${cells.join(' | ')}」读入，请核对`);
      }
    }
    table[row.key] = Object.fromEntries(row.cells.map((key, c) => [key, cellValue(key, cells?.[c] ?? null, version)]));
  });

  const outer: [string, string][] = [[labelId.proactiveContent, PROACTIVE_CONTENT_LABEL]];
  for (const group of layout) {
    outer.push([labelId.proactiveCaption(group), group.caption]);
    group.columns.forEach((column, i) => outer.push([labelId.proactiveColumn(group, i), column]));
  }
  const labels = findOuterLabels([...leftover, ...matches.leftovers], outer);
  for (const quote of labels.unplaced) findings.unplace(quote);
  return { table, printedLabels: { ...labels.printed, ...matches.printedLabels } };
}
