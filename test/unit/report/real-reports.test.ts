/**
 * Real published reports (test/fixtures/real): each is where its SOURCE.md says it comes from,
 * its JSON holds the source's text, and the rules give it the verdict it deserves as published:
 * blanks never make an error, misprinted labels are warnings, and the one table that does not
 * add up fails where it fails.
 */
import { describe, expect, it } from 'vitest';
import { validateReport, type Block, type Report } from '../../../functions/report';
import { compact } from '../../helpers/pdf-reading';
import { realReports } from '../../helpers/real-reports';

const REPORTS = realReports();
const bySlug = (slug: string) => REPORTS.find((r) => r.slug === slug)!;

/** Every text the narrative prints: headings, paragraphs, captions. */
function narrativeTexts(report: Report): string[] {
  const blocks: Block[] = [report.introduction, ...Object.values(report.sections).map((section) => section.blocks)].flat();
  return blocks.flatMap((block) => {
    if (block.type === 'image') return block.caption ? [block.caption] : [];
    if (block.type === 'paragraph') return [block.heading, block.text].filter((text): text is string => text !== undefined);
    return [block.text];
  });
}

describe('the corpus of real reports', () => {
  it('holds both formats, several agencies, blank cells and prose that contradicts its tables', () => {
    const reports = REPORTS.map((r) => r.json());
    expect(REPORTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(reports.map((r) => r.formatVersion))).toEqual(new Set(['2019', '2021']));
    expect(new Set(reports.map((r) => r.agency.name)).size).toBeGreaterThanOrEqual(8);
    expect(reports.some((r) => JSON.stringify(r.sections).includes(':null'))).toBe(true);
    expect(REPORTS.some((r) => r.disagreements.length > 0)).toBe(true);
  });

  describe.each(REPORTS.map((r) => [r.slug, r] as const))('%s', (_, real) => {
    it('names where it was published and retrieved', () => {
      expect(real.sourceNotes).toMatch(/github\.com|GitHub|https?:\/\//);
      expect(real.sourceNotes).toContain('2026-12-07');
    });

    it('is valid as published, every violation it was published with acknowledged cell by cell', () => {
      const validation = validateReport(real.json());
      expect(validation.errors).toEqual([]);
      expect(validation.acknowledged).toHaveLength(real.json().acknowledgements?.length ?? 0);
    });

    it('holds the source’s title and every paragraph verbatim, in order', () => {
      const report = validateReport(real.json()).report!;
      const source = compact(real.sourceText);
      let from = 0;
      for (const text of narrativeTexts(report)) {
        const at = source.indexOf(compact(text), from);
        expect(at, `${text.slice(0, 40)}… in the source after offset ${from}`).toBeGreaterThanOrEqual(0);
        from = at;
      }
      for (const line of report.title ?? []) expect(source).toContain(compact(line));
    });
  });
});

describe('verdicts on real reports', () => {
  it('2019, 上海市人民政府办公厅: 135 blank cells, not one error; each blank 总计 warned with the value it would have', () => {
    const validation = validateReport(bySlug('shanghai-gov-office-2019').json());
    expect(validation.ok).toBe(true);
    const blanks = validation.warnings.filter((w) => w.rule === 'blank');
    expect(blanks).toHaveLength(135);
    // （一）予以公开 prints 258 | 12 | – | – | 1 | 1 and leaves its 总计 blank.
    expect(blanks).toContainEqual(expect.objectContaining({ path: 'sections.requests.table.results.granted.total', expected: 272, zh: '空白；按 R-2 应为 272，未作核对' }));
    expect(blanks.filter((w) => w.zh.startsWith('空白，按 0 计；如为零'))).not.toHaveLength(0);
  });

  it('2020, 平潭综合实验区管委会: （七）总计 prints 20 where its items add up to 26, and that alone fails', () => {
    const raw = bySlug('pingtan-gwh-2020').json();
    delete raw.acknowledgements;
    const validation = validateReport(raw);
    expect(validation.errors.map((e) => [e.rule, e.path, e.expected, e.found])).toEqual([['R-3', 'sections.requests.table.results.total.naturalPerson', 26, 20]]);
  });

  it('2021, 平潭综合实验区公安局: one application counted as handled and carried forward breaks R-1, acknowledged; a misprinted column head is a warning', () => {
    const validation = validateReport(bySlug('pingtan-gaj-2021').json());
    expect(validation.acknowledged.map((e) => [e.rule, e.path])).toEqual([['R-1', 'sections.requests.table.results.total.naturalPerson']]);
    expect(validation.warnings).toContainEqual(expect.objectContaining({ rule: 'label', path: 'printedLabels.proactive.column.rules.repealed', found: '本年废纸件数', expected: '本年废止件数' }));
  });

  it('2023, 沭阳县发展和改革局: every 法人或其他组织 cell blank, read as 0, no error', () => {
    const validation = validateReport(bySlug('shuyang-fgj-2023').json());
    expect(validation.ok).toBe(true);
    expect(validation.warnings.filter((w) => w.rule === 'blank')).toHaveLength(125);
  });

  it('2023, 平潭综合实验区: its fee printed to six decimals is kept as printed', () => {
    const validation = validateReport(bySlug('pingtan-2023').json());
    expect(validation.report?.sections.proactive.table.fees).toEqual({ amount: { value: '5949.088667', unit: '万元' } });
  });
});
