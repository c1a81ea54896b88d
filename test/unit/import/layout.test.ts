/**
 * The PDF geometry (functions/import/layout), on positioned text set as the writers we meet set
 * it: Chromium's GB/T 9704 pages (first-line indent, "— n —"), LibreOffice's pages (paragraphs
 * apart by a gap, curly quotes as glyphs over spaces, narrow cells that wrap numbers, tables run
 * over page breaks), and tables whose header cells are merged over the columns under them.
 */
import { describe, expect, it } from 'vitest';
import { layoutLines, type PositionedText } from '../../../functions/import/layout';

const FULL = /[\u3000-\u9fff\uff00-\uffef]/;
/** Text set from x on baseline y: full-width characters one font size wide, others half. */
function text(value: string, x: number, y: number, size = 12): PositionedText {
  const width = [...value].reduce((w, c) => w + (FULL.test(c) ? size : size / 2), 0);
  return { text: value, x, y, width, size };
}
const page = (...items: PositionedText[]): PositionedText[] => items;

describe('paragraphs', () => {
  it('starts one at an indented line, carries a wrapped line on, and joins one carried over a page break; page numbers go', () => {
    const first = page(
      text('一、总体情况', 80, 700),
      text('我局认真贯彻落实条例，全年主动公开信息', 104, 680),
      text('五百零九条，其中网站公开四十四条。', 80, 660),
      text('本年度继续加强平台建设，完善制度规范和', 104, 640),
      text('— 1 —', 280, 60),
    );
    const second = page(text('工作流程，提升了公开质量。', 80, 760), text('— 2 —', 280, 60));
    expect(layoutLines([first, second])).toEqual(['一、总体情况', '我局认真贯彻落实条例，全年主动公开信息五百零九条，其中网站公开四十四条。', '本年度继续加强平台建设，完善制度规范和工作流程，提升了公开质量。']);
  });

  it('starts one after a wider gap than the pitch, with no indent (LibreOffice from a web page)', () => {
    const lines = page(
      text('我局严格审签程序，全力做好信息公开工作。全', 75, 700),
      text('年共审核发布各类信息二百四十九条，其中规范', 75, 672),
      text('性文件八条。', 75, 644),
      text('全年受理网络问政一百八十二件，办结率为百分', 75, 609),
      text('之百。', 75, 581),
    );
    expect(layoutLines([lines])).toEqual(['我局严格审签程序，全力做好信息公开工作。全年共审核发布各类信息二百四十九条，其中规范性文件八条。', '全年受理网络问政一百八十二件，办结率为百分之百。']);
  });

  it('puts curly quotes set as glyphs over the spaces left for them back into the text', () => {
    const host = text('年，通过 中国上海 门户网站发布', 83.2, 550);
    const line = page(text('2019', 56.8, 550), { ...host, width: host.width + 0.4 }, { ...text('“', 131.2, 550), width: 6.2 }, { ...text('”', 185.4, 550), width: 6.2 });
    expect(layoutLines([line])).toEqual(['2019年，通过“中国上海”门户网站发布']);
  });
});

/** A table of 三's shape in miniature: a merged head over three columns, wrapped label cells. */
function requestsHeader(y: number): PositionedText[] {
  return [text('（本列数据的勾稽关系为：…）', 60, y - 20), text('申请人情况', 300, y), text('自然人', 300, y - 30), text('法人或其他组织', 360, y - 15), text('商业企业', 360, y - 40), text('科研机构', 420, y - 40), text('总计', 480, y - 30)];
}

describe('tables', () => {
  it('reads the columns from the header cells with none under them, and keeps blank cells blank', () => {
    const rows = page(...requestsHeader(700), text('一、本年新收政府信息公开申请数量', 60, 600), text('5', 310, 600), text('5', 490, 600), text('二、上年结转政府信息公开申请数量', 60, 570), text('1', 370, 570), text('1', 490, 570));
    const lines = layoutLines([rows]);
    expect(lines.slice(-2)).toEqual(['| 一、本年新收政府信息公开申请数量 | 5 |  |  | 5 |', '| 二、上年结转政府信息公开申请数量 |  | 1 |  | 1 |']);
  });

  it('joins a label and a number wrapped over lines of their cells, and a cell spanning rows goes with the first', () => {
    const rows = page(
      ...requestsHeader(700),
      text('三', 40, 600),
      text('、', 40, 586),
      text('（一）予以公开', 60, 600),
      text('2', 480, 600),
      text('6', 480, 586),
      text('26', 300, 593),
      text('办', 40, 572),
      text('（二）部分公开（区分处理', 60, 540),
      text('的，只计这一情形）', 60, 526),
      text('0', 300, 533),
      text('0', 480, 533),
      text('理', 40, 558),
    );
    expect(layoutLines([rows]).slice(-2)).toEqual(['| 三、办理 | （一）予以公开 | 26 |  |  | 26 |', '| （二）部分公开（区分处理的，只计这一情形） | 0 |  |  | 0 |']);
  });

  it('reads a numbered row of labels only as a row of blanks, and a label carried over a page break as one', () => {
    const first = page(...requestsHeader(700), text('1.属于国家秘密', 60, 600), text('3', 300, 600), text('3', 480, 600), text('2.其他法律行政法规禁止公开', 60, 570), text('3.危及“三安全', 60, 540), text('1', 300, 540), text('1', 480, 540));
    const second = page(text('一稳定”', 60, 780), text('4.保护第三方合法权益', 60, 750), text('0', 300, 750), text('0', 480, 750));
    expect(layoutLines([first, second]).slice(-4)).toEqual([
      '| 1.属于国家秘密 | 3 |  |  | 3 |',
      '| 2.其他法律行政法规禁止公开 |  |  |  |  |',
      '| 3.危及“三安全一稳定” | 1 |  |  | 1 |',
      '| 4.保护第三方合法权益 | 0 |  |  | 0 |',
    ]);
  });

  it('carries two label cells cut by page breaks on, each in its own column, over a page of labels only', () => {
    // LibreOffice's narrow label columns, a character a line: （六）其他处理 | 1.申请人无正当理由… over three pages.
    const column = (chars: string, x: number, top: number) => [...chars].map((c, i) => text(c, x, top - 28 * i));
    const first = page(...requestsHeader(700), text('（', 40, 600), text('1.', 80, 600), text('0', 300, 600), text('0', 480, 600), text('六', 40, 572), text('申', 80, 572));
    const second = page(...column('）其他处理', 40, 780), ...column('请人无正当理由逾期不补正', 80, 780));
    const third = page(...column('申请', 80, 780), text('2.其他', 80, 700), text('0', 300, 700), text('0', 480, 700));
    expect(layoutLines([first, second, third]).slice(-2)).toEqual(['| （六）其他处理 | 1.申请人无正当理由逾期不补正申请 | 0 |  |  | 0 |', '| 2.其他 | 0 |  |  | 0 |']);
  });

  it('joins a number carried over a page break to the last row', () => {
    const first = page(...requestsHeader(700), text('一、本年新收政府信息公开申请数量', 60, 600), text('26', 300, 600), text('2', 480, 600));
    const second = page(text('6', 480, 780), text('二、上年结转政府信息公开申请数量', 60, 750), text('0', 300, 750), text('0', 480, 750));
    expect(layoutLines([first, second]).slice(-2)).toEqual(['| 一、本年新收政府信息公开申请数量 | 26 |  |  | 26 |', '| 二、上年结转政府信息公开申请数量 | 0 |  |  | 0 |']);
  });

  it('does not run together the numbers of rows set at the line pitch, each opening with numbering', () => {
    const tight = page(text('信息内容', 60, 720), text('本年制发件数', 200, 720), text('现行有效件数', 320, 720), text('1.规章', 60, 706), text('0', 230, 706), text('4', 350, 706), text('2.行政规范性文件', 60, 692), text('3', 230, 692), text('27', 350, 692));
    expect(layoutLines([tight])).toEqual(['| 信息内容 | 本年制发件数 | 现行有效件数 |', '| 1.规章 | 0 | 4 |', '| 2.行政规范性文件 | 3 | 27 |']);
  });

  it('tells apart header cells squeezed together by a narrow page: the spaces between characters that otherwise touch', () => {
    const squeezed = page(
      text('第二十条第（一）项的情况如下，各栏均按制作', 60, 800),
      text('数量与公开数量分列，单位为件，下表为其中之', 60, 784),
      text('一，其余各表从略，不再一一列出其数量，以免', 60, 768),
      text('重复。', 60, 752),
      text('信息内容', 60, 720),
      text('商业企业', 200, 720),
      { ...text(' ', 248, 720), width: 4.5 },
      text('科研', 252.5, 720),
      { ...text('机构 社会', 276.5, 720), width: 52.5 },
      text('组织', 329, 720),
      text('行政许可', 60, 690),
      text('3', 220, 690),
      text('1', 335, 690),
    );
    expect(layoutLines([squeezed]).slice(-2)).toEqual(['| 信息内容 | 商业企业 | 科研机构 | 社会组织 |', '| 行政许可 | 3 |  | 1 |']);
  });

  it('keeps a justified line whole, its characters all spaced alike', () => {
    const justified = page(text('1.', 181, 700), { ...text('属 于', 196.4, 700), width: 27.8 }, { ...text('国 家 秘 密', 181, 684), width: 55.2 });
    expect(layoutLines([justified])).toEqual(['1.属于国家秘密']);
  });

  it('gives the prose after a table back as prose', () => {
    const lines = page(text('信息内容', 60, 720), text('处理决定数量', 200, 720), text('行政许可', 60, 690), text('12', 230, 690), text('三、收到和处理政府信息公开申请情况', 60, 640));
    expect(layoutLines([lines])).toEqual(['| 信息内容 | 处理决定数量 |', '| 行政许可 | 12 |', '三、收到和处理政府信息公开申请情况']);
  });
});
