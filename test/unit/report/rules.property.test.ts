/**
 * Property tests of the 勾稽关系 rules: random consistent tables pass, and changing any single cell
 * that a rule covers is caught by that rule, naming that cell. Also: no input near a valid report
 * makes validation throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPLICANT_COLUMNS,
  OUTCOME_COLUMNS,
  REQUESTS_LAYOUT_2019,
  REQUESTS_LAYOUT_2021,
  REVIEW_GROUPS,
  requestRows,
  validateReport,
  type RequestsLayout,
} from '../../../functions/report';
import { loadExample } from '../../helpers/examples';

const PARTS = APPLICANT_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);
const applicantParts = fc.tuple(...PARTS.map(() => fc.nat({ max: 40 })));

function rowFrom(values: number[]): Record<string, number> {
  const row: Record<string, number> = Object.fromEntries(PARTS.map((key, i) => [key, values[i]!]));
  row.total = values.reduce((a, b) => a + b, 0);
  return row;
}

function setAt(target: any, path: string[], value: unknown): void {
  const last = path.at(-1)!;
  const parent = path.slice(0, -1).reduce((node, key) => (node[key] ??= {}), target);
  parent[last] = value;
}
const getAt = (target: any, path: string[]): any => path.reduce((node, key) => node[key], target);

/** A consistent section 三 table for a layout, from random detail rows and carried counts. */
function consistentRequests(layout: RequestsLayout) {
  const details = requestRows(layout).filter((row) => row.path[0] === 'results' && row.path[1] !== 'total');
  return fc
    .record({
      details: fc.tuple(...details.map(() => applicantParts)),
      carriedForward: applicantParts,
      carriedOverShare: fc.tuple(...PARTS.map(() => fc.double({ min: 0, max: 1, noNaN: true }))),
    })
    .map(({ details: values, carriedForward, carriedOverShare }) => {
      const table: any = {};
      details.forEach((row, i) => setAt(table, row.path, rowFrom(values[i]!)));
      const totals = PARTS.map((key) => details.reduce((sum, row) => sum + getAt(table, row.path)[key], 0));
      const carriedOver = PARTS.map((_, i) => Math.floor((totals[i]! + carriedForward[i]!) * carriedOverShare[i]!));
      const received = PARTS.map((_, i) => totals[i]! + carriedForward[i]! - carriedOver[i]!);
      table.results.total = rowFrom(totals);
      table.carriedForward = rowFrom(carriedForward);
      table.carriedOver = rowFrom(carriedOver);
      table.received = rowFrom(received);
      return table;
    });
}

const outcome = fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 50 }), fc.nat({ max: 50 }), fc.nat({ max: 50 })).map(([upheld, corrected, other, pending]) => ({
  upheld, corrected, other, pending, total: upheld + corrected + other + pending,
}));
const reviews = fc.record({ review: outcome, litigationDirect: outcome, litigationAfterReview: outcome });

const VERSIONS = [
  { name: '2019 format (seed)', example: 'seed2020' as const, layout: REQUESTS_LAYOUT_2019 },
  { name: '2021 format', example: 'consistent2021' as const, layout: REQUESTS_LAYOUT_2021 },
];

/** The example with random consistent tables. */
function consistentReport(example: (typeof VERSIONS)[number]['example'], layout: RequestsLayout) {
  return fc.record({ requests: consistentRequests(layout), reviews }).map(({ requests, reviews: table }) => {
    const raw = loadExample(example);
    raw.sections.requests.table = requests;
    raw.sections.reviews.table = table;
    return raw;
  });
}

/**
 * Every cell a rule covers, with the rules that cover it. A cell of the 总计 column is named by
 * R-2 alone: in that column add up the other columns' equations and the rows' R-2,
 * so a change there is reported once, where it is (rules.ts, withoutImpliedTotals).
 */
function coveredCells(layout: RequestsLayout): { path: string[]; rules: string[] }[] {
  const requestCells = requestRows(layout).flatMap((row) =>
    APPLICANT_COLUMNS.map((column) => {
      const rules = ['R-2'];
      const key = row.path.join('.');
      const inTotalColumn = column.key === 'total';
      if (!inTotalColumn && ['received', 'carriedOver', 'results.total', 'carriedForward'].includes(key)) rules.push('R-1');
      if (!inTotalColumn && row.path[0] === 'results') rules.push('R-3');
      return { path: ['sections', 'requests', 'table', ...row.path, column.key], rules };
    }),
  );
  const reviewCells = REVIEW_GROUPS.flatMap((group) =>
    OUTCOME_COLUMNS.map((column) => ({ path: ['sections', 'reviews', 'table', group.key, column.key], rules: ['R-4'] })),
  );
  return [...requestCells, ...reviewCells];
}

describe.each(VERSIONS)('rules on random tables, $name', ({ example, layout }) => {
  const cells = coveredCells(layout);
  const report = consistentReport(example, layout);

  it('accepts every consistent report', () => {
    fc.assert(
      fc.property(report, (raw) => {
        const result = validateReport(raw);
        expect(result.errors).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('catches a change to any single covered cell with every rule that covers it', () => {
    fc.assert(
      fc.property(report, fc.nat({ max: cells.length - 1 }), fc.integer({ min: 1, max: 5 }), (generated, index, delta) => {
        // fast-check hands the same value to the property again while shrinking: never change it.
        const raw = structuredClone(generated);
        const cell = cells[index]!;
        const before = getAt(raw, cell.path) as number;
        setAt(raw, cell.path, before >= delta ? before - delta : before + delta);
        const { errors } = validateReport(raw);
        const dotted = cell.path.join('.');
        for (const rule of cell.rules) {
          expect(errors.some((e) => e.rule === rule && e.paths?.includes(dotted)), `${rule} must catch ${dotted}`).toBe(true);
        }
        expect(errors.every((e) => cell.rules.includes(e.rule))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(VERSIONS)('blank cells on random tables, $name', ({ example, layout }) => {
  const cells = coveredCells(layout);
  const report = consistentReport(example, layout);

  it('never make an error, however many and wherever they are', () => {
    fc.assert(
      fc.property(report, fc.uniqueArray(fc.nat({ max: cells.length - 1 }), { minLength: 1, maxLength: 40 }), (generated, blanked) => {
        const raw = structuredClone(generated);
        for (const index of blanked) setAt(raw, cells[index]!.path, null);
        const { errors, warnings } = validateReport(raw);
        expect(errors).toEqual([]);
        // One warning per blank cell, and only for blank cells.
        const blanks = warnings.filter((w) => w.rule === 'blank');
        expect(blanks.map((w) => w.path).sort()).toEqual(blanked.map((index) => cells[index]!.path.join('.')).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('give a blank 总计 the value it would have, and keep an error among the numbers that are printed', () => {
    fc.assert(
      fc.property(report, fc.nat({ max: cells.length - 1 }), (generated, index) => {
        const raw = structuredClone(generated);
        const cell = cells[index]!;
        const value = getAt(raw, cell.path) as number;
        setAt(raw, cell.path, null);
        const [warning] = validateReport(raw).warnings.filter((w) => w.rule === 'blank');
        // A result: a row's 总计, or a cell of （七）总计 (the sum of the items above it).
        const isResult = cell.path.at(-1) === 'total' || cell.path.slice(3, 5).join('.') === 'results.total';
        if (isResult) expect(warning).toMatchObject({ rule: 'blank', expected: value });
        // A blank addend that was not 0 is named with the value its rule needs.
        else if (value > 0) expect(warning?.zh).toMatch(new RegExp(`应为 ${value}$|合计应为`));
      }),
      { numRuns: 300 },
    );
  });
});

describe('validation never throws on input near a valid report', () => {
  /** Every path of a JSON value, so a mutation can land anywhere in the report. */
  function paths(value: unknown, prefix: string[] = []): string[][] {
    if (typeof value !== 'object' || value === null) return [prefix];
    return [prefix, ...Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, key]))];
  }

  it.each(VERSIONS)('$name', ({ example }) => {
    const all = paths(loadExample(example)).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.anything(), (index, value) => {
        const raw = loadExample(example);
        setAt(raw, all[index]!, value);
        const result = validateReport(raw);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
