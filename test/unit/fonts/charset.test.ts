/**
 * Which characters each bundled face must hold for a document (charset.ts): the body face every
 * character of the HTML, a face the templates use only in some elements the characters of those
 * elements, read from the real templates' output.
 */
import { describe, expect, it } from 'vitest';
import { codepointsOf, drawnText, faceCodepointsFor, faceCodepointsOf } from '../../../functions/fonts/charset';
import { FONT_FACES } from '../../../functions/render/assets';
import { renderHtml } from '../../../functions/render/html';
import { parsedExample } from '../render/html-reading';

const face = (file: string) => FONT_FACES.find((font) => font.file === file)!;
const has = (codepoints: Set<number>, text: string) => [...text].every((character) => codepoints.has(character.codePointAt(0)!));

describe('codepointsOf', () => {
  it('keeps printable ASCII and the page-number dash whatever the HTML, and decodes numeric references', () => {
    const codepoints = codepointsOf('<p>&#x5E74;&#25253;</p>');
    expect(has(codepoints, 'AZaz09 —年报')).toBe(true);
    expect(codepoints.has('政'.codePointAt(0)!)).toBe(false);
  });
});

describe('drawnText', () => {
  it('takes the content of every element each opening tag opens, up to its closing tag', () => {
    const html = '<h1>一、总体情况</h1><p>正文<strong class="run-in level-2">（一）标题</strong>其余</p><h1>二、主动公开</h1>';
    expect(drawnText(html, ['<h1>'])).toBe('一、总体情况二、主动公开');
    expect(drawnText(html, ['<strong class="run-in level-2">'])).toBe('（一）标题');
    expect(drawnText(html, ['<strong class="run-in level-1">'])).toBe('');
  });
});

describe('faceCodepointsOf the seed report', () => {
  const html = renderHtml(parsedExample('seed2020'));

  it('gives the body face and the bold 黑体 every character of the document', () => {
    const all = codepointsOf(html);
    for (const file of ['nb-serif-400.ttf', 'nb-sans-700.ttf']) expect(faceCodepointsOf(html, face(file))).toEqual(all);
  });

  it('works each scope out once per document, with the same result', () => {
    const perDocument = faceCodepointsFor(html);
    for (const font of FONT_FACES) expect(perDocument(font)).toEqual(faceCodepointsOf(html, font));
    expect(perDocument(face('nb-sans-700.ttf'))).toBe(perDocument(face('nb-serif-400.ttf')));
  });

  it('gives the bold body face only the headings without numbering, which the seed has none of', () => {
    expect(faceCodepointsOf(html, face('nb-serif-700.ttf'))).toEqual(codepointsOf(''));
    const unnumbered = faceCodepointsOf(renderHtml(parsedExample('consistent2021')), face('nb-serif-700.ttf'));
    expect(has(unnumbered, '改进措施：')).toBe(true);
    expect(unnumbered.has('培'.codePointAt(0)!)).toBe(false);
  });

  it('gives the title, heading and 楷 faces only what they draw', () => {
    const title = faceCodepointsOf(html, face('nb-title-900.ttf'));
    expect(has(title, '宿迁市残疾人工作联合会2020年政府信息公开工作年度报告')).toBe(true);
    expect(title.has('残'.codePointAt(0)!) && !title.has('培'.codePointAt(0)!)).toBe(true);
    const headings = faceCodepointsOf(html, face('nb-sans-400.ttf'));
    expect(has(headings, '一、总体情况二、主动公开政府信息情况')).toBe(true);
    expect(headings.has('培'.codePointAt(0)!)).toBe(false);
    const runIns = faceCodepointsOf(html, face('nb-kai-400.ttf'));
    expect(has(runIns, '（一）组织业务培训。')).toBe(true);
    expect(runIns.has('邀'.codePointAt(0)!)).toBe(false);
    expect(runIns.size).toBeLessThan(codepointsOf(html).size / 3);
  });
});
