/**
 * Characters the bundled fonts cannot print are refused at validation, with the field's path and
 * the characters named in both languages, and the table they are judged by (_printable.ts) is
 * exactly what scripts/gen-printable.ts reads from the fonts now.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../../../functions/report';
import { unprintableCharacters } from '../../../functions/report/printable';
import { GENERATED_PRINTABLE, generatePrintableModule } from '../../../scripts/gen-printable';
import { loadExample } from '../../helpers/examples';

describe('the generated table of printable characters', () => {
  it('is up to date with the bundled fonts (run `npm run gen` after changing a face)', async () => {
    expect(await readFile(GENERATED_PRINTABLE, 'utf8')).toBe(await generatePrintableModule());
  });
});

describe('unprintableCharacters', () => {
  it('passes Chinese text with the punctuation, symbols and spacing of official documents', () => {
    expect(unprintableCharacters('年度报告，。、；：“”（）《》〔〕【】…—·　①Ⅱ℃％¥≤㎡\tA-z 0-9\n')).toEqual([]);
  });

  it('names each character the faces lack once, in order, and ignores what is never drawn', () => {
    expect(unprintableCharacters('名单：Ա𠀀😀Ա\u200b\ufe0f\u00ad')).toEqual(['Ա', '𠀀', '😀']);
  });
});

describe('validating a report with characters the fonts lack', () => {
  it('refuses the field with its path and the characters named in Chinese and English', () => {
    const report = loadExample('seed2020');
    report.agency.name = '宿迁市残疾人联合会😀';
    report.sections.overview.blocks[0].text += ' 𠀀一二三四五六ԱԲԳԴԵԶ';
    const { ok, errors } = validateReport(report);
    expect(ok).toBe(false);
    expect(errors).toEqual([
      { path: 'agency.name', rule: 'schema', zh: '含有内置字体无法打印的字符：「😀」（U+1F600）', en: 'contains characters the bundled fonts cannot print: "😀" (U+1F600)' },
      {
        path: 'sections.overview.blocks[0].text',
        rule: 'schema',
        zh: '含有内置字体无法打印的字符：「𠀀」（U+20000）、「Ա」（U+0531）、「Բ」（U+0532）、「Գ」（U+0533）、「Դ」（U+0534）等',
        en: 'contains characters the bundled fonts cannot print: "𠀀" (U+20000), "Ա" (U+0531), "Բ" (U+0532), "Գ" (U+0533), "Դ" (U+0534), …',
      },
    ]);
  });

  it("accepts them in an image's alternative text, which is never drawn", () => {
    const report = loadExample('seed2020');
    const image = report.sections.overview.blocks.find((block: { type: string }) => block.type === 'image');
    image.alt = '合影 😀';
    expect(validateReport(report).ok).toBe(true);
  });
});
