/**
 * The English half of every message is English: reports broken in every way the checks know
 * (schema, each arithmetic rule, the format version, cross-year, printed labels, figures quoted in
 * the text, JSON syntax)
 * give `en` texts with no Chinese in them, except what they quote from the report between
 * double quotes (a printed label, a character the fonts lack).
 */
import { describe, expect, it } from 'vitest';
import { numbersOf, parseJsonText, parseReport, validateReport, type Problem } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';

const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const unquoted = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"/g, '""');

function everyMessage(): Problem[] {
  const violations = validateReport(loadExample('violations2021'));
  const wrongVersion = validateReport({ ...loadExample('consistent2021'), formatVersion: '2019' });
  const broken = validateReport({ ...loadExample('consistent2021'), year: 'last year', agency: { id: 'Bad Id' }, contact: 3, extra: true });
  const previous = parseReport(loadExample('consistent2021'));
  if (!previous.ok) throw new Error('the 2021 example is valid');
  const crossYear = validateReport({ ...loadExample('consistent2021'), year: 2022, publishedOn: '2023-01-20' }, { previous: numbersOf(previous.report) });
  const seed = validateReport(loadExample('seed2020'));
  const saying = loadExample('consistent2021');
  saying.sections.overview.blocks[2].text = saying.sections.overview.blocks[2].text.replace('全年新收政府信息公开申请105件', '全年新收政府信息公开申请十七件').replace('办结105件', '办结104件');
  const prose = validateReport(saying);
  const malformed = parseJsonText('{\n "a": tru\n}');
  return [
    ...[violations, wrongVersion, broken, crossYear, seed, prose].flatMap((v) => [...v.errors, ...v.warnings, ...v.acknowledged]),
    ...(malformed.ok ? [] : [malformed.problem]),
  ];
}

describe('English messages', () => {
  it('hold no Chinese outside what they quote', () => {
    const problems = everyMessage();
    expect(new Set(problems.map((p) => p.rule))).toEqual(new Set(['R-1', 'R-2', 'R-3', 'R-4', 'schema', 'X-1', 'X-2', 'label', 'P']));
    for (const { path, en } of problems) expect(unquoted(en), `${path}: ${en}`).not.toMatch(CHINESE);
  });
});
