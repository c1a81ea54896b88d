/**
 * A printed document's positioned text (a PDF's text layer, page by page) → the lines the
 * importer reads: each paragraph one line, each table row one `| a | b |` line with its blank
 * cells kept, in reading order. Pure geometry, no PDF library: the adapter gives the items.
 *   fragments.ts  items → lines of fragments (cells apart, glyphs set over spaces put in)
 *   blocks.ts     fragments → blocks (a paragraph, a cell) → bands (blocks side by side)
 *   tables.ts     bands of a table → rows under its header's columns
 *   paragraphs.ts blocks of prose → paragraphs
 */
import { bandsOf, blocksOf, linePitches, type Block } from './blocks';
import { linesOf, type PositionedText } from './fragments';
import { paragraphsOf, textEdges, type ProseBlock, type TextEdges } from './paragraphs';
import { TableReader, type Row } from './tables';

export type { PositionedText } from './fragments';

/** Page numbers as GB/T 9704 and most writers set them: "— 3 —", "- 3 -", "第 3 页". */
const PAGE_NUMBER = /^(?:[—–\-－]\s*\d+\s*[—–\-－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$/;

type Entry = { row: Row } | { prose: ProseBlock };

/** Each page's items → the document's lines. */
export function layoutLines(pages: PositionedText[][]): string[] {
  const pageLines = pages.map(linesOf);
  const pitches = linePitches(pageLines);
  const entries: Entry[] = [];
  let page = 0;
  const proseBlocks: Block[][] = pages.map(() => []);
  const tables = new TableReader(
    pitches,
    (row) => entries.push({ row }),
    (block) => {
      entries.push({ prose: { block, page } });
      proseBlocks[page]!.push(block);
    },
  );
  pageLines.forEach((lines, index) => {
    page = index;
    tables.newPage();
    const blocks = blocksOf(lines, pitches).filter((block) => !(block.lines.length === 1 && PAGE_NUMBER.test(block.lines[0]!.text.replace(/\s+/g, ' ').trim())));
    for (const band of bandsOf(blocks)) {
      if (band.length > 1 || band[0]!.value) tables.takeBand(band);
      else tables.takeText(band[0]!);
    }
  });
  tables.close();
  const edges = proseBlocks.map(textEdges);
  const lines: string[] = [];
  let run: ProseBlock[] = [];
  const flush = () => {
    lines.push(...paragraphsOf(run, edges));
    run = [];
  };
  for (const entry of entries) {
    if ('prose' in entry) run.push(entry.prose);
    else {
      flush();
      lines.push(`| ${entry.row.cells.join(' | ')} |`);
    }
  }
  flush();
  return lines.filter((line) => line !== '');
}
