/**
 * Issue 20, point 4: the printer and the importer agree. Every example, printed to HTML by the
 * real templates and read back, gives back every cell, every paragraph and sub-heading (images
 * are not text and are left out), and the labels it printed as published.
 */
import { describe, expect, it } from 'vitest';
import { importLines } from '../../../functions/import';
import { htmlLines } from '../../../functions/import/adapters/html';
import { renderHtml } from '../../../functions/render/html';
import { validateReport } from '../../../functions/report';
import { EXAMPLES, loadExample } from '../../helpers/examples';
import { compareImport } from '../../helpers/import-compare';

describe.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])('%s', (name) => {
  const example = loadExample(name);
  const { report } = validateReport(example);
  const imported = importLines(htmlLines(renderHtml(report!)));

  it('gives back every cell and every paragraph, and nothing else', () => {
    const score = compareImport(imported.report, example);
    expect(score.misses).toEqual([]);
    expect(score.cellsRight).toBe(score.cells);
    expect(score.paragraphsFound).toBe(score.paragraphs);
  });

  it('gives back the year, format, agency, title, 落款 and labels as printed, with nothing for a person', () => {
    expect(imported.report).toMatchObject({ year: example.year, formatVersion: example.formatVersion });
    // The name as the title prints it (the seed's title names 宿迁市残疾人工作联合会).
    expect((imported.report.agency as { name: string }).name).toBe(example.title?.[0] ?? example.agency.name);
    expect(imported.report.title).toEqual(example.title ?? [example.agency.name, `${example.year}年政府信息公开工作年度报告`]);
    expect(imported.report.signature).toEqual(example.signature);
    expect(imported.report.printedLabels).toEqual(example.printedLabels);
    expect(imported.summary.needsPerson).toEqual([]);
    expect(imported.summary.unplaced).toEqual([]);
    expect(imported.summary.cellsRead).toBe(imported.summary.cellsExpected);
  });
});
