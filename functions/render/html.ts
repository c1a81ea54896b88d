/**
 * Step 2 of the data flow: a validated report → one complete HTML document, the same for the
 * preview and for the PDF. Templates arrive precompiled (_templates.ts, generated from
 * templates/ by scripts/gen-templates.ts) and run on a private instance of the handlebars
 * runtime, set up once per process: no compiler, no `new Function`, no filesystem, so this runs
 * unchanged on Node, Lambda and Workers. Every value the templates print is HTML-escaped; the
 * one raw insertion is the project's own CSS.
 */
import Handlebars from 'handlebars/runtime';
import type { Report } from '../report';
import { FONT_FACE_CSS } from './assets';
import { PARTIALS, REPORT_CSS, REPORT_TEMPLATE, TEMPLATE_VERSION } from './_templates';
import { reportView } from './view';

export { TEMPLATE_VERSION };

const handlebars = Handlebars.create();
for (const [name, spec] of Object.entries(PARTIALS)) handlebars.registerPartial(name, handlebars.template(spec));
const reportTemplate = handlebars.template(REPORT_TEMPLATE);

/** Font faces first, then the layout; the screen preview rules inside only apply on screen. */
const STYLES = FONT_FACE_CSS + REPORT_CSS;

export function renderHtml(report: Report): string {
  return reportTemplate({ ...reportView(report), styles: STYLES });
}
