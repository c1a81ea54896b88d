/**
 * The importer's core on real lines from the corpus (test/fixtures/real) and on the variants
 * issue 20 lists: flattened rows, `|` rows with blanks, full-width digits and thin spaces,
 * misprinted labels, headings as printed, run-in headings and sub-headings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLines, importText } from '../../../functions/import';
import { blocksOf } from '../../../functions/import/narrative';
import { sourceDocument } from '../../../functions/import/document';
import { findSections } from '../../../functions/import/sections';
import { candidateCells, COUNT } from '../../../functions/import/split';
import { tokenize } from '../../../functions/import/tokens';
import { loadExample } from '../../helpers/examples';
import { renderHtml } from '../../../functions/render/html';
import { htmlLines } from '../../../functions/import/adapters/html';
import { validateReport } from '../../../functions/report';

/** The values after a label, as a flattened crawl prints a row. */
const valuesOf = (run: string) => {
  const line = `1.本机关不掌握相关政府信息${run}`;
  return tokenize(line, 0, line.length).filter((t) => t.kind !== 'text' && t.kind !== 'rowEnd');
};

describe('tokens', () => {
  it('ends a run of digits before the numbering of the next label (pingtan-2021)', () => {
    const line = '5.属于三类内部事务信息10000016.属于四类过程性信息0000000';
    const tokens = tokenize(line, 0, line.length);
    expect(tokens.map((t) => (t.kind === 'text' || t.kind === 'value' ? t.text : t.kind))).toEqual(['5.属于三类内部事务信息', '1000001', '6.属于四类过程性信息', '0000000']);
  });

  it('reads a | row with empty cells and blank marks as blanks, full-width digits as digits', () => {
    const line = '| （一）予以公开 | ２５８ | 12 |  | / | — | 1 | |';
    const scan = sourceDocument([line]).scan;
    const tokens = tokenize(scan, 0, scan.length);
    expect(tokens.map((t) => (t.kind === 'value' ? t.text : t.kind))).toEqual(['text', '258', '12', 'blank', 'blank', 'blank', '1', 'blank', 'rowEnd']);
  });

  it('turns thin and no-break spaces into plain ones', () => {
    expect(sourceDocument(['行政许可\u2009229\u00A03']).text).toBe('行政许可 229 3');
  });
});

describe('cutting runs of digits', () => {
  const addsUp = (cells: (string | null)[]) => cells.length < 7 || cells.slice(0, 6).reduce((s, c) => s + Number(c), 0) === Number(cells[6]);

  it('reads "220000325" two ways whose total is the sum, and the table\'s column sums choose (pingtan-2021, 本机关不掌握)', () => {
    expect(candidateCells(valuesOf('220000325') as never, 7, (t) => COUNT.test(t), addsUp)).toEqual([
      ['2', '20', '0', '0', '0', '3', '25'],
      ['22', '0', '0', '0', '0', '3', '25'],
    ]);
    const { report } = importText(readFileSync('test/fixtures/real/pingtan-2021/source.txt', 'utf8'));
    expect((report.sections as any).requests.table.results.unavailable.notHeld).toEqual({ naturalPerson: 22, commercial: 0, research: 0, nonProfit: 0, legal: 0, other: 3, total: 25 });
  });

  it('keeps a space as a cut: "500000 5" (pingtan-2021, 部分公开)', () => {
    expect(candidateCells(valuesOf('500000 5') as never, 7, (t) => COUNT.test(t), addsUp)).toEqual([['5', '0', '0', '0', '0', '0', '5']]);
  });

  it('never starts a cell with 0 unless it is 0', () => {
    const readings = candidateCells(valuesOf('1050') as never, 3, (t) => COUNT.test(t));
    expect(readings).toEqual([['1', '0', '50'], ['10', '5', '0']]);
  });
});

describe('section headings', () => {
  it('finds headings printed differently and never a table row that starts with the same numeral', () => {
    const doc = sourceDocument([
      '一、总体情况2021年，我区…。二、主动公开政府信息情况 规章 000三、收到和处理政府信息公开申请情况三、本年度办理结果（七）总计630020469四、结转下年度继续办理1000001 四、政府信息公开行政法复议、行政诉讼情况 10203 五、政府信息公开工作存在的主要问题及改进情况（一）…六、其他需要报告的事项无。',
    ]);
    const headings = findSections(doc);
    expect(headings.map((h) => h.printed)).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政法复议、行政诉讼情况',
      '五、政府信息公开工作存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
  });
});

describe('narrative', () => {
  it('cuts a flattened section at its run-in headings (pingtan-2021, 一)', () => {
    expect(blocksOf('…助力服务型政府建设。（一）主动公开方面。按照要求公开。（二）依申请公开方面。我区高度重视。')).toEqual([
      { type: 'paragraph', text: '…助力服务型政府建设。' },
      { type: 'paragraph', heading: '（一）主动公开方面。', text: '按照要求公开。' },
      { type: 'paragraph', heading: '（二）依申请公开方面。', text: '我区高度重视。' },
    ]);
  });

  it('makes a heading alone on its line a sub-heading, and one followed by a space (pingtan-2022)', () => {
    expect(blocksOf('（一）主动公开方面\n2022年，我区公开。\n（二）依申请公开方面 一是畅通渠道。')).toEqual([
      { type: 'subheading', text: '（一）主动公开方面' },
      { type: 'paragraph', text: '2022年，我区公开。' },
      { type: 'subheading', text: '（二）依申请公开方面' },
      { type: 'paragraph', text: '一是畅通渠道。' },
    ]);
  });

  it('ends a sub-heading without punctuation where a sentence opening with a year begins (pingtan-czj-2019)', () => {
    expect(blocksOf('（一）主动公开政府信息的数量2019年制作、获取政府信息总数330条。')).toEqual([
      { type: 'subheading', text: '（一）主动公开政府信息的数量' },
      { type: 'paragraph', text: '2019年制作、获取政府信息总数330条。' },
    ]);
  });

  it('reads Markdown headings: with its text on the next line run in, before a blank line on its own (shuyang-gov-2025)', () => {
    expect(blocksOf('### (一) 系统化推进主动公开。\n\n2025年，我县坚持。\n### 三是提高解读效能。\n聚焦政策解读效能提升。')).toEqual([
      { type: 'subheading', text: '(一) 系统化推进主动公开。' },
      { type: 'paragraph', text: '2025年，我县坚持。' },
      { type: 'paragraph', heading: '三是提高解读效能。', text: '聚焦政策解读效能提升。' },
    ]);
  });

  it('joins a line an extraction broke inside a sentence (OCR, shuyang-gov-2025)', () => {
    expect(blocksOf('让政务信息“看\n\n得懂、用得上、易监督”。')).toEqual([{ type: 'paragraph', text: '让政务信息“看得懂、用得上、易监督”。' }]);
  });

  it('ends a heading run into a deeper item where the item begins (pingtan-gwh-2019, pingtan-jjp-2019)', () => {
    expect(blocksOf('列入议事日程。2.把握工作重点，扎实推进信息公开（1）加强政策解读信息公开。充分利用政府网站。（一）存在的问题1.因机构刚整合、局内各处室和直属单位对政府信息公开工作重视程度还不够高、制度规范要求落实还不够到位。2.政务公开长效机制有待完善。')).toEqual([
      { type: 'paragraph', text: '列入议事日程。' },
      { type: 'subheading', text: '2.把握工作重点，扎实推进信息公开' },
      { type: 'paragraph', heading: '（1）加强政策解读信息公开。', text: '充分利用政府网站。' },
      { type: 'subheading', text: '（一）存在的问题' },
      { type: 'paragraph', text: '1.因机构刚整合、局内各处室和直属单位对政府信息公开工作重视程度还不够高、制度规范要求落实还不够到位。2.政务公开长效机制有待完善。' },
    ]);
  });

  it('cuts sub-headings run into their text after the ending they share (pingtan-2023)', () => {
    expect(blocksOf('（一）主动公开方面平潭综合实验区切实落实国务院办公厅、省政府办公厅关于政务公开工作有关要求，坚持应公开尽公开。（二）依申请公开方面持续强化服务理念，严格按照《条例》要求，做好申请公开登记、审核。')).toEqual([
      { type: 'subheading', text: '（一）主动公开方面' },
      { type: 'paragraph', text: '平潭综合实验区切实落实国务院办公厅、省政府办公厅关于政务公开工作有关要求，坚持应公开尽公开。' },
      { type: 'subheading', text: '（二）依申请公开方面' },
      { type: 'paragraph', text: '持续强化服务理念，严格按照《条例》要求，做好申请公开登记、审核。' },
    ]);
  });
});

describe('a whole report', () => {
  const example = loadExample('consistent2021');
  const lines = htmlLines(renderHtml(validateReport(example).report!));

  it('records a misprinted label as printed, matched by edit distance (pingtan-gaj-2021 printed 本年废纸件数)', () => {
    const misprinted = lines.map((line) => line.replace('本年废止件数', '本年废纸件数'));
    const { report } = importLines(misprinted);
    expect(report.printedLabels).toEqual({ 'proactive.column.rules.repealed': '本年废纸件数' });
  });

  it('reads "1、" numbering as the rows it numbers, and a renamed section five', () => {
    const renamed = lines.map((line) => line.replace(/(\| )(\d)\./g, '$1$2、').replace('五、存在的主要问题及改进情况', '五、存在的主要问题及整改措施'));
    const { report, summary } = importLines(renamed);
    expect(summary.cellsRead).toBe(summary.cellsExpected);
    expect((report.sections as any).requests.table).toEqual(example.sections.requests.table);
    expect(report.printedLabels).toEqual({ 'heading.problems': '五、存在的主要问题及整改措施' });
  });

  it('tells a person what it could not read, and a table that is missing', () => {
    const { summary, complete } = importText('某局2023年政府信息公开工作年度报告\n根据《条例》编制。\n一、总体情况\n本年度无。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。');
    expect(complete).toBe(false);
    expect(summary.needsPerson).toEqual(expect.arrayContaining([expect.stringContaining('二、主动公开政府信息情况'), expect.stringContaining('三、收到和处理政府信息公开申请情况')]));
    expect(summary.cellsRead).toBe(0);
    expect(summary.cellsExpected).toBe(200);
  });

  it('reads the cells a table cut at the page edge still prints, left to right, and leaves the rest to a person', () => {
    // As a PDF prints 三 and 四 when the table is wider than its page: the last columns are not there.
    const cut = lines.map((line) => {
      const cells = line.split(' | ');
      if (!/^\| (一、本年新收|[（(]七[）)]总计)/.test(line) && !/^\| 3 \| 1 \|/.test(line)) return line;
      return `${cells.slice(0, -3).join(' | ')} |`;
    });
    const { report, summary } = importLines(cut);
    const requests = (report.sections as any).requests.table;
    expect(requests.received).toEqual({ ...example.sections.requests.table.received, legal: null, other: null, total: null });
    expect(requests.results.total).toEqual({ ...example.sections.requests.table.results.total, legal: null, other: null, total: null });
    expect((report.sections as any).reviews.table.litigationAfterReview).toEqual({ ...example.sections.reviews.table.litigationAfterReview, other: null, pending: null, total: null });
    expect(summary.cellsRead).toBe(summary.cellsExpected - 9);
    expect(summary.needsPerson.filter((line) => line.includes('缺 3 格'))).toHaveLength(3);
  });

  it('places the heads of narrow columns set two characters a line, and no other text (shuyang-fgj-2023, 商业 / 企业)', () => {
    const narrow = lines.flatMap((line) => (line.startsWith('| 商业企业 | 科研机构 |') ? [line.replace('商业企业 | 科研机构', '商业 | 科研'), '| 企业 | 机构 |'] : [line]));
    const { summary } = importLines(narrow);
    expect(summary.unplaced).toEqual([]);
    expect(summary.cellsRead).toBe(summary.cellsExpected);
    const misspelt = importLines(narrow.map((line) => line.replace('| 企业 | 机构 |', '| 企事 | 机构 |')));
    expect(misspelt.summary.unplaced).toEqual(['商业', '企事']);
  });

  it('reads blank rows beside a group label set on a line of its own as blank rows, the label as the group\'s (shanghai-gov-office-2019, 不予处理)', () => {
    const blanks = ' |  |  |  |  |  |  |  |';
    const apart = lines.flatMap((line) => {
      if (line.startsWith('| （五）不予处理 | ')) return [line.replace('（五）不予处理 | ', '')];
      if (line.startsWith('| 3.要求提供公开出版物 |')) return [line, `| （五）不予处理${blanks}`];
      const blank = /^\| ([45]\.(?:无正当理由|要求行政机关)[^|]*) \|/.exec(line);
      return [blank ? `| ${blank[1]}${blanks}` : line];
    });
    const { report, summary } = importLines(apart);
    expect(summary.needsPerson).toEqual([]);
    expect(summary.unplaced).toEqual([]);
    expect(summary.cellsRead).toBe(summary.cellsExpected);
    const notProcessed = (report.sections as any).requests.table.results.notProcessed;
    const blankRow = Object.fromEntries(Object.keys(notProcessed.publications).map((key) => [key, null]));
    expect(notProcessed.excessive).toEqual(blankRow);
    expect(notProcessed.confirmations).toEqual(blankRow);
    expect(notProcessed.publications).toEqual(example.sections.requests.table.results.notProcessed.publications);
  });

  it('reads the format version from the year, and says when the tables are of the other format', () => {
    const { summary, report } = importLines(lines.map((line) => line.replace('2021年', '2020年')));
    expect(report.formatVersion).toBe('2019');
    expect(summary.needsPerson).toContainEqual(expect.stringContaining('第二部分的表头是2021年格式的'));
  });
});

describe('front matter', () => {
  it('takes the title and the agency from the report, not from a crawl\'s file path that names it too (平潭 2022)', () => {
    const source = readFileSync(new URL('../../fixtures/real/pingtan-2022/source.txt', import.meta.url), 'utf8');
    expect(source).toMatch(/本地目录: zwgk\/zfxxgk\/zfxxgknb\/202302\/80629_平潭综合实验区2022年度/);
    const { report } = importText(source);
    expect(report).toMatchObject({ year: 2022, agency: { name: '平潭综合实验区' }, title: ['平潭综合实验区2022年度政府信息公开工作年度报告'] });
  });
});
