/**
 * A web page → lines for the importer, with htmlparser2 (the tokenizer under linkedom and
 * cheerio: plain JavaScript, streaming, no DOM). Nothing is ever run or fetched: script, style
 * and other non-text elements are skipped whole. Each block element (p, div, h1–h6, li…) is a
 * line; a table row is one line of `|`-separated cells, an empty cell kept empty, so that blanks
 * stay blanks. A line break inside a cell is only typesetting ("本年新<br>制作数量").
 */
import { Parser } from 'htmlparser2';

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'canvas', 'button', 'select', 'textarea', 'title', 'figure']);
/** A run-in heading set apart at the start of a paragraph (bold, or the printer's run-in span). */
const RUN_IN = (name: string, attributes: Record<string, string>) => name === 'strong' || name === 'b' || /\brun-in\b/.test(attributes.class ?? '');
const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'figure', 'figcaption', 'center', 'dl', 'dt', 'dd', 'main', 'nav', 'caption', 'table', 'tbody', 'thead', 'tfoot']);

export function htmlLines(html: string): string[] {
  const lines: string[] = [];
  let text = '';
  let skipping = 0;
  let row: string[] | undefined;
  let cell: string | undefined;
  /** A run-in heading being read: its element's name, nesting and text. */
  let runIn: { name: string; depth: number; text: string } | undefined;
  let heading: string | undefined;
  const clean = (value: string) => value.replace(/\s+/g, ' ').trim();
  const flush = () => {
    const line = clean(text);
    // A heading with text after it is marked as Markdown marks it, for the core (narrative.ts).
    if (heading && line) lines.push(`# ${heading}`, line);
    else if (heading || line) lines.push(heading ?? line);
    text = '';
    heading = undefined;
    runIn = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skipping > 0 || SKIPPED.has(name)) {
          if (SKIPPED.has(name)) skipping++;
          return;
        }
        if (runIn?.name === name) runIn.depth++;
        else if (!runIn && !heading && cell === undefined && clean(text) === '' && RUN_IN(name, attributes)) runIn = { name, depth: 1, text: '' };
        if (name === 'tr') {
          flush();
          row = [];
        } else if ((name === 'td' || name === 'th') && row) cell = '';
        else if (cell === undefined && (name === 'br' || BLOCKS.has(name))) flush();
      },
      ontext(data) {
        if (skipping > 0) return;
        if (cell !== undefined) cell += data;
        else if (runIn) runIn.text += data;
        else text += data;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          if (skipping > 0) skipping--;
          return;
        }
        if (skipping > 0) return;
        if (runIn?.name === name && --runIn.depth === 0) {
          const ended = clean(runIn.text);
          runIn = undefined;
          if (/[。：:]$/.test(ended)) heading = ended;
          else text += ended;
          return;
        }
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
