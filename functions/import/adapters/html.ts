/**
 * A web page → lines for the importer, with linkedom (a DOM in plain JavaScript: no scripts are
 * ever run, no resources fetched, so it is safe on hostile pages and runs on Node, Lambda and
 * Workers). Each block element (p, div, h1–h6, li…) is a line; a table row is one line of
 * `|`-separated cells, an empty cell kept empty, so that blanks stay blanks.
 */
import { parseHTML } from 'linkedom';

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'IFRAME', 'OBJECT', 'SVG', 'CANVAS', 'BUTTON', 'SELECT', 'TEXTAREA']);
const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'FIGCAPTION', 'CENTER', 'DL', 'DT', 'DD', 'MAIN', 'NAV', 'TITLE', 'CAPTION']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** The text of a cell or inline run: line breaks inside a cell are only typesetting. */
function inlineText(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || SKIPPED.has(node.nodeName)) return '';
  return Array.from(node.childNodes, inlineText).join('');
}

function walk(node: DomNode, lines: string[], current: { text: string }): void {
  const flush = () => {
    if (current.text.trim()) lines.push(current.text.replace(/\s+/g, (s) => (s.includes('\n') ? '' : ' ')).trim());
    current.text = '';
  };
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      current.text += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== 1 || SKIPPED.has(child.nodeName)) continue;
    if (child.nodeName === 'BR') {
      flush();
    } else if (child.nodeName === 'TR') {
      flush();
      const cells = Array.from(child.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
      const texts = cells.map((cell) => inlineText(cell).replace(/\s+/g, ' ').trim());
      if (texts.some((t) => t !== '')) lines.push(`| ${texts.join(' | ')} |`);
    } else if (BLOCKS.has(child.nodeName) || child.nodeName === 'TABLE' || child.nodeName === 'TBODY' || child.nodeName === 'THEAD' || child.nodeName === 'TFOOT') {
      flush();
      walk(child, lines, current);
      flush();
    } else {
      walk(child, lines, current);
    }
  }
}

export function htmlLines(html: string): string[] {
  // A fragment (no <html>/<body>) gets a body, or the parser keeps only its first element.
  const page = /<body[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(page);
  const lines: string[] = [];
  const current = { text: '' };
  walk((document.body ?? document.documentElement) as unknown as DomNode, lines, current);
  if (current.text.trim()) lines.push(current.text.trim());
  return lines;
}
