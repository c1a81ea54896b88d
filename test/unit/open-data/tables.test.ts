/**
 * Open data from a report: one row per table cell, labelled from the catalog, and the CSV Excel
 * opens (BOM, CRLF, RFC 4180 quoting). On the examples and on two real reports: one with blank
 * cells (Shanghai 2019) and one with a six-decimal amount in 万元 (Pingtan 2023).
 */
import { describe, expect, it } from 'vitest';
import { inertText, tableCells, tablesCsv, toCsv, yearCsv } from '../../../functions/open-data';
import { officialLabels, parseReport, type Report } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';
import { realReports } from '../../helpers/real-reports';

function parsed(json: unknown): Report {
  const result = parseReport(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.report;
}
const real = (slug: string) => parsed(realReports().find((r) => r.slug === slug)!.json());

/** RFC 4180 read back: enough of a parser to prove the writer's quoting round-trips. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('tableCells', () => {
  it('gives a 2020 report its 198 cells: 22 of section 二, 23 rows × 7 of 三, 15 of 四', () => {
    const cells = tableCells(parsed(loadExample('seed2020')));
    expect(cells.length).toBe(198);
    expect(cells.filter((c) => c.section === 'proactive').length).toBe(22);
    expect(cells.filter((c) => c.section === 'requests').length).toBe(161);
    expect(cells.filter((c) => c.section === 'reviews').length).toBe(15);
    expect(new Set(cells.map((c) => c.path)).size).toBe(198);
  });

  it('labels every cell with the official wording of its ids, and every path holds the value', () => {
    const json = loadExample('consistent2021');
    const report = parsed(json);
    const labels = officialLabels(report);
    for (const cell of tableCells(report)) {
      expect(cell.rowLabel).toBe(labels.get(cell.rowLabelId));
      expect(cell.columnLabel).toBe(labels.get(cell.columnLabelId));
      const raw = cell.path.split('.').reduce((node, key) => node[key], json);
      expect(cell.value).toBe(raw === null ? '' : String(raw));
    }
  });

  it('names a 2021 cell by its path and official labels', () => {
    const cells = tableCells(parsed(loadExample('consistent2021')));
    const unpaid = cells.find((c) => c.path === 'sections.requests.table.results.other.unpaidFees.commercial')!;
    expect(unpaid).toMatchObject({ section: 'requests', rowLabelId: 'requests.row.results.other.unpaidFees', columnLabelId: 'requests.column.commercial', columnLabel: '商业企业', unit: '' });
    expect(unpaid.rowLabel).toBe('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请');
    expect(cells.find((c) => c.path === 'sections.reviews.table.litigationAfterReview.pending')).toMatchObject({ rowLabel: '复议后起诉', columnLabel: '尚未审结' });
    expect(cells.find((c) => c.path === 'sections.reviews.table.review.total')).toMatchObject({ rowLabelId: 'reviews.header.review', rowLabel: '行政复议', columnLabel: '总计' });
  });

  it('keeps the blank cells of Shanghai 2019 blank, never 0, and its amount with its unit', () => {
    const cells = tableCells(real('shanghai-gov-office-2019'));
    const byPath = (path: string) => cells.find((c) => c.path === path)!;
    expect(byPath('sections.reviews.table.review.corrected').value).toBe('');
    expect(byPath('sections.reviews.table.review.total').value).toBe('7');
    expect(byPath('sections.reviews.table.litigationAfterReview.total').value).toBe('');
    expect(byPath('sections.proactive.table.procurement.amount.value')).toMatchObject({ value: '251000', unit: '元', rowLabel: '政府集中采购', columnLabel: '采购总金额' });
    expect(cells.filter((c) => c.value === '').length).toBeGreaterThanOrEqual(8);
  });

  it('keeps Pingtan 2023’s 万元 amount exactly as printed', () => {
    const cells = tableCells(real('pingtan-2023'));
    expect(cells.length).toBe(200);
    expect(cells.find((c) => c.path === 'sections.proactive.table.fees.amount.value')).toMatchObject({ value: '5949.088667', unit: '万元', columnLabel: '本年收费金额（单位：万元）' });
    expect(cells.find((c) => c.path === 'sections.requests.table.received.total')).toMatchObject({ value: '81', rowLabel: '一、本年新收政府信息公开申请数量', columnLabel: '总计' });
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends every line with CRLF and quotes what RFC 4180 says to', () => {
    const csv = toCsv([['a', 'b,c', 'say "hi"', 'two\nlines'], ['', '中文', 'x']]);
    expect(csv).toBe('\uFEFFa,"b,c","say ""hi""","two\nlines"\r\n,中文,x\r\n');
    expect(readCsv(csv.slice(1))).toEqual([['a', 'b,c', 'say "hi"', 'two\nlines'], ['', '中文', 'x']]);
  });

  it('makes an author’s text that a spreadsheet would run as a formula inert, and leaves other text alone', () => {
    expect(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', '江海区'].map(inertText)).toEqual(['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", '江海区']);
    const report = parsed({ ...loadExample('consistent2021'), agency: { ...loadExample('consistent2021').agency, name: '=cmd|calc' } });
    expect(readCsv(yearCsv([report]).slice(1))[1]!.slice(0, 2)).toEqual([report.agency.id, "'=cmd|calc"]);
  });

  it('writes a report’s tables with a header and one line per cell, read back unchanged', () => {
    const cells = tableCells(real('shanghai-gov-office-2019'));
    const rows = readCsv(tablesCsv(cells).slice(1));
    expect(rows[0]).toEqual(['section', 'rowLabelId', 'rowLabel', 'columnLabelId', 'columnLabel', 'path', 'value', 'unit']);
    expect(rows.slice(1)).toEqual(cells.map((c) => [c.section, c.rowLabelId, c.rowLabel, c.columnLabelId, c.columnLabel, c.path, c.value, c.unit]));
  });

  it('puts a year’s reports side by side: one line per agency, the union of the paths as columns', () => {
    const split = parsed(loadExample('consistent2021'));
    const oneRow = real('pingtan-2023');
    const json = realReports().find((r) => r.slug === 'pingtan-2023')!.json();
    json.sections.requests.table.results.other = json.sections.requests.table.results.other.other;
    const merged = parsed(json);
    const rows = readCsv(yearCsv([split, merged]).slice(1));
    expect(rows.length).toBe(3);
    expect(rows[0]!.slice(0, 4)).toEqual(['agencyId', 'agencyName', 'region', 'formatVersion']);
    const column = (path: string) => rows[0]!.indexOf(path);
    expect(rows[0]!.length).toBe(4 + 200 + 7);
    expect(rows[2]![column('sections.requests.table.results.other.total')]).toBe(String(json.sections.requests.table.results.other.total));
    expect(rows[1]![column('sections.requests.table.results.other.total')]).toBe('');
    expect(rows[2]![column('sections.requests.table.results.other.noCorrection.total')]).toBe('');
    expect(rows[2]![0]).toBe(oneRow.agency.id);
    expect(rows[2]![column('sections.proactive.table.fees.amount.value')]).toBe('5949.088667');
  });
});
