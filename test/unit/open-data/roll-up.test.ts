/**
 * A region's roll-up on the example reports: cell-by-cell sums with blanks adding as no figure,
 * `reported` counts, both layouts of （六）其他处理 side by side, amounts in 元 and 万元, an amount
 * without a unit that cannot be added, and the refusal of two formats at once.
 */
import { describe, expect, it } from 'vitest';
import { rollUp, type RolledCell } from '../../../functions/open-data';
import { parseReport, type Report } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';

function parsed(json: unknown): Report {
  const result = parseReport(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.report;
}

const cellAt = (cells: RolledCell[], path: string) => cells.find((cell) => cell.path === path)!;
const REQUESTS = 'sections.requests.table.';

function agency2021(id: string, change: (report: any) => void = () => {}): Report {
  const report = loadExample('consistent2021');
  report.agency = { id, name: id, region: '321302' };
  change(report);
  return parsed(report);
}

describe('rollUp', () => {
  it('adds each cell; a blank adds nothing, a cell blank everywhere stays blank', () => {
    const { cells, formatVersion } = rollUp([
      agency2021('a', (r) => (r.sections.requests.table.received.legal = null)),
      agency2021('b', (r) => {
        r.sections.requests.table.received.legal = null;
        r.sections.requests.table.received.research = null;
      }),
    ]);
    expect(formatVersion).toBe('2021');
    expect(cellAt(cells, `${REQUESTS}received.total`)).toMatchObject({ value: '210', reported: 2, note: '', rowLabel: '一、本年新收政府信息公开申请数量', columnLabel: '总计' });
    expect(cellAt(cells, `${REQUESTS}received.research`)).toMatchObject({ value: '1', reported: 1 });
    expect(cellAt(cells, `${REQUESTS}received.legal`)).toMatchObject({ value: '', reported: 0 });
    expect(cellAt(cells, 'sections.proactive.table.fees.amount.value')).toMatchObject({ value: '771.24', unit: '万元', reported: 2 });
  });

  it('keeps both layouts of （六）其他处理, and the key figure adds them', () => {
    const oneRow = agency2021('one-row', (r) => {
      r.sections.requests.table.results.other = { naturalPerson: 2, commercial: 0, research: 0, nonProfit: 0, legal: 0, other: 0, total: 2 };
    });
    const { cells, figures } = rollUp([agency2021('split'), oneRow]);
    expect(cellAt(cells, `${REQUESTS}results.other.total`)).toMatchObject({ value: '2', reported: 1 });
    expect(cellAt(cells, `${REQUESTS}results.other.noCorrection.total`)).toMatchObject({ value: '1', reported: 1 });
    expect(figures.otherHandling).toBe(4);
    expect(figures.received).toBe(210);
  });

  it('adds 元 and 万元 in 元, exactly, and leaves an amount without a unit beside one with a unit blank', () => {
    const procurement = (id: string, amount: object) => {
      const report = loadExample('seed2020');
      report.agency = { id, name: id };
      report.sections.proactive.table.procurement.amount = amount;
      return parsed(report);
    };
    const path = 'sections.proactive.table.procurement.amount.value';
    expect(cellAt(rollUp([procurement('a', { value: '1.5', unit: '万元' }), procurement('b', { value: '250', unit: '元' })]).cells, path)).toMatchObject({ value: '15250', unit: '元', reported: 2 });
    expect(cellAt(rollUp([procurement('a', { value: '1.5', unit: '万元' }), procurement('b', { value: '2', unit: '万元' })]).cells, path)).toMatchObject({ value: '3.5', unit: '万元' });
    const unknown = cellAt(rollUp([procurement('a', { value: '3' }), procurement('b', { value: '250', unit: '元' })]).cells, path);
    expect(unknown).toMatchObject({ value: '', reported: 2 });
    expect(unknown.note).toContain('units differ');
  });

  it('refuses reports of two formats, naming them', () => {
    const old = parsed(loadExample('seed2020'));
    expect(() => rollUp([agency2021('a'), old])).toThrow(/two formats.*a \(2021\).*suqian-cdpf \(2019\)/);
  });
});
