/**
 * The 落款 and the dates: the signature's name (署名) and date (成文日期), printed at the end of the
 * report, and the publication date (`publishedOn`), from which the PDF takes its dates. Dates are
 * typed as people write them (2024年1月20日, 2024/1/20) and kept as ISO dates (model.ts dateValue).
 * The signature is both parts or none: one left blank while the other is given is reported by the
 * schema on the blank one.
 */
import { h } from './dom';
import type { EditorContext } from './editor-context';
import { dateValue, type Json } from './model';

function field(ctx: EditorContext, path: string, label: string, value: unknown, hint: string | null, onInput: (input: HTMLInputElement) => void): HTMLElement {
  const input = h('input', { type: 'text', 'data-path': path, 'aria-label': label, value: typeof value === 'string' ? value : '', autocomplete: 'off', ...(hint ? { placeholder: hint, inputMode: 'numeric' } : {}) });
  input.addEventListener('input', () => {
    onInput(input);
    ctx.changed();
  });
  ctx.fields.set(path, input);
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

/** The 落款 (name and date) and, apart from it, the publication date. */
export function signatureFields(ctx: EditorContext): HTMLElement {
  const report = ctx.report;
  const signature = () => (report.signature ?? {}) as Json;
  const setSignature = (part: 'name' | 'date', value: string | null) => {
    const next: Json = { ...signature(), [part]: value ?? '' };
    if ((next.name ?? '') === '' && (next.date ?? '') === '') delete report.signature;
    else report.signature = { name: next.name ?? '', date: next.date ?? '' };
  };
  const name = field(ctx, 'signature.name', '署名 Signed by', signature().name, null, (input) => setSignature('name', input.value.trim() || null));
  const date = field(ctx, 'signature.date', '成文日期 Dated', signature().date, '2024年1月20日', (input) => setSignature('date', dateValue(input.value)));
  const published = field(ctx, 'publishedOn', '发布日期 Published on', report.publishedOn, '2024年1月25日', (input) => {
    const value = dateValue(input.value);
    if (value === null) delete report.publishedOn;
    else report.publishedOn = value;
  });
  return h(
    'div',
    { class: 'dates' },
    h('fieldset', { class: 'signature' }, h('legend', {}, '落款 ', h('span', { lang: 'en' }, 'signature, printed at the end')), name, date),
    published,
    h('p', { class: 'hint' }, 'PDF 的日期取自发布日期；空白时取成文日期。 ', h('span', { lang: 'en' }, 'The PDF’s dates are the publication date, else the signature’s.')),
  );
}
