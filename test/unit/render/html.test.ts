/**
 * renderHtml on both examples and on edited copies: every label and number in table order, the
 * merged structure of docs/format.md §3.2–§3.4 and §4.2–§4.3, what differs between the format
 * versions, the outline (six h1 and nothing else), escaping, and that nothing in the output can
 * reach the network.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  APPLICANT_COLUMNS,
  OUTCOME_COLUMNS,
  PROACTIVE_LAYOUT_2019,
  PROACTIVE_LAYOUT_2021,
  REQUESTS_HEADER,
  REVIEW_GROUPS,
  REVIEWS_HEADER,
  SECTION_HEADINGS,
  reportTitle,
  SECTION_ORDER,
  type Block,
  type Report,
} from '../../../functions/report';
import { renderHtml, TEMPLATE_VERSION } from '../../../functions/render/html';
import { proactiveRuns, requestsRuns, reviewsRuns, type TableRuns } from '../../helpers/report-reading';
import { cellsOf, cellWithText, expectInOrder, parsedExample, rowsOf, tableOf, textNodes } from './html-reading';

const seed = parsedExample('seed2020');
const jianghai = parsedExample('consistent2021');

/** A table's texts in reading order, as the printed-report expectations list them. */
const flat = (table: TableRuns) => [...table.header, ...table.rows].flat();
const proactiveExpected = (report: Report) => proactiveRuns(report).flatMap(flat);
const requestsExpected = (report: Report) => flat(requestsRuns(report));
const reviewsExpected = (report: Report) => flat(reviewsRuns(report));

/** A table without its footer: section 三's is a drawn rule, not data. */
const withoutFooter = (table: string) => table.replace(/<tfoot.*?<\/tfoot>/s, '');

const blockTexts = (blocks: Block[]) =>
  blocks.flatMap((block) => {
    if (block.type === 'image') return block.caption ? [block.caption] : [];
    if (block.type === 'subheading') return [block.text];
    return [block.heading, block.text].filter((text): text is string => text !== undefined);
  });

describe.each([
  ['the 2020 seed (format 2019)', seed],
  ['the 2021 example (format 2021)', jianghai],
])('%s', (_, report) => {
  const html = renderHtml(report);

  it('prints every label and every number of section 二 in table order', () => {
    expectInOrder(textNodes(tableOf(html, 'proactive')), proactiveExpected(report));
  });

  it('prints every label and every number of section 三 in table order', () => {
    expectInOrder(textNodes(tableOf(html, 'requests')), requestsExpected(report));
  });

  it('prints every label and every number of section 四 in table order', () => {
    expectInOrder(textNodes(tableOf(html, 'reviews')), reviewsExpected(report));
  });

  it('prints the title, the text and the tables in document order, and then the 落款 if any', () => {
    const { sections } = report;
    const title = reportTitle(report);
    expectInOrder(textNodes(html), [
      ...title,
      ...blockTexts(report.introduction),
      SECTION_HEADINGS.overview,
      ...blockTexts(sections.overview.blocks),
      SECTION_HEADINGS.proactive,
      ...blockTexts(sections.proactive.blocks),
      ...proactiveExpected(report),
      SECTION_HEADINGS.requests,
      ...blockTexts(sections.requests.blocks),
      ...requestsExpected(report),
      SECTION_HEADINGS.reviews,
      ...blockTexts(sections.reviews.blocks),
      ...reviewsExpected(report),
      SECTION_HEADINGS.problems,
      ...blockTexts(sections.problems.blocks),
      SECTION_HEADINGS.other,
      ...blockTexts(sections.other.blocks),
      ...(report.signature ? [report.signature.name] : []),
    ]);
  });

  it('has the six section headings as its only headings, in order', () => {
    expect(Array.from(html.matchAll(/<h1>([^<]*)<\/h1>/g), (m) => m[1])).toEqual(SECTION_ORDER.map((key) => SECTION_HEADINGS[key]));
    expect(html).not.toMatch(/<h[2-6][ >]/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(6);
  });

  it('prints every value cell, 0 included', () => {
    for (const kind of ['proactive', 'requests', 'reviews'] as const) {
      const values = cellsOf(withoutFooter(tableOf(html, kind))).filter((cell) => cell.tag === 'td');
      expect(values.length).toBeGreaterThan(0);
      for (const cell of values) expect(cell.text).toMatch(/^-?\d+(\.\d+)?(元|万元)?$/);
    }
  });

  it('gives section 三 the merged header of format.md §3.3 and seven value cells a row', () => {
    const table = tableOf(html, 'requests');
    expect(cellWithText(table, REQUESTS_HEADER.note)).toMatchObject({ rowspan: 3, colspan: 3 });
    expect(cellWithText(table, REQUESTS_HEADER.applicants)).toMatchObject({ colspan: 7 });
    expect(cellWithText(table, APPLICANT_COLUMNS[0].label)).toMatchObject({ rowspan: 2 });
    expect(cellWithText(table, REQUESTS_HEADER.organisations)).toMatchObject({ colspan: 5 });
    expect(cellWithText(table, APPLICANT_COLUMNS[6].label)).toMatchObject({ rowspan: 2 });
    const bodyRows = rowsOf(table.slice(table.indexOf('<tbody>')));
    for (const row of bodyRows) expect(row.filter((cell) => cell.tag === 'td')).toHaveLength(7);
    // Every body row is three label columns wide once the merged cells above it are counted.
    const open: number[] = [];
    for (const row of bodyRows) {
      const carried = open.filter((left) => left > 0).length;
      const own = row.filter((cell) => cell.tag === 'th');
      expect(carried + own.reduce((n, cell) => n + cell.colspan, 0)).toBe(3);
      for (let i = 0; i < open.length; i++) open[i]!--;
      for (const cell of own) if (cell.rowspan > 1) open.push(cell.rowspan - 1);
    }
    for (const label of ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '四、结转下年度继续办理']) {
      expect(cellWithText(table, label)).toMatchObject({ colspan: 3, rowspan: 1 });
    }
    expect(cellWithText(table, '（三）不予公开')).toMatchObject({ rowspan: 8 });
    expect(cellWithText(table, '（四）无法提供')).toMatchObject({ rowspan: 3 });
    expect(cellWithText(table, '（五）不予处理')).toMatchObject({ rowspan: 5 });
    expect(cellWithText(table, '（七）总计')).toMatchObject({ colspan: 2 });
  });

  it('gives section 四 two header levels over fifteen value columns and no row label (§3.4)', () => {
    const table = tableOf(html, 'reviews');
    const [top, middle, bottom, values] = rowsOf(table);
    expect(top!.map((cell) => [cell.text, cell.colspan])).toEqual([[REVIEWS_HEADER.review, 5], [REVIEWS_HEADER.litigation, 10]]);
    expect(middle!.map((cell) => [cell.text, cell.rowspan, cell.colspan])).toEqual([
      ...OUTCOME_COLUMNS.map((column) => [column.label, 2, 1]),
      [REVIEW_GROUPS[1].label, 1, 5],
      [REVIEW_GROUPS[2].label, 1, 5],
    ]);
    expect(bottom).toHaveLength(10);
    expect(values!.map((cell) => cell.tag)).toEqual(Array(15).fill('td'));
  });

  it('lays section 二 out on a four-column grid, each group a caption row, a header row and its rows', () => {
    const rows = rowsOf(tableOf(html, 'proactive'));
    for (const row of rows) expect(row.reduce((n, cell) => n + cell.colspan, 0)).toBe(4);
    const captions = rows.filter((row) => row.length === 1).map((row) => row[0]!.text);
    expect(captions).toEqual((report.formatVersion === '2019' ? PROACTIVE_LAYOUT_2019 : PROACTIVE_LAYOUT_2021).map((group) => group.caption));
  });

  it('repeats the headers of the large tables on every page and keeps rows whole', () => {
    expect(tableOf(html, 'requests')).toMatch(/^<table class="requests"><colgroup>.*?<\/colgroup><thead>/);
    expect(tableOf(html, 'reviews')).toMatch(/^<table class="reviews"><thead>/);
    expect(html).toMatch(/thead\{display:table-header-group\}/);
    expect(html).toMatch(/tr\{break-inside:avoid\}/);
    // The footer only draws the rule that closes section 三 at a page break: one empty cell, hidden from the tags.
    expect(tableOf(html, 'requests')).toContain('</thead><tfoot aria-hidden="true"><tr><td class="closing-rule" colspan="10"></td></tr></tfoot><tbody>');
    expect(html).toMatch(/tfoot\{display:table-footer-group\}/);
    // A flex or grid wrapper stops Chromium from keeping table rows whole (puppeteer#8708).
    expect(html).not.toMatch(/display:\s*(inline-)?(flex|grid)/);
  });

  it('marks a large table with the length of its longest count, whose figures report.css sets smaller and never breaks', () => {
    const large = structuredClone(jianghai);
    large.sections.requests.table.received.naturalPerson = 12_004;
    large.sections.reviews.table.review.upheld = 123_457;
    const wide = renderHtml(large);
    expect(tableOf(wide, 'requests')).toMatch(/^<table class="requests figures-5">/);
    expect(tableOf(wide, 'reviews')).toMatch(/^<table class="reviews figures-6">/);
    expect(wide).toMatch(/\.requests td,\.reviews td\{white-space:nowrap;overflow-wrap:normal\}/);
    expect(wide).toMatch(/\.requests\.figures-5 td\{font-size:9pt\}/);
    expect(wide).toMatch(/\.reviews\.figures-6 td\{font-size:7pt\}/);
  });

  it('is minified: no line breaks or indentation between elements', () => {
    const body = html.slice(html.indexOf('</head>'));
    expect(body).not.toMatch(/>\s+</);
    expect(body).not.toContain('\n');
  });

  it('is the same HTML on every run', () => {
    expect(renderHtml(report)).toBe(html);
  });

  it('reaches nothing outside the document: images are data: URLs, fonts are relative to the document', () => {
    const references = [
      ...Array.from(html.matchAll(/\b(?:src|href|srcset|action|poster|data)=("[^"]*"|'[^']*'|[^\s>]+)/gi), (m) => m[1]!.replace(/^["']|["']$/g, '')),
      ...Array.from(html.matchAll(/url\(([^)]*)\)/gi), (m) => m[1]!.replace(/^["']|["']$/g, '')),
    ];
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^(data:image\/(png|jpeg);base64,|fonts\/[a-z0-9-]+\.ttf$)/);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|base|meta http-equiv)\b|@import/i);
  });
});

describe('what differs between the format versions', () => {
  const seedHtml = renderHtml(seed);
  const jianghaiHtml = renderHtml(jianghai);

  it('format 2019: 规范性文件, 第二十条第（九）项 政府集中采购, and （六）其他处理 as one row across two label columns', () => {
    const proactive = textNodes(tableOf(seedHtml, 'proactive'));
    expect(proactive).toContain('规范性文件');
    expect(proactive).not.toContain('行政规范性文件');
    expectInOrder(proactive, ['第二十条第（九）项', '信息内容', '采购项目数量', '采购总金额', '政府集中采购']);
    const requests = tableOf(seedHtml, 'requests');
    expect(cellWithText(requests, '（六）其他处理')).toMatchObject({ colspan: 2, rowspan: 1 });
    expect(cellWithText(requests, REQUESTS_HEADER.results)).toMatchObject({ rowspan: 20 });
    expect(textNodes(requests)).not.toContain('3.其他');
  });

  it('format 2021: 行政规范性文件, no （九）, （六）其他处理 split in three, and 万元 in the fee header only', () => {
    const proactive = tableOf(jianghaiHtml, 'proactive');
    expect(textNodes(proactive)).toContain('行政规范性文件');
    expect(proactive).not.toContain('第二十条第（九）项');
    expect(proactive).not.toContain('政府集中采购');
    expect(cellWithText(proactive, '本年收费金额（单位：万元）')).toMatchObject({ colspan: 3 });
    expect(cellWithText(proactive, '385.62')).toMatchObject({ colspan: 3 });
    const requests = tableOf(jianghaiHtml, 'requests');
    expect(cellWithText(requests, '（六）其他处理')).toMatchObject({ rowspan: 3, colspan: 1 });
    expectInOrder(textNodes(requests), [
      '（六）其他处理',
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
      '（七）总计',
    ]);
    expect(cellWithText(requests, REQUESTS_HEADER.results)).toMatchObject({ rowspan: 22 });
  });

  it('format 2019: the procurement amount prints its unit after the value when one is given', () => {
    const withUnit = parsedExample('seed2020', (json) => {
      json.sections.proactive.table.procurement = { projects: 6, amount: { value: '251000', unit: '元' } };
    });
    expectInOrder(textNodes(tableOf(renderHtml(withUnit), 'proactive')), ['政府集中采购', '6', '251000元']);
  });

  it('format 2019: a negative 本年增/减 keeps its sign', () => {
    const shrinking = parsedExample('seed2020', (json) => {
      json.sections.proactive.table.licensing = { previousYear: 12, change: -3, decisions: 40 };
    });
    expectInOrder(textNodes(tableOf(renderHtml(shrinking), 'proactive')), ['行政许可', '12', '-3', '40']);
  });
});

describe('front matter, run-in headings and section 六', () => {
  it('uses the published title lines, or the agency and "YYYY年政府信息公开工作年度报告"', () => {
    expect(textNodes(renderHtml(seed)).slice(0, 2)).toEqual(['宿迁市残疾人工作联合会', '2020年政府信息公开工作年度报告']);
    expect(textNodes(renderHtml(jianghai)).slice(0, 2)).toEqual(['江海市自然资源和规划局', '2021年政府信息公开工作年度报告']);
    expect(renderHtml(jianghai)).toContain('<title>江海市自然资源和规划局2021年政府信息公开工作年度报告</title>');
  });

  it('dates the 落款 as the format writes dates', () => {
    const signed = parsedExample('seed2020', (json) => {
      json.signature = { name: '宿迁市残疾人联合会', date: '2021-01-28' };
    });
    expect(textNodes(renderHtml(signed)).slice(-2)).toEqual(['宿迁市残疾人联合会', '2021年1月28日']);
  });

  it('sets run-in headings in the face of their numbering level, inside their paragraph', () => {
    const html = renderHtml(seed);
    expect(html).toContain('<p><strong class="run-in level-2">（一）组织业务培训。</strong>开设政务公开专题培训班');
    expect(html).toContain('<strong class="run-in level-4">（2）提升公开质量。</strong>');
    expect(html).toContain('<strong class="run-in level-3">1.进一步公开质量尚需提升。</strong>');
    expect(renderHtml(jianghai)).toContain('<strong class="run-in level-unnumbered">改进措施：</strong>');
  });

  it('sets a sub-heading on a line of its own in the face of its level, and keeps dates and phone numbers whole', () => {
    const html = renderHtml(
      parsedExample('seed2020', (json) => {
        json.sections.proactive.blocks = [
          { type: 'subheading', text: '（一）主动公开方面' },
          { type: 'paragraph', text: '2020年主动公开信息509条，咨询电话0527—84357118。' },
        ];
      }),
    );
    expect(html).toContain(
      '<p class="subheading level-2">（一）主动公开方面</p><p><span class="keep">2020年</span>主动公开信息509条，咨询电话<span class="keep">0527—84357118</span>。</p>',
    );
    expect(textNodes(html)).toContain('2020年主动公开信息509条，咨询电话0527—84357118。');
  });

  it('prints images as data: URLs with their text alternative, width and caption', () => {
    const html = renderHtml(jianghai);
    expect(html).toMatch(/<figure><img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="依申请公开办理流程图（示例占位图）" style="width:110mm"><figcaption>依申请公开办理流程<\/figcaption><\/figure>/);
  });

  it('prints "无" for an empty section 六', () => {
    const empty = parsedExample('seed2020', (json) => {
      json.sections.other.blocks = [];
    });
    expect(textNodes(renderHtml(empty)).slice(-2)).toEqual([SECTION_HEADINGS.other, '无']);
  });

  it('reports 信息处理费 in section 六 from processingFees, before the narrative', () => {
    const charged = parsedExample('consistent2021', (json) => {
      json.sections.other = {
        blocks: [{ type: 'paragraph', text: '全年办理人大代表建议23件。' }],
        processingFees: { notices: 3, amount: { value: '300', unit: '元' } },
      };
    });
    expectInOrder(textNodes(renderHtml(charged)), [SECTION_HEADINGS.other, '本年度对3件政府信息公开申请收取信息处理费，共计300元。', '全年办理人大代表建议23件。']);
    const none = parsedExample('consistent2021', (json) => {
      json.sections.other = { blocks: [], processingFees: { amount: { value: '0', unit: '元' } } };
    });
    expectInOrder(textNodes(renderHtml(none)), [SECTION_HEADINGS.other, '本年度未收取政府信息公开信息处理费。', '江海市自然资源和规划局']);
  });

  it('prints the fee of the 2021 example once, from processingFees', () => {
    const nodes = textNodes(renderHtml(jianghai));
    expect(nodes.filter((text) => text.includes('信息处理费'))).toEqual(['本年度未收取政府信息公开信息处理费。']);
  });

  it('prints the 落款 only when the report has one', () => {
    expectInOrder(textNodes(renderHtml(jianghai)), [SECTION_HEADINGS.other, '江海市自然资源和规划局', '2022年1月26日']);
    const seed = textNodes(renderHtml(parsedExample('seed2020', () => {})));
    expect(seed.at(-1)).toBe('无');
  });
});

describe('escaping', () => {
  const hostile = '<script>alert(1)</script><img src=http://169.254.169.254/latest/meta-data/>"\'`=&';
  const report = parsedExample('consistent2021', (json) => {
    json.title = [hostile];
    json.introduction = [{ type: 'paragraph', heading: `（一）${hostile}`, text: hostile }];
    json.sections.overview.blocks[3] = { ...json.sections.overview.blocks[3], alt: `" onerror="fetch('http://x')`, caption: hostile };
    json.agency.name = hostile;
    json.signature.name = hostile;
  });
  const html = renderHtml(report);

  it('prints user text as inert text, never as markup', () => {
    expect(html).not.toMatch(/<script|<img src=http|onerror="/i);
    expect(textNodes(html)).toContain(hostile);
    expect(textNodes(html).filter((text) => text === hostile).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('alt="&quot; onerror&#x3D;&quot;fetch(&#x27;http://x&#x27;)"');
    expect(html).toContain(`<title>${'&lt;script&gt;alert(1)&lt;/script&gt;'}`);
  });
});

describe('every runtime', () => {
  it('renders with code generation from strings disallowed, as on Cloudflare Workers (no eval, no new Function)', () => {
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { parseReport } from './functions/report/index.ts';",
      "import { renderHtml } from './functions/render/html.ts';",
      "const parsed = parseReport(JSON.parse(readFileSync('examples/suqian-cdpf-2020.json', 'utf8')));",
      'if (!parsed.ok) throw new Error("seed invalid");',
      "try { new Function('return 1'); process.stdout.write('eval allowed'); } catch { process.stdout.write(String(renderHtml(parsed.report).length)); }",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(Number(out)).toBe(renderHtml(seed).length);
  });

  it('names its template version, a hash of the template sources', () => {
    expect(TEMPLATE_VERSION).toMatch(/^[0-9a-f]{16}$/);
  });
});
