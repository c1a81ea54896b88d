/**
 * The corpus of real published reports under test/fixtures/real/<slug>/: the text as retrieved
 * (source.txt or source.html), where from (SOURCE.md), the report in our model, hand-checked
 * against the source (report.json), and the disagreements between its narrative and its tables,
 * labelled by hand (prose.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REAL_REPORTS_DIR = new URL('../fixtures/real/', import.meta.url).pathname;

/** A disagreement between the narrative and a table cell, found by reading the report. */
export interface LabelledDisagreement {
  sentence: string;
  quoted: string;
  cell: string;
  value: number | string | null;
  note: string;
}

export interface RealReport {
  slug: string;
  /** The report JSON, fresh for each call so a test may change it. */
  json: () => any;
  /** The source as retrieved; HTML reduced to its text. */
  sourceText: string;
  sourceNotes: string;
  disagreements: LabelledDisagreement[];
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", ldquo: '“', rdquo: '”' };

/** The text of an HTML page as a reader sees it: tags gone, entities decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

export function realReports(): RealReport[] {
  return readdirSync(REAL_REPORTS_DIR)
    .filter((slug) => existsSync(join(REAL_REPORTS_DIR, slug, 'report.json')))
    .sort()
    .map((slug) => {
      const file = (name: string) => join(REAL_REPORTS_DIR, slug, name);
      const html = existsSync(file('source.html'));
      const source = readFileSync(file(html ? 'source.html' : 'source.txt'), 'utf8');
      const report = readFileSync(file('report.json'), 'utf8');
      return {
        slug,
        json: () => JSON.parse(report),
        sourceText: html ? htmlText(source) : source,
        sourceNotes: readFileSync(file('SOURCE.md'), 'utf8'),
        disagreements: JSON.parse(readFileSync(file('prose.json'), 'utf8')) as LabelledDisagreement[],
      };
    });
}
