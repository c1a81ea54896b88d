import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, parseReport, parseReportJson, problemCount, validateReport } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';

/** The first image block of a report's narrative. */
function findImage(report: unknown): Record<string, unknown> {
  const stack = [report];
  while (stack.length) {
    const value = stack.pop();
    if (value && typeof value === 'object') {
      if ((value as { type?: unknown }).type === 'image') return value as Record<string, unknown>;
      stack.push(...Object.values(value));
    }
  }
  throw new Error('the report has no image');
}

function problemsOf(input: unknown) {
  const result = parseReport(input);
  if (result.ok) throw new Error('expected problems, the report parsed');
  return result.problems;
}

describe('report schema', () => {
  it('accepts both examples as they are', () => {
    expect(parseReport(loadExample('seed2020')).ok).toBe(true);
    expect(parseReport(loadExample('consistent2021')).ok).toBe(true);
  });

  it('takes a sub-heading block with its text only, and names the three block types', () => {
    const report = loadExample('consistent2021');
    report.sections.proactive.blocks = [{ type: 'subheading', text: '（一）主动公开方面' }];
    expect(parseReport(report).ok).toBe(true);
    report.sections.proactive.blocks = [{ type: 'subheading' }, { type: 'subheading', text: '（一）', heading: '（一）' }, { type: 'list' }];
    expect(problemsOf(report)).toEqual([
      expect.objectContaining({ path: 'sections.proactive.blocks[0].text', en: 'is required' }),
      expect.objectContaining({ path: 'sections.proactive.blocks[1].heading' }),
      expect.objectContaining({ path: 'sections.proactive.blocks[2].type', en: 'type must be "paragraph", "subheading" or "image"' }),
    ]);
  });

  it('reports malformed JSON at the root instead of throwing', () => {
    const result = parseReportJson('{"year": 2021,');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ path: '', rule: 'schema' });
      expect(result.problems[0]!.en).toMatch(/^malformed JSON/);
      expect(result.problems[0]!.zh).toMatch(/^JSON 格式错误/);
    }
  });

  it('names the path of a wrong type, in Chinese and English', () => {
    const report = loadExample('consistent2021');
    report.sections.requests.table.received.naturalPerson = '86';
    expect(problemsOf(report)).toEqual([
      { path: 'sections.requests.table.received.naturalPerson', rule: 'R-5', zh: '应为整数', en: 'must be an integer' },
    ]);
  });

  it('says that a missing value is required, whatever its type would be', () => {
    const report = loadExample('consistent2021');
    delete report.sections.requests.table.received.naturalPerson;
    delete report.year;
    expect(problemsOf(report).filter((p) => ['year', 'sections.requests.table.received.naturalPerson'].includes(p.path))).toEqual([
      expect.objectContaining({ path: 'year', zh: '缺少必填项', en: 'is required' }),
      expect.objectContaining({ path: 'sections.requests.table.received.naturalPerson', zh: '缺少必填项', en: 'is required' }),
    ]);
  });

  it('names the JSON type a field must have in both languages', () => {
    const report = loadExample('consistent2021');
    report.agency.name = 5;
    report.sections.overview.blocks = {};
    expect(problemsOf(report).map(({ path, zh, en }) => [path, zh, en])).toEqual([
      ['agency.name', '应为文字（字符串）', 'must be a text (a JSON string)'],
      ['sections.overview.blocks', '应为数组（[…]）', 'must be an array ([…])'],
    ]);
  });

  it('asks for a number, not an integer, where decimals are allowed (an image width)', () => {
    const report = loadExample('seed2020');
    const image = findImage(report);
    image.widthMm = 'abc';
    expect(problemsOf(report)).toEqual([expect.objectContaining({ zh: '应为数字', en: 'must be a number' })]);
    image.widthMm = 5;
    expect(problemsOf(report)).toEqual([expect.objectContaining({ en: 'must not be less than 10' })]);
    image.widthMm = 200;
    expect(problemsOf(report)).toEqual([expect.objectContaining({ en: 'must not exceed 156' })]);
    image.widthMm = 80.5;
    expect(parseReport(report).ok).toBe(true);
  });

  it('lists at most MAX_PROBLEMS problems and counts the rest in a last one at the root', () => {
    const report = loadExample('consistent2021');
    for (let index = 0; index < MAX_PROBLEMS + 800; index++) report.agency[`extra${index}`] = 0;
    const problems = problemsOf(report);
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[0]).toMatchObject({ path: 'agency.extra0', en: expect.stringContaining('unknown field') });
    expect(problems.at(-1)).toEqual({ path: '', rule: 'schema', zh: '另有 800 个问题未列出', en: '800 more problem(s) not listed', omitted: 800 });
    expect(problemCount(problems)).toBe(MAX_PROBLEMS + 800);
  });

  it('takes years up to the last one the archive can file (2099)', () => {
    const report = loadExample('consistent2021');
    report.year = 2100;
    report.publishedOn = '2101-01-20';
    expect(problemsOf(report)).toEqual([expect.objectContaining({ path: 'year', en: 'must not exceed 2099' })]);
  });

  it('rejects negative and fractional counts as R-5, but allows a signed 本年增/减', () => {
    const report = loadExample('consistent2021');
    report.sections.reviews.table.review.upheld = -1;
    report.sections.proactive.table.licensing.decisions = 2.5;
    const problems = problemsOf(report);
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['sections.proactive.table.licensing.decisions', 'R-5'],
      ['sections.reviews.table.review.upheld', 'R-5'],
    ]);
    const seed = loadExample('seed2020');
    seed.sections.proactive.table.licensing.change = -3;
    expect(parseReport(seed).ok).toBe(true);
  });

  it('points at each unknown field, however deep', () => {
    const report = loadExample('seed2020');
    report.colour = 'red';
    report.sections.reviews.table.review.extra = 1;
    expect(problemsOf(report).map((p) => p.path)).toEqual(['sections.reviews.table.review.extra', 'colour']);
  });

  it('lists every missing section at once', () => {
    const report = loadExample('consistent2021');
    delete report.sections.problems;
    delete report.sections.other;
    delete report.sections.requests.table.results.withheld;
    const paths = problemsOf(report).map((p) => p.path);
    expect(paths).toEqual(['sections.requests.table.results.withheld', 'sections.problems', 'sections.other']);
    expect(problemsOf(report)[0]).toMatchObject({ zh: '缺少必填项', en: 'is required' });
  });

  it('rejects absurd sizes: huge counts, megabyte paragraphs, thousands of blocks, long amounts', () => {
    const report = loadExample('consistent2021');
    report.sections.reviews.table.review.total = 1e12;
    report.sections.overview.blocks[0].text = '字'.repeat(20_001);
    report.sections.problems.blocks = Array.from({ length: 1001 }, () => ({ type: 'paragraph', text: '无' }));
    report.sections.proactive.table.fees.amount.value = '1'.repeat(20);
    expect(problemsOf(report).map((p) => p.path)).toEqual([
      'sections.overview.blocks[0].text',
      'sections.proactive.table.fees.amount.value',
      'sections.reviews.table.review.total',
      'sections.problems.blocks',
    ]);
  });

  it('keeps amounts as decimal strings', () => {
    const report = loadExample('consistent2021');
    for (const bad of [385.62, '-1', '1e5', '01.5', '1.123456789', '']) {
      report.sections.proactive.table.fees.amount.value = bad;
      expect(problemsOf(report).map((p) => [p.path, p.rule])).toEqual([['sections.proactive.table.fees.amount.value', 'R-5']]);
    }
    // As printed: a real 2023 report gives its fees to six decimals (5949.088667 万元); a blank stays blank.
    for (const good of ['0.5', '5949.088667', '7730.280', null]) {
      report.sections.proactive.table.fees.amount.value = good;
      expect(parseReport(report)).toMatchObject({ ok: true, report: { sections: { proactive: { table: { fees: { amount: { value: good } } } } } } });
    }
  });

  it('accepts images only as PNG/JPEG data under the size cap, never as URLs', () => {
    const report = loadExample('seed2020');
    const image = report.sections.overview.blocks[2];
    const png = image.data;
    image.data = 'https://example.com/photo.png';
    expect(problemsOf(report)[0]).toMatchObject({ path: 'sections.overview.blocks[2].data' });
    image.data = png;
    image.mediaType = 'image/jpeg';
    expect(problemsOf(report)[0]).toMatchObject({ path: 'sections.overview.blocks[2].data', en: 'data is not a image/jpeg image' });
    image.mediaType = 'image/gif';
    expect(problemsOf(report)[0]).toMatchObject({ path: 'sections.overview.blocks[2].mediaType' });
    image.mediaType = 'image/png';
    image.data = 'A'.repeat(3 * 1024 * 1024);
    expect(problemsOf(report)[0]).toMatchObject({ path: 'sections.overview.blocks[2].data', en: 'image is too large (limit 2 MiB)' });
  });

  it('rejects control characters and bidirectional overrides in text', () => {
    const report = loadExample('seed2020');
    report.sections.other.blocks[0].text = '无\u0000';
    report.sections.problems.blocks[0].text = 'abc\u202Edef';
    expect(problemsOf(report).map((p) => p.path)).toEqual(['sections.problems.blocks[0].text', 'sections.other.blocks[0].text']);
  });

  it('rejects a text that prints as nothing: zero-width, direction marks, tag characters, blanks', () => {
    const invisible = ['\u200B', '\u200E\u200F', '\u061C', '\u{E0041}\u{E0042}\u{E007F}', '\uFEFF \u2060', '\u3000\u2800', '\u00AD\u034F\uFE0F', '\u3164'];
    for (const text of invisible) {
      const report = loadExample('seed2020');
      report.sections.problems.blocks[0].text = text;
      expect(problemsOf(report), JSON.stringify(text)).toEqual([{ path: 'sections.problems.blocks[0].text', rule: 'schema', zh: '不能只有空白或不可见字符', en: 'must not be blank or only invisible characters' }]);
    }
    const report = loadExample('seed2020');
    report.agency.name = '宿迁市\u200B残疾人联合会'; // an invisible character among visible ones is the author's business
    expect(parseReport(report).ok).toBe(true);
  });

  it('rejects agency ids that are device names on Windows, naming them', () => {
    for (const id of ['con', 'nul', 'aux', 'prn', 'com1', 'com9', 'com0', 'lpt1', 'lpt9']) {
      const report = loadExample('seed2020');
      report.agency.id = id;
      const problems = problemsOf(report);
      expect(problems.map((p) => p.path), id).toEqual(['agency.id']);
      expect(problems[0]!.en).toContain('device name reserved on Windows (con, prn, aux, nul, com0–com9, lpt0–lpt9)');
    }
    for (const id of ['con-1', 'console', 'com10', 'nul0', 'auxiliary', 'lpt']) {
      const report = loadExample('seed2020');
      report.agency.id = id;
      expect(parseReport(report).ok, id).toBe(true);
    }
  });

  it('rejects agency ids that are not key-safe', () => {
    for (const id of ['../etc', 'a/b', 'A', 'suqian_cdpf', '-x', 'x-', 'a'.repeat(65), '宿迁', 'ａｂｃ', 'a\u0000b']) {
      const report = loadExample('seed2020');
      report.agency.id = id;
      expect(problemsOf(report).map((p) => p.path)).toEqual(['agency.id']);
    }
  });

  it('decides the format version by the year, and says why when the report declares the other one', () => {
    const report2020 = loadExample('seed2020');
    report2020.formatVersion = '2021';
    const problems = problemsOf(report2020);
    const version = problems.find((p) => p.path === 'formatVersion')!;
    expect(version.zh).toContain('2020年度报告应使用2019年试行格式');
    expect(version.en).toContain('formatVersion must be "2019", not "2021"');

    const report2021 = loadExample('consistent2021');
    report2021.year = 2020;
    report2021.publishedOn = '2021-01-20';
    expect(problemsOf(report2021)).toEqual([expect.objectContaining({ path: 'formatVersion', en: expect.stringContaining('must be "2019", not "2021"') })]);

    const labelledOld = loadExample('consistent2021');
    labelledOld.formatVersion = '2019';
    expect(problemsOf(labelledOld)).toEqual([expect.objectContaining({ path: 'formatVersion', en: expect.stringContaining('must be "2021", not "2019"') })]);
    labelledOld.sections.reviews.table.review.total = -1;
    expect(problemsOf(labelledOld).map((p) => p.path)).toEqual(['formatVersion', 'sections.reviews.table.review.total']);

    const undeclared = loadExample('consistent2021');
    delete undeclared.formatVersion;
    undeclared.sections.reviews.table.review.total = -1;
    expect(problemsOf(undeclared).map((p) => p.path)).toEqual(['formatVersion', 'sections.reviews.table.review.total']);
    expect(problemsOf(undeclared)[0]).toMatchObject({ path: 'formatVersion', en: expect.stringContaining('"2019"') });
  });

  it('rejects a publication date before the reporting year ends, and impossible dates', () => {
    const report = loadExample('consistent2021');
    report.publishedOn = '2021-12-31';
    expect(problemsOf(report)).toEqual([expect.objectContaining({ path: 'publishedOn', en: expect.stringContaining('2022-01-01') })]);
    report.publishedOn = '2022-02-30';
    expect(problemsOf(report).map((p) => p.path)).toEqual(['publishedOn']);
  });

  it('says an empty text is empty, once, and a text of invisible characters is blank', () => {
    const report = loadExample('consistent2021');
    report.introduction[0].text = '';
    expect(problemsOf(report).map((p) => [p.path, p.en])).toEqual([['introduction[0].text', 'must not be empty']]);
    report.introduction[0].text = '\u200b ';
    expect(problemsOf(report).map((p) => [p.path, p.en])).toEqual([['introduction[0].text', 'must not be blank or only invisible characters']]);
  });

  it('rejects acknowledging one violation twice, and an acknowledgement that names no cell', () => {
    const report = loadExample('consistent2021');
    const ack = { rule: 'R-4', cell: 'sections.reviews.table.review.total', expected: 3, found: 2 };
    report.acknowledgements = [{ ...ack, reason: '按原文存档' }, { ...ack, reason: '重复' }];
    expect(problemsOf(report).map((p) => p.path)).toEqual(['acknowledgements[1].cell']);
    report.acknowledgements = [{ rule: 'R-4', reason: '按原文存档' }];
    expect(problemsOf(report).map((p) => p.path)).toEqual(['acknowledgements[0].cell', 'acknowledgements[0].expected', 'acknowledgements[0].found']);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const outcome = validateReport(value);
        expect(outcome.ok).toBe(false);
        expect(outcome.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string(), (text) => void parseReportJson(text)), { numRuns: 300 });
  });
});
