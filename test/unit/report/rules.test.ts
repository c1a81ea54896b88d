import { describe, expect, it } from 'vitest';
import { checkRules, numbersOf, parseReport, validateReport, type Report } from '../../../functions/report';
import { acknowledgementsOf, loadExample } from '../../helpers/examples';

function parsed(raw: unknown): Report {
  const result = parseReport(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.report;
}

const T = 'sections.requests.table';

describe('R-1 (本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理, per column)', () => {
  it('holds on the consistent example and breaks when a carried-forward cell moves alone with its row total; the 总计 column, which only adds it up, is not reported again', () => {
    const raw = loadExample('consistent2021');
    expect(checkRules(parsed(raw)).violations).toEqual([]);
    raw.sections.requests.table.carriedForward.research += 1;
    raw.sections.requests.table.carriedForward.total += 1;
    expect(checkRules(parsed(raw)).violations).toEqual([
      expect.objectContaining({
        rule: 'R-1',
        path: `${T}.results.total.research`,
        paths: [`${T}.received.research`, `${T}.carriedOver.research`, `${T}.results.total.research`, `${T}.carriedForward.research`],
        expected: 1,
        found: 2,
      }),
    ]);
  });
});

describe('R-2 (总计 = 各类申请人之和, per row)', () => {
  it('breaks on a row whose total disagrees, and names all seven cells', () => {
    const raw = loadExample('seed2020');
    raw.sections.requests.table.results.notProcessed.repeated.legal = 1;
    const violations = checkRules(parsed(raw)).violations;
    expect(violations.map((v) => [v.rule, v.path])).toEqual([
      ['R-2', `${T}.results.notProcessed.repeated.total`],
      ['R-3', `${T}.results.total.legal`],
    ]);
    const r2 = violations[0]!;
    expect(r2.paths).toHaveLength(7);
    expect(r2).toMatchObject({ expected: 1, found: 0 });
    expect(r2.zh).toContain('「重复申请」行');
    expect(r2.en).toContain('section 3, row results.notProcessed.repeated: ');
  });
});

describe('R-3 (（七）总计 = （一）至（六）之和, per column)', () => {
  it('counts the three sub-items of （六） in the 2021 format', () => {
    const raw = loadExample('consistent2021');
    raw.sections.requests.table.results.other.unpaidFees.other = 2;
    raw.sections.requests.table.results.other.unpaidFees.total = 2;
    expect(checkRules(parsed(raw)).violations.map((v) => [v.rule, v.path, v.expected, v.found])).toEqual([
      ['R-3', `${T}.results.total.other`, 5, 3],
    ]);
  });

  it('counts the single （六） row in the 2019 format', () => {
    const raw = loadExample('seed2020');
    const table = raw.sections.requests.table;
    table.results.other.naturalPerson = 1;
    table.results.other.total = 1;
    expect(checkRules(parsed(raw)).violations.map((v) => [v.rule, v.path])).toEqual([
      ['R-3', `${T}.results.total.naturalPerson`],
    ]);
    table.results.total.naturalPerson = 1;
    table.results.total.total = 1;
    table.received.naturalPerson = 1;
    table.received.total = 1;
    expect(checkRules(parsed(raw)).violations).toEqual([]);
  });
});

describe('R-4 (复议/诉讼 总计 = 维持 + 纠正 + 其他 + 尚未审结, per group)', () => {
  it('breaks per group', () => {
    const raw = loadExample('consistent2021');
    raw.sections.reviews.table.litigationAfterReview.pending = 2;
    expect(checkRules(parsed(raw)).violations).toEqual([
      expect.objectContaining({
        rule: 'R-4',
        path: 'sections.reviews.table.litigationAfterReview.total',
        expected: 3,
        found: 1,
        zh: expect.stringContaining('复议后起诉'),
        en: expect.stringContaining('litigation after review'),
      }),
    ]);
  });
});

describe('the violations example', () => {
  it('reports every planted violation and nothing else', () => {
    const outcome = validateReport(loadExample('violations2021'));
    expect(outcome.ok).toBe(false);
    expect(outcome.errors.map((e) => [e.rule, e.path])).toEqual([
      ['R-1', `${T}.results.total.naturalPerson`],
      ['R-2', `${T}.results.granted.total`],
      ['R-2', `${T}.results.partiallyGranted.total`],
      ['R-3', `${T}.results.total.commercial`],
      ['R-4', 'sections.reviews.table.litigationDirect.total'],
    ]);
    expect(outcome.warnings).toEqual([]);
  });
});

describe('acknowledgements', () => {
  const reason = '按原发布版本存档';
  const acknowledging = (rules: string[]) => acknowledgementsOf(loadExample('violations2021'), rules);

  it('let a historical report be archived with exactly the violations it was published with', () => {
    const raw = loadExample('violations2021');
    raw.acknowledgements = acknowledging(['R-2', 'R-4']);
    const outcome = validateReport(raw);
    expect(outcome.errors.map((e) => e.rule)).toEqual(['R-1', 'R-3']);
    expect(outcome.acknowledged.map((e) => [e.rule, e.path])).toEqual([
      ['R-2', `${T}.results.granted.total`],
      ['R-2', `${T}.results.partiallyGranted.total`],
      ['R-4', 'sections.reviews.table.litigationDirect.total'],
    ]);
    expect(outcome.report?.acknowledgements).toEqual(raw.acknowledgements);

    raw.acknowledgements = acknowledging(['R-1', 'R-2', 'R-3', 'R-4']);
    expect(validateReport(raw)).toMatchObject({ ok: true, errors: [], warnings: [] });
  });

  it('do not cover a new violation of the same rule elsewhere', () => {
    const raw = loadExample('violations2021');
    raw.acknowledgements = acknowledging(['R-1', 'R-2', 'R-3', 'R-4']);
    raw.sections.reviews.table.review.pending += 1;
    const outcome = validateReport(raw);
    expect(outcome.ok).toBe(false);
    expect(outcome.errors.map((e) => [e.rule, e.path])).toEqual([['R-4', 'sections.reviews.table.review.total']]);
    expect(outcome.acknowledged).toHaveLength(5);
  });

  it('do not cover the same cell once its figures change, and say what they now are', () => {
    const raw = loadExample('violations2021');
    raw.acknowledgements = acknowledging(['R-4']);
    raw.sections.reviews.table.litigationDirect.upheld += 2;
    const outcome = validateReport(raw);
    expect(outcome.errors.some((e) => e.rule === 'R-4' && e.path === 'sections.reviews.table.litigationDirect.total')).toBe(true);
    expect(outcome.warnings).toEqual([expect.objectContaining({ path: 'acknowledgements[0]', rule: 'ack', zh: expect.stringContaining('该处现为') })]);
  });

  it('warn when they match no violation of the report', () => {
    const raw = loadExample('consistent2021');
    raw.acknowledgements = [{ rule: 'R-4', cell: 'sections.reviews.table.review.total', expected: 3, found: 2, reason }];
    const outcome = validateReport(raw);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings).toEqual([expect.objectContaining({ path: 'acknowledgements[0]', rule: 'ack' })]);
  });
});

describe('cross-year checks (warnings)', () => {
  const lastYear = () => {
    const raw = loadExample('consistent2021');
    raw.year = 2022;
    raw.publishedOn = '2023-01-20';
    return raw;
  };

  it('X-1 and X-2: compare with last year’s 结转下年度继续办理 and 现行有效件数', () => {
    const previous = numbersOf(parsed(loadExample('consistent2021')));
    const outcome = validateReport(lastYear(), { previous });
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings.map((w) => [w.rule, w.path, w.expected, w.found])).toEqual([
      ['X-1', `${T}.carriedOver.naturalPerson`, 4, 5],
      ['X-1', `${T}.carriedOver.legal`, 1, 0],
      ['X-2', 'sections.proactive.table.normativeDocuments.inForce', 28, 27],
    ]);
    expect(outcome.warnings[0]!.zh).toContain('与上年报告“结转下年度继续办理”的 4 不一致');

    const matching = { ...previous, carriedForward: { naturalPerson: 5, commercial: 1, research: 0, nonProfit: 0, legal: 0, other: 0, total: 6 }, normativeDocuments: { inForce: 26 } };
    expect(validateReport(lastYear(), { previous: matching }).warnings).toEqual([]);
  });

  it('skips with a warning when the previous numbers are not last year’s', () => {
    const previous = numbersOf(parsed(loadExample('consistent2021')));
    const outcome = validateReport(loadExample('consistent2021'), { previous });
    expect(outcome.warnings).toEqual([expect.objectContaining({ rule: 'X-1', en: expect.stringContaining('not 2020') })]);
  });
});
