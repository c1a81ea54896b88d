/**
 * The printed report is the report that was published: blank cells print blank, labels print in
 * the publication's wording, a version B report that printed （六）其他处理 as one row prints one
 * row, and the fee of section 六 is said once. Rules and messages keep the official labels.
 */
import { describe, expect, it } from 'vitest';
import { pdfDateOf } from '../../../functions/publish';
import { renderHtml } from '../../../functions/render/html';
import { officialLabels, validateReport, type Report } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';
import { cellsOf, parsedExample, rowsOf, tableOf, textNodes } from './html-reading';

describe('blank cells', () => {
  it('print blank, in every table, and are never a 0 the publication did not print', () => {
    const report = parsedExample('consistent2021', (json) => {
      json.sections.requests.table.results.granted.research = null;
      json.sections.reviews.table.litigationAfterReview.total = null;
      json.sections.proactive.table.rules.issued = null;
      json.sections.proactive.table.fees.amount.value = null;
    });
    const html = renderHtml(report);
    const granted = rowsOf(tableOf(html, 'requests')).find((row) => row.some((cell) => cell.text === '（一）予以公开'))!;
    expect(granted.filter((cell) => cell.tag === 'td').map((cell) => cell.text)).toEqual(['41', '5', '', '1', '2', '1', '51']);
    expect(cellsOf(tableOf(html, 'reviews')).filter((cell) => cell.tag === 'td').at(-1)!.text).toBe('');
    const proactive = rowsOf(tableOf(html, 'proactive'));
    expect(proactive.find((row) => row[0]!.text === '规章')!.map((cell) => cell.text)).toEqual(['规章', '', '0', '0']);
    expect(proactive.find((row) => row[0]!.text === '行政事业性收费')!.map((cell) => cell.text)).toEqual(['行政事业性收费', '']);
  });
});

describe('labels as published', () => {
  const misprinted = (change: (json: any) => void = () => {}) =>
    loadExample('consistent2021') as Record<string, any> & { printedLabels?: Record<string, string> } & ReturnType<typeof change>;

  it('print the publication’s wording and warn once per departure; rules still speak the official labels', () => {
    const json = misprinted();
    json.printedLabels = {
      'heading.problems': '五、政府信息公开工作存在的主要问题及改进情况',
      'requests.row.results.withheld.prohibitedByLaw': '2.其他法律行政止公开',
      'requests.row.results.other.noCorrection': '1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      'proactive.column.rules.repealed': '本年废纸件数',
      'reviews.column.review.upheld': '结果维持',
    };
    json.sections.requests.table.results.withheld.prohibitedByLaw.naturalPerson += 1;
    const validation = validateReport(json);
    expect(validation.warnings.filter((w) => w.rule === 'label').map((w) => w.path)).toEqual([
      'printedLabels.heading.problems',
      'printedLabels.requests.row.results.withheld.prohibitedByLaw',
      'printedLabels.requests.row.results.other.noCorrection',
      'printedLabels.proactive.column.rules.repealed',
    ]);
    expect(validation.errors.find((e) => e.rule === 'R-2')!.zh).toContain('「其他法律行政法规禁止公开」行');

    const text = textNodes(renderHtml(validation.report!));
    for (const printed of Object.values(json.printedLabels)) expect(text).toContain(printed);
    expect(text).not.toContain('五、存在的主要问题及改进情况');
    expect(text).not.toContain('2.其他法律行政法规禁止公开');
  });

  it('refuse a label id the report’s tables do not have', () => {
    const json = misprinted();
    json.printedLabels = { 'requests.row.results.withheld.noSuchRow': '9.其他' };
    expect(validateReport(json).errors).toEqual([expect.objectContaining({ path: 'printedLabels.requests.row.results.withheld.noSuchRow', rule: 'schema' })]);
  });

  it('have an id for every label the tables and headings print', () => {
    const labels = officialLabels(parsedExample('consistent2021'));
    const html = renderHtml(parsedExample('consistent2021'));
    const printed = new Set(textNodes(html));
    for (const official of labels.values()) expect(printed, official).toContain(official);
    // 三: 25 rows, 4 group labels, 7 columns, 4 header parts; 6 headings; 四: 15 columns, 2 groups,
    // 2 header parts; 二: 信息内容, 4 captions, 6 columns, 6 rows.
    expect(labels.size).toBe(25 + 4 + 7 + 4 + 6 + 15 + 2 + 2 + 1 + 4 + 6 + 6);
  });
});

describe('（六）其他处理 printed as one row in a 2021 report', () => {
  const oneRow = () => {
    const json = loadExample('consistent2021');
    const { noCorrection, unpaidFees, other } = json.sections.requests.table.results.other;
    const row: Record<string, number> = {};
    for (const key of Object.keys(other)) row[key] = noCorrection[key] + unpaidFees[key] + other[key];
    json.sections.requests.table.results.other = row;
    return json;
  };

  it('is checked as that one row and warned as a departure from the format', () => {
    const validation = validateReport(oneRow());
    expect(validation.errors).toEqual([]);
    expect(validation.warnings).toEqual([expect.objectContaining({ rule: 'label', path: 'sections.requests.table.results.other' })]);
    const json = oneRow();
    json.sections.requests.table.results.other.naturalPerson += 1;
    json.sections.requests.table.results.other.total += 1;
    expect(validateReport(json).errors.map((e) => [e.rule, e.path])).toEqual([['R-3', 'sections.requests.table.results.total.naturalPerson']]);
  });

  it('prints one row, as published, and none of the three official sub-rows', () => {
    const text = textNodes(renderHtml(validateReport(oneRow()).report!));
    expect(text).toContain('（六）其他处理');
    expect(text.some((t) => t.startsWith('1.申请人无正当理由'))).toBe(false);
    expect(text).not.toContain('3.其他');
  });
});

describe('section 六', () => {
  it('says the 信息处理费 once: in the agency’s words when its text gives it, else in ours', () => {
    const withSentence = parsedExample('consistent2021', (json) => {
      json.sections.other = { blocks: [{ type: 'paragraph', text: '全年收取政府信息公开信息处理费3940元。' }], processingFees: { amount: { value: '3940', unit: '元' } } };
    });
    const text = textNodes(renderHtml(withSentence)).join('');
    expect(text.match(/信息处理费/g)).toHaveLength(1);
    const figuresOnly = parsedExample('consistent2021', (json) => {
      json.sections.other = { blocks: [], processingFees: { amount: { value: '3940', unit: '元' } } };
    });
    expect(textNodes(renderHtml(figuresOnly))).toContain('本年度收取政府信息公开信息处理费3940元。');
  });
});

describe('the PDF’s date', () => {
  const dated = (change: (json: any) => void) => parsedExample('consistent2021', change) as Report;

  it('is the publication date, else the 落款’s, else 1 January after the reporting year', () => {
    expect(pdfDateOf(dated(() => {})).toISOString()).toBe('2022-01-26T00:00:00.000Z');
    expect(pdfDateOf(dated((json) => { delete json.publishedOn; json.signature.date = '2022-02-03'; })).toISOString()).toBe('2022-02-03T00:00:00.000Z');
    expect(pdfDateOf(dated((json) => { delete json.publishedOn; delete json.signature; })).toISOString()).toBe('2022-01-01T00:00:00.000Z');
  });
});
