/** Run-in heading levels from their numbering (docs/format.md §7) and the printed forms of values. */
import { describe, expect, it } from 'vitest';
import { runInLevel } from '../../../functions/render/blocks';
import { formatAmount, formatChineseDate } from '../../../functions/render/formatting';
import { processingFeesSentence } from '../../../functions/render/view';

describe('runInLevel', () => {
  it.each([
    ['一、总体情况', '1'],
    ['十二、其他', '1'],
    ['（一）组织业务培训。', '2'],
    ['(三)强化制度保障。', '2'],
    ['1.进一步公开质量尚需提升。', '3'],
    ['12．提升', '3'],
    ['1、申请人', '3'],
    ['（2）提升公开质量。', '4'],
    ['(6)强化舆论监督。', '4'],
    ['改进措施：', 'unnumbered'],
    ['2021年工作', 'unnumbered'],
  ])('%s → level %s', (heading, level) => {
    expect(runInLevel(heading)).toBe(level);
  });
});

describe('printed values', () => {
  it('writes dates as the format does: full year, no leading zeros', () => {
    expect(formatChineseDate('2021-01-28')).toBe('2021年1月28日');
    expect(formatChineseDate('2022-12-05')).toBe('2022年12月5日');
  });

  it('prints an amount with its unit unless the column header states the unit', () => {
    expect(formatAmount({ value: '251000', unit: '元' }, '采购总金额')).toBe('251000元');
    expect(formatAmount({ value: '0' }, '采购总金额')).toBe('0');
    expect(formatAmount({ value: '96171.6', unit: '万元' }, '本年收费金额（单位：万元）')).toBe('96171.6');
  });

  it('phrases the 信息处理费 of section 六 from its figures', () => {
    expect(processingFeesSentence({ amount: { value: '0.00', unit: '元' } })).toBe('本年度未收取政府信息公开信息处理费。');
    expect(processingFeesSentence({ amount: { value: '3940', unit: '元' } })).toBe('本年度收取政府信息公开信息处理费3940元。');
    expect(processingFeesSentence({ notices: 0, amount: { value: '100', unit: '元' } })).toBe('本年度收取政府信息公开信息处理费100元。');
    expect(processingFeesSentence({ notices: 2, amount: { value: '200', unit: '元' } })).toBe('本年度对2件政府信息公开申请收取信息处理费，共计200元。');
  });
});
