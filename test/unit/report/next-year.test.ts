/**
 * A new year's draft from last year's report (issue 20, point 3): carried figures filled in,
 * everything else blank for the author, and valid as it stands.
 */
import { describe, expect, it } from 'vitest';
import { APPLICANT_COLUMNS, nextYearDraft, numbersOf, validateReport, type Report } from '../../../functions/report';
import { realReports } from '../../helpers/real-reports';
import { parsedExample } from '../render/html-reading';

const real = (slug: string) => validateReport(realReports().find((r) => r.slug === slug)!.json()).report!;
const cellsOf = (value: unknown): unknown[] =>
  value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, child]) => (key === 'unit' ? [] : cellsOf(child))) : [value];

describe('a new year’s draft', () => {
  it('from a 2021-format report: 上年结转 and 现行有效件数 carried, every other cell blank, valid and consistent with last year', () => {
    const previous = parsedExample('consistent2021');
    const draft = nextYearDraft(previous) as any;
    expect(draft).toMatchObject({ formatVersion: '2021', year: 2022, agency: previous.agency });
    expect(draft.publishedOn).toBeUndefined();
    expect(draft.acknowledgements).toBeUndefined();
    expect(draft.sections.requests.table.carriedOver).toEqual(previous.sections.requests.table.carriedForward);
    expect(draft.sections.proactive.table.normativeDocuments).toEqual({ issued: null, repealed: null, inForce: 27 });
    const { carriedOver, ...rest } = draft.sections.requests.table;
    expect(new Set(cellsOf(rest))).toEqual(new Set([null]));
    expect(new Set(cellsOf(draft.sections.reviews.table))).toEqual(new Set([null]));
    expect(draft.sections.overview).toEqual(previous.sections.overview);

    const validation = validateReport(draft, { previous: numbersOf(previous) });
    expect(validation.errors).toEqual([]);
    expect(validation.warnings.filter((w) => w.rule.startsWith('X-'))).toEqual([]);
    expect(validation.warnings.filter((w) => w.rule === 'blank').length).toBeGreaterThan(150);
  });

  it('from a 2020 report in the 2019 format: a 2021 draft in the 2021 format, （六） in its three rows', () => {
    const previous = parsedExample('seed2020');
    const draft = nextYearDraft(previous) as any;
    expect(draft).toMatchObject({ formatVersion: '2021', year: 2021, title: ['宿迁市残疾人工作联合会', '2021年政府信息公开工作年度报告'] });
    expect(Object.keys(draft.sections.requests.table.results.other)).toEqual(['noCorrection', 'unpaidFees', 'other']);
    expect(draft.sections.proactive.table.rules).toEqual({ issued: null, repealed: null, inForce: null });
    expect(validateReport(draft).errors).toEqual([]);
  });

  it('from a 2019 report: a 2020 draft whose 上一年项目数量 is last year’s count and change', () => {
    const previous = real('pingtan-gwh-2019');
    const draft = nextYearDraft(previous) as any;
    expect(draft.formatVersion).toBe('2019');
    const last = previous.sections.proactive.table as Extract<Report['sections']['proactive']['table'], { licensing: { previousYear: unknown } }>;
    expect(draft.sections.proactive.table.licensing).toEqual({ previousYear: last.licensing.previousYear! + last.licensing.change!, change: null, decisions: null });
    expect(validateReport(draft).errors).toEqual([]);
  });

  it('carries each 上年结转 cell the agency then published: 平潭综合实验区 2023 → 2024', () => {
    const draft = nextYearDraft(real('pingtan-2023')) as any;
    const published = real('pingtan-2024');
    for (const column of APPLICANT_COLUMNS) {
      expect(draft.sections.requests.table.carriedOver[column.key], column.label).toBe(published.sections.requests.table.carriedOver[column.key]);
    }
  });
});
