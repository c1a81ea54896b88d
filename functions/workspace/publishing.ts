/**
 * Preview and publish. The preview is the real PDF (POST /v1/reports/render). Publishing a report
 * that still breaks a rule takes, for each violation, the author's reason: it becomes an
 * acknowledgement of exactly that cell and those figures, archived with the report. Schema
 * problems cannot be acknowledged; they must be fixed first.
 */
import { acknowledgementFor, ARITHMETIC_RULES, type Problem } from '../report';
import { ApiError, publishReport, renderPdf, type Credential, type Published } from './api';
import { bilingual, h } from './dom';
import type { Checked } from './checks';
import type { Json } from './model';

function refusal(error: unknown): HTMLElement {
  const problem = error instanceof ApiError ? error.problem : { zh: '网络错误', en: String(error) };
  const details = problem.problems?.slice(0, 10).map((p) => h('li', {}, `${p.path}：${p.zh}`, h('span', { lang: 'en' }, ` ${p.en}`))) ?? [];
  return h('div', { class: 'notice', role: 'alert' }, h('p', {}, problem.zh ?? '', ' ', h('span', { lang: 'en' }, problem.en ?? '')), h('ul', {}, details));
}

export async function showPreview(panel: HTMLElement, credential: Credential, report: Json): Promise<void> {
  panel.replaceChildren(h('p', { role: 'status' }, bilingual('正在生成 PDF…', 'printing the PDF…')));
  try {
    const url = URL.createObjectURL(await renderPdf(credential, report));
    panel.replaceChildren(
      h('p', {}, h('a', { href: url, download: `${String(report.year)}-draft.pdf`, class: 'button' }, bilingual('下载预览 PDF', 'Download the preview'))),
      h('iframe', { src: url, title: '预览 PDF Preview', class: 'pdf' }),
    );
  } catch (error) {
    panel.replaceChildren(refusal(error));
  }
}

/** The publish form: one reason per remaining violation, then the publication and its record. */
export function showPublish(panel: HTMLElement, credential: Credential, report: Json, checked: Checked, labelOf: (path: string) => string): void {
  const blocking = checked.errors.filter((p) => !(p.rule in ARITHMETIC_RULES));
  if (!checked.parses || blocking.length > 0) {
    panel.replaceChildren(h('p', { class: 'notice', role: 'alert' }, bilingual(`还有 ${blocking.length} 个格式问题须先修正（见问题列表）。`, `${blocking.length} problem(s) of form must be fixed first (see the list).`)));
    return;
  }
  const violations: Problem[] = checked.errors;
  const reasons = violations.map((v, i) =>
    h('label', { class: 'field' }, h('span', {}, `${v.rule} · ${labelOf(v.path)}：应 ${String(v.expected)}、实 ${String(v.found)} — 确认理由 reason`), h('input', { type: 'text', required: true, name: `reason-${i}`, 'data-cell': v.path })),
  );
  const form = h(
    'form',
    { class: 'publish' },
    violations.length > 0 ? h('p', {}, bilingual(`报告仍有 ${violations.length} 处违反勾稽关系。如按原样发布，请逐项说明理由：`, `${violations.length} rule violation(s) remain; to publish as is, give a reason for each:`)) : h('p', {}, bilingual('所有规则均已通过。', 'Every rule holds.')),
    reasons,
    h('button', { type: 'submit' }, bilingual('发布并归档', 'Publish and archive')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const acknowledgements = violations.map((v, i) => ({ ...acknowledgementFor(v), reason: (reasons[i]!.querySelector('input') as HTMLInputElement).value.trim() }));
    const toPublish = { ...report, ...(acknowledgements.length > 0 ? { acknowledgements } : {}) };
    panel.append(h('p', { role: 'status' }, bilingual('正在发布…', 'publishing…')));
    try {
      showPublished(panel, await publishReport(credential, toPublish));
    } catch (error) {
      panel.append(refusal(error));
    }
  });
  panel.replaceChildren(form);
}

function showPublished(panel: HTMLElement, published: Published): void {
  const { record, links } = published;
  panel.replaceChildren(
    h(
      'div',
      { class: 'published', role: 'status' },
      h('h3', {}, bilingual(published.created ? '已发布并归档' : '此版本已归档', published.created ? 'Published and archived' : 'This version was already archived')),
      h(
        'dl',
        {},
        h('dt', {}, '归档时间 Archived'), h('dd', {}, record.createdAt),
        h('dt', {}, '页数 Pages'), h('dd', {}, String(record.pages)),
        h('dt', {}, 'SHA-256'), h('dd', {}, h('code', {}, record.sha256)),
      ),
      h('p', { class: 'links' }, h('a', { href: links.pdf, class: 'pdf-link' }, bilingual('PDF', 'download')), ' ', h('a', { href: links.record }, bilingual('归档记录', 'record')), ' ', h('a', { href: '/archive' }, bilingual('档案', 'archive'))),
    ),
  );
}
