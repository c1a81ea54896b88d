/**
 * The workspace's report model (functions/workspace/model.ts), outside the browser: a blank start
 * in the format of its year that the server's own validator takes once its texts are written, and
 * dates typed as people write them.
 */
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../../functions/report';
import { blankReport, dateValue } from '../../../functions/workspace/model';

/** The blank report with its required texts written: what is left are the blank cells. */
function written(year: number) {
  const report = blankReport(year, { id: 'jianghai-nrp', name: '江海市自然资源和规划局' });
  return JSON.parse(JSON.stringify(report), (key, value) => (key === 'text' && value === '' ? '本段已填写。' : value));
}

describe('a blank start', () => {
  it.each([
    [2019, '2019'],
    [2020, '2019'],
    [2021, '2021'],
    [2030, '2021'],
  ])('for %i is in the %s format, and valid once its texts are written: every cell blank, only blank warnings', (year, format) => {
    const validation = validateReport(written(year));
    expect(validation.errors).toEqual([]);
    expect(validation.report?.formatVersion).toBe(format);
    expect(new Set(validation.warnings.map((w) => w.rule))).toEqual(new Set(['blank']));
  });

  it('has the 2019 format’s tables in 2020: section 二 by its own rows and columns, （六）其他处理 one row', () => {
    const report = written(2020);
    expect(report.sections.proactive.table.licensing).toEqual({ previousYear: null, change: null, decisions: null });
    expect(report.sections.proactive.table.procurement).toEqual({ projects: null, amount: { value: null } });
    expect(Object.keys(report.sections.requests.table.results.other)).toContain('naturalPerson');
    expect(Object.keys(written(2021).sections.requests.table.results.other)).toEqual(['noCorrection', 'unpaidFees', 'other']);
  });
});

describe('dateValue', () => {
  it.each([
    ['2024-01-20', '2024-01-20'],
    ['2024/1/20', '2024-01-20'],
    ['2024.1.5', '2024-01-05'],
    ['2024年1月20日', '2024-01-20'],
    ['２０２４年１月２０日', '2024-01-20'],
    [' 2024 年 1 月 20 日 ', '2024-01-20'],
    ['', null],
    ['  ', null],
    ['一月二十日', '一月二十日'],
    ['2024-13', '2024-13'],
  ])('reads %j as %j', (typed, kept) => {
    expect(dateValue(typed)).toBe(kept);
  });
});
