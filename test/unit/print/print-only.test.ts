/**
 * The document as the printer loads it (print-only.ts): hidden from the screen, with a probe that
 * draws with each face the document draws with, chosen from the real templates' output.
 */
import { describe, expect, it } from 'vitest';
import { printOnly } from '../../../functions/print/print-only';
import { renderHtml } from '../../../functions/render/html';
import { parsedExample } from '../render/html-reading';

/** The faces the probe draws with, as `family weight`. */
function probedFaces(html: string): string[] {
  const probe = /<div data-nb-font-probe[^>]*>(.*?)<\/div>/.exec(html)![1]!;
  return Array.from(probe.matchAll(/font-family:'([^']+)';font-weight:(\d+)/g), ([, family, weight]) => `${family} ${weight}`);
}

describe('printOnly', () => {
  it('hides the body from the screen and the probe from the print, in the head and first in the body', () => {
    const html = printOnly(renderHtml(parsedExample('seed2020')));
    expect(html).toMatch(/<style>@media screen\{body>:not\(\[data-nb-font-probe\]\)\{display:none!important\}\}@media print\{\[data-nb-font-probe\]\{display:none!important\}\}<\/style><\/head>/);
    expect(html).toMatch(/<body><div data-nb-font-probe aria-hidden="true"[^>]*>(<span [^>]*>0<\/span>)+<\/div><main class="sheet">/);
  });

  it('probes the body face and each scoped face the document has text for', () => {
    expect(probedFaces(printOnly(renderHtml(parsedExample('seed2020'))))).toEqual(['NB Serif 400', 'NB Title 100', 'NB Sans 400', 'NB Kai 100']);
    // The 2021 example has a heading without numbering ("改进措施："), set in bold.
    expect(probedFaces(printOnly(renderHtml(parsedExample('consistent2021'))))).toEqual(['NB Serif 400', 'NB Serif 700', 'NB Title 100', 'NB Sans 400', 'NB Kai 100']);
  });

  it('leaves HTML without a head and a body as it is', () => {
    for (const html of ['<p>年报</p>', '<html><body><p>年报</p></body></html>', '<body></body><head></head>']) expect(printOnly(html)).toBe(html);
  });
});
