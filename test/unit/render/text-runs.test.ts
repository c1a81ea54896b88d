/** Where the renderer holds a line together inside running text (functions/render/text-runs.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textRuns, type TextRun } from '../../../functions/render/text-runs';

/** The runs as one string: a kept run in [brackets], a permitted break as "|". */
const marked = (runs: TextRun[]) => runs.map((run) => (run.keep ? `[${run.text}]` : run.text) + (run.breakAfter ? '|' : '')).join('');

describe('textRuns', () => {
  it.each([
    ['统计期限自2020年1月1日起至2020年12月31日止。', '统计期限自[2020年1月1日]起至[2020年12月31日]止。'],
    ['2019年全年，今年8月份，8月25日，25日', '[2019年]全年，今年[8月]份，[8月25日]，[25日]'],
    ['成文于二〇二一年一月二十六日。', '成文于[二〇二一年一月二十六日]。'],
    ['2025 年，截至 2025 年 12 月 31 日', '[2025 年]，截至 [2025 年 12 月 31 日]'],
    ['联系电话：0527—84357118，0513-85100000，（0527）84357118', '联系电话：[0527—84357118]，[0513-85100000]，[（0527）84357118]'],
    ['电子邮箱：zrzyj@jianghai-nrp.example.cn）。', '电子邮箱：[zrzyj@jianghai-nrp.example.cn]）。'],
    ['共１２３４５件', '共[１２３４５]件'],
  ])('keeps the dates, phone numbers, e-mail addresses and full-width figures of %s whole', (text, expected) => {
    expect(marked(textRuns(text))).toBe(expected);
  });

  it('leaves runs of ASCII digits and letters to the line breaker, which never splits them', () => {
    expect(textRuns('第24期，385.62万元，100%，12345平台，5949.088667')).toEqual([{ text: '第24期，385.62万元，100%，12345平台，5949.088667', keep: false, breakAfter: false }]);
  });

  it('cuts a URL into pieces kept whole, a break allowed only after "/", ".", "?" and "&"', () => {
    expect(marked(textRuns('详见http://zrzyj.jianghai.example.cn/xxgk/index.html?id=3&page=2。'))).toBe(
      '详见[http://]|[zrzyj.]|[jianghai.]|[example.]|[cn/]|[xxgk/]|[index.]|[html?]|[id=3&]|[page=2]。',
    );
    expect(marked(textRuns('网站（www.suqian.gov.cn）'))).toBe('网站（[www.]|[suqian.]|[gov.]|[cn]）');
    expect(marked(textRuns('（http://www. Suqian.gov.cn）'))).toBe('（[http://]|[www]. [Suqian.]|[gov.]|[cn]）');
  });

  it('keeps nothing longer than a line, which would stand out of the type area', () => {
    const longPiece = `${'a'.repeat(47)}.`;
    expect(marked(textRuns(`见http://x.cn/${longPiece}pdf`))).toBe(`见[http://]|[x.]|[cn/]|${longPiece}|[pdf]`);
    expect(textRuns(`${'a'.repeat(46)}@x.cn`)).toEqual([{ text: `${'a'.repeat(46)}@x.cn`, keep: false, breakAfter: false }]);
  });

  it('gives back the text unchanged, whatever it is', () => {
    const pieces = fc.constantFrom('2019年', '1月', '0527—', '84357118', '-', '@', 'a.cn', '/', '?', '&', 'http://', 'www.', '年', '，', '．', '１', ' ', 'x');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const runs = textRuns(text);
        expect(runs.map((run) => run.text).join('')).toBe(text);
        expect(runs.every((run) => run.text.length > 0)).toBe(true);
      }),
    );
  });
});
