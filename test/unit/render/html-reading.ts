/**
 * Reading rendered HTML back in tests, the way a reader or text extraction meets it: the text in
 * document order, a table by its class, and the cells of a table with their merges. The renderer's
 * output is minified and its cells hold text only, so plain patterns read it exactly.
 */
import { expect } from 'vitest';
import { parseReport, type Report } from '../../../functions/report';
import { loadExample, type EXAMPLES } from '../../helpers/examples';

export function parsedExample(name: keyof typeof EXAMPLES, change?: (json: any) => void): Report {
  const json = loadExample(name);
  change?.(json);
  const parsed = parseReport(json);
  if (!parsed.ok) throw new Error(`example ${name} does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.report;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };
export const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (entity) => ENTITIES[entity]!);

/**
 * The text nodes of a fragment or of a document's body (no <style>, no <title>), decoded, in order;
 * the spans and <wbr> that only say where a line may break (text-runs.ts) split no text.
 */
export function textNodes(html: string): string[] {
  const body = html.includes('<body>') ? html.slice(html.indexOf('<body>')) : html;
  return body
    .replace(/<span class="keep">|<\/span>|<wbr>/g, '')
    .split(/<[^>]*>/)
    .map((text) => decode(text).trim())
    .filter((text) => text.length > 0);
}

export function tableOf(html: string, kind: 'proactive' | 'requests' | 'reviews'): string {
  const match = html.match(new RegExp(`<table class="${kind}(?: [^"]*)?">.*?</table>`, 's'));
  if (!match) throw new Error(`no ${kind} table`);
  return match[0];
}

export interface ReadCell {
  tag: 'td' | 'th';
  text: string;
  rowspan: number;
  colspan: number;
  className?: string;
}

export function cellsOf(tableHtml: string): ReadCell[] {
  return Array.from(tableHtml.matchAll(/<(td|th)([^>]*)>([^<]*)<\/\1>/g), ([, tag, attributes, text]) => ({
    tag: tag as 'td' | 'th',
    text: decode(text!),
    rowspan: Number(attributes!.match(/rowspan="(\d+)"/)?.[1] ?? 1),
    colspan: Number(attributes!.match(/colspan="(\d+)"/)?.[1] ?? 1),
    className: attributes!.match(/class="([^"]*)"/)?.[1],
  }));
}

export function rowsOf(tableHtml: string): ReadCell[][] {
  return Array.from(tableHtml.matchAll(/<tr>(.*?)<\/tr>/g), ([, row]) => cellsOf(row!));
}

export function cellWithText(tableHtml: string, text: string): ReadCell {
  const found = cellsOf(tableHtml).filter((cell) => cell.text === text);
  expect(found, `exactly one cell "${text}"`).toHaveLength(1);
  return found[0]!;
}

/** Each expected text occurs as a whole text node, in this order (other text may come between). */
export function expectInOrder(actual: string[], expected: string[]): void {
  let at = 0;
  for (const [index, text] of expected.entries()) {
    const found = actual.indexOf(text, at);
    if (found < 0) {
      const context = expected.slice(Math.max(0, index - 3), index).join(' | ');
      throw new Error(`"${text}" (item ${index}) not found after [${context}]; next text nodes: ${actual.slice(at, at + 8).join(' | ')}`);
    }
    at = found + 1;
  }
}
