/**
 * Labels as printed: a section's heading and its table's row and column labels, each shown in its
 * official wording beside a field holding the wording the report prints. The field starts with
 * what prints now; a wording other than the official one goes into `printedLabels` by label id,
 * and the validator's own `label` warning then shows on the field ("印作「…」，规定格式为「…」").
 * Emptied, or set back to the official wording, the entry goes: the official wording prints.
 * Folded away by default (a <details>, opened by keyboard like any button): most reports print
 * the official wording.
 */
import { officialLabels, SECTION_HEADINGS, type Report, type SectionKey } from '../report';
import { bilingual, h } from './dom';
import type { EditorContext } from './editor-context';

/** The section a label id belongs to: `heading.requests` and `requests.row.…` are both 三's. */
export function sectionOfLabel(id: string): SectionKey {
  const [kind, section] = id.split('.');
  return (kind === 'heading' ? section : kind) as SectionKey;
}

function labelField(ctx: EditorContext, id: string, official: string): HTMLElement {
  const printed = () => (ctx.report.printedLabels as Record<string, string> | undefined)?.[id];
  const key = `printedLabels.${id}`;
  const input = h('input', { type: 'text', 'data-path': key, 'aria-label': `「${official}」印作 printed as`, value: printed() ?? official, autocomplete: 'off' });
  input.addEventListener('input', () => {
    const labels = { ...(ctx.report.printedLabels as Record<string, string> | undefined) };
    const wording = input.value.trim();
    if (wording === '' || wording === official) delete labels[id];
    else labels[id] = wording;
    if (Object.keys(labels).length > 0) ctx.report.printedLabels = labels;
    else delete ctx.report.printedLabels;
    ctx.relabelled(id);
    ctx.changed();
  });
  // An emptied field shows again what prints, the official wording.
  input.addEventListener('blur', () => {
    if (input.value.trim() === '') input.value = official;
  });
  ctx.fields.set(key, input);
  return h('label', { class: 'label-row' }, h('span', { class: 'official' }, official), input);
}

/** The section's labels, folded; open when the report prints any of them otherwise. */
export function labelsEditor(ctx: EditorContext, section: SectionKey): HTMLElement {
  const labels = [...officialLabels(ctx.report as unknown as Report)].filter(([id]) => sectionOfLabel(id) === section);
  const departs = labels.some(([id]) => (ctx.report.printedLabels as Record<string, string> | undefined)?.[id] !== undefined);
  return h(
    'details',
    { class: 'labels', open: departs },
    // Each section has one: a screen reader hears whose, as its list of summaries would not say.
    h('summary', {}, h('span', { class: 'visually-hidden' }, `${SECTION_HEADINGS[section]}：`), bilingual(labels.length === 1 ? '标题（按印刷）' : '标题和表格标签（按印刷）', labels.length === 1 ? 'Heading as printed' : 'Heading and table labels as printed')),
    h('p', { class: 'hint' }, bilingual('左为规定格式，右为报告印出的文字；与规定不同时 PDF 按右侧印出，并给出提示。', 'Left: the official wording; right: what the report prints. A different wording prints as written, with a warning.')),
    h('div', { class: 'label-rows' }, labels.map(([id, official]) => labelField(ctx, id, official))),
  );
}
