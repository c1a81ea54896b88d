/**
 * The documents the printing benchmark prints (issue 3, "Performance"): the seed example as it is,
 * and a large report made from the 2021 example with its narrative (the overview and problems
 * blocks) repeated until it runs to about fifty pages. Both go through validation, so the large
 * report is a report the product would accept, and through the real templates.
 */
import { readFileSync } from 'node:fs';
import type { PrintDocument } from '../functions/print/printer';
import { pdfMetaOf } from '../functions/publish';
import { renderHtml } from '../functions/render/html';
import { validateReport } from '../functions/report';

export const SEED_EXAMPLE = 'examples/suqian-cdpf-2020.json';
const LARGE_SOURCE = 'examples/jianghai-nrp-2021.json';

/**
 * Copies of the narrative in the large report. The 2021 example prints on 7 pages; with its
 * overview and problems blocks each 20 times over it prints on 52 (counted by the benchmark,
 * which shows the page count beside the figures).
 */
export const NARRATIVE_COPIES = 20;

function documentOf(json: unknown): PrintDocument {
  const validation = validateReport(json);
  if (!validation.ok || !validation.report) throw new Error(`bench report is invalid: ${JSON.stringify(validation.errors)}`);
  return { html: renderHtml(validation.report), meta: pdfMetaOf(validation.report) };
}

const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

export function seedDocument(): PrintDocument {
  return documentOf(readJson(SEED_EXAMPLE));
}

export function largeDocument(): PrintDocument {
  const report = readJson(LARGE_SOURCE);
  for (const section of [report.sections.overview, report.sections.problems]) {
    section.blocks = Array.from({ length: NARRATIVE_COPIES }, () => section.blocks).flat();
  }
  return documentOf(report);
}
