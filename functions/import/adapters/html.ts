/**
 * A web page → lines for the importer, with htmlparser2 (the tokenizer under linkedom and
 * cheerio: plain JavaScript, streaming, no DOM). Nothing is ever run or fetched: script, style
 * and other non-text elements are skipped whole. Each block element (p, div, h1–h6, li…) is a
 * line; a table row is one line of `|`-separated cells, an empty cell kept empty, so that blanks
 * stay blanks. A line break inside a cell is only typesetting ("本年新<br>制作数量").
 */
import { Parser } from 'htmlparser2';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'canvas', 'button', 'select', 'textarea', 'title']);
const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'figure', 'figcaption', 'center', 'dl', 'dt', 'dd', 'main', 'nav', 'caption', 'table', 'tbody', 'thead', 'tfoot']);

export function htmlLines(html: string): string[] {
  const lines: string[] = [];
  let text = '';
  let skipping = 0;
  let row: string[] | undefined;
  let cell: string | undefined;
  const flush = () => {
    const line = text.replace(/\s+/g, ' ').trim();
    if (line) lines.push(line);
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (skipping > 0 || SKIPPED.has(name)) {
          if (SKIPPED.has(name)) skipping++;
          return;
        }
        if (name === 'tr') {
          flush();
          row = [];
        } else if ((name === 'td' || name === 'th') && row) cell = '';
        else if (cell === undefined && (name === 'br' || BLOCKS.has(name))) flush();
      },
      ontext(data) {
        if (skipping > 0) return;
        if (cell !== undefined) cell += data;
        else text += data;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          if (skipping > 0) skipping--;
          return;
        }
        if (skipping > 0) return;
        if ((name === 'td' || name === 'th') && row && cell !== undefined) {
          row.push(cell.replace(/\s+/g, ' ').trim());
          cell = undefined;
        } else if (name === 'tr' && row) {
          if (row.some((c) => c !== '')) lines.push(`| ${row.join(' | ')} |`);
          row = undefined;
        } else if (cell === undefined && BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return lines;
}
