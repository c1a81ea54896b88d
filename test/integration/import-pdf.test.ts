/**
 * Issue 20, point 4, through the PDF: every example printed by the real printer (bundled
 * Chromium, bundled fonts) and read back from the PDF's text layer gives back every cell and
 * every paragraph. What a text layer cannot carry is named: a figure's caption is text like any
 * other, and a run-in heading without numbering ("改进措施：") is told from its text only by its
 * bold face.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../functions/import/adapters';
import { createChromiumPrinter, type ChromiumPrinter } from '../../functions/print/chromium';
import { createFontAssets } from '../../functions/fonts/node-assets';
import { printReport } from '../../functions/publish';
import { validateReport } from '../../functions/report';
import { EXAMPLES, loadExample } from '../helpers/examples';
import { compareImport } from '../helpers/import-compare';

const OF_2021 = [
  'overview extra: ["paragraph",null,"依申请公开办理流程"]',
  'problems paragraph missing: "改进措施：" 一是推进政策文件与解读材料同步起草、同步审签、同步发布，增加图解、问答等解读形式；二是规范依申请公开答复文书，强化法律顾',
  'problems extra: ["paragraph",null,"改进措施：一是推进政策文件与解读材料同步起草、同步审签、同步发布，增加图解、问答等解读形式；二是规范依申请公开答复文书，强化法律顾问参与审核；三是定期组织业务培训',
];
const TEXT_LAYER_LIMITS: Record<keyof typeof EXAMPLES, string[]> = { seed2020: [], consistent2021: OF_2021, violations2021: OF_2021 };

let printer: ChromiumPrinter;
beforeAll(() => {
  printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1 });
});
afterAll(async () => printer?.close());

describe.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])('%s printed and read back', (name) => {
  it('gives back every cell and every paragraph the text layer carries', async () => {
    const example = loadExample(name);
    const { pdf } = await printReport(validateReport(example).report!, printer);
    const imported = await importFile(pdf, 'report.pdf');
    const score = compareImport(imported.report, example);
    expect(score.cellsRight).toBe(score.cells);
    expect(score.misses).toEqual(TEXT_LAYER_LIMITS[name]);
    expect(imported.report).toMatchObject({ year: example.year, formatVersion: example.formatVersion });
  }, 120_000);
});
