/**
 * The document as the printer loads it: laid out by no screen, only by the print. A page lays its
 * document out on screen while loading it (once when the fonts are asked for, again when they have
 * come) and, after printing, once more on screen; printing then lays it out for paper regardless.
 * For the seed those screen layouts cost ~60 ms of the renderer's ~200 per document (a Chromium
 * trace of one print), for a 50-page report more. Hidden from the screen, the document costs
 * nothing to load, and the PDF is byte for byte the one printed from the document as it is.
 *
 * What the hidden layout no longer does is make the page ask for its fonts, and a face the print
 * needs must have been loaded before it (Chromium does not wait for fonts while printing). So a
 * tiny probe, shown on screen only, draws with each face this document draws with: the body face
 * always, and a face the templates use only in some elements (BundledFont.drawnIn) when the
 * document has text in those elements. A face outside this rule (a bold 黑体 no template uses
 * today) is asked for only by the print, and the printer then prints again from the document as
 * it is (steps.ts, printPdf). Runtime-neutral.
 */
import { BODY_FACE, FONT_FACES, type BundledFont } from '../render/assets';
import { drawnText } from '../fonts/charset';

const PROBE = 'data-nb-font-probe';

const STYLE =
  `<style>@media screen{body>:not([${PROBE}]){display:none!important}}` +
  `@media print{[${PROBE}]{display:none!important}}</style>`;

/** Whether the document draws with the face, as far as its HTML tells before any layout. */
function drawsWith(html: string, face: BundledFont): boolean {
  if (face === BODY_FACE) return true;
  return face.drawnIn !== undefined && drawnText(html, face.drawnIn).trim() !== '';
}

/** One character in the face: '0' is in every subset (charset.ts keeps printable ASCII). */
function probe(face: BundledFont): string {
  return `<span style="font-family:'${face.family}';font-weight:${face.weight.split(' ')[0]}">0</span>`;
}

/** The HTML with its body hidden from the screen and the font probe in its place; unchanged if it has no <head> and <body>. */
export function printOnly(html: string): string {
  const head = html.indexOf('</head>');
  const body = /<body[^>]*>/.exec(html);
  if (head === -1 || !body || body.index < head) return html;
  const probes = FONT_FACES.filter((face) => drawsWith(html, face)).map(probe).join('');
  const afterBody = body.index + body[0].length;
  return (
    html.slice(0, head) +
    STYLE +
    html.slice(head, afterBody) +
    `<div ${PROBE} aria-hidden="true" style="position:absolute;top:0;left:0">${probes}</div>` +
    html.slice(afterBody)
  );
}
