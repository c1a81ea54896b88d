/**
 * The summary of a batch run as one readable HTML page, stored beside summary.json: counts, then
 * one line per report, the ones needing action first (failed with the error, invalid with every
 * problem: path, rule, Chinese and English). No script, inline CSS only, so it opens from a
 * folder, a bucket or the app alike, on a phone too; every value goes through hono's `html`
 * template, which escapes it, since agency names and problem texts come from report authors.
 *
 * Links are relative to the page's own key (batches/{year}/{runId}/summary.html), so they reach
 * the archived PDFs both in a local archive folder and through GET /v1/archive/{key}.
 */
import { html } from 'hono/html';
import { beijingTime, htmlDocument, type Html } from '../html-document';
import { notCurrent, whoOf, type BatchSummary, type MissingAgency, type PublishedRef, type SummaryLine } from './model';

const TO_ARCHIVE_ROOT = '../../../';

const LABELS: Record<SummaryLine['outcome'], { zh: string; en: string }> = {
  failed: { zh: '失败', en: 'Failed' },
  invalid: { zh: '不符合格式', en: 'Invalid' },
  pending: { zh: '未完成', en: 'Not finished' },
  published: { zh: '已发布', en: 'Published' },
  already: { zh: '此前已归档', en: 'Already archived' },
};

const OUTCOMES = Object.keys(LABELS) as SummaryLine['outcome'][];

export async function summaryPage(summary: BatchSummary): Promise<string> {
  const body = html`<header>
      <h1>${summary.year} 年度报告批量发布 <span lang="en">Year-end batch ${summary.year}</span></h1>
      <p class="meta">批次 <span lang="en">Run</span> <code>${summary.runId}</code> ·
        开始 <span lang="en">started</span> <time datetime="${summary.startedAt}">${beijingTime(summary.startedAt)}</time>
        ${summary.finishedAt ? html` · 用时 <span lang="en">took</span> ${duration(summary.startedAt, summary.finishedAt)}` : ''}</p>
    </header>
    <main>
      ${countsTable(summary)}
      ${OUTCOMES.map((outcome) => section(outcome, summary.reports.filter((line) => line.outcome === outcome)))}
      ${missingSection(summary.missing)}
    </main>`;
  return String(await htmlDocument(`${summary.year} 批量发布 · batch ${summary.runId}`, STYLE, body));
}

function countsTable(summary: BatchSummary): Html {
  const { counts } = summary;
  const stale = notCurrent(summary).length;
  return html`<table class="counts">
    <tbody>
      ${OUTCOMES.filter((o) => o !== 'pending' || counts.pending > 0).map((o) => html`<tr class="${o}"><th scope="row">${LABELS[o].zh} <span lang="en">${LABELS[o].en}</span></th><td>${counts[o]}</td></tr>`)}
      ${stale > 0 ? html`<tr class="not-current"><th scope="row">其中不是现行版本 <span lang="en">of which not current</span></th><td>${stale}</td></tr>` : ''}
      <tr class="total"><th scope="row">合计 <span lang="en">Total</span></th><td>${counts.total}</td></tr>
    </tbody>
  </table>`;
}

function section(outcome: SummaryLine['outcome'], lines: SummaryLine[]): Html | '' {
  if (lines.length === 0) return '';
  const { zh, en } = LABELS[outcome];
  return html`<section class="${outcome}">
    <h2>${zh} <span lang="en">${en}</span> <small>(${lines.length})</small></h2>
    <ol>${lines.map(item)}</ol>
  </section>`;
}

function item(line: SummaryLine): Html {
  const who = whoOf(line);
  switch (line.outcome) {
    case 'published':
    case 'already':
      return html`<li><b>${line.published.name}</b> <code>${who}</code>
        <span class="detail"><a href="${TO_ARCHIVE_ROOT}${line.published.pdf}">PDF</a> · ${line.published.pages} 页 <span lang="en">pages</span> · ${kib(line.published.bytes)} KB${line.attempts > 1 ? ` · ${line.attempts} 次尝试 tries` : ''}</span>
        ${line.outcome === 'already' && line.newer ? notCurrentNote(line.newer) : ''}
        ${line.outcome === 'published' && line.earlier ? html`<span class="detail">新版本，取代此前发布的 ${line.earlier} 个版本 <span lang="en">a new version, superseding ${line.earlier} published before</span></span>` : ''}</li>`;
    case 'invalid':
      return html`<li><code>${who}</code>
        <ul class="problems">${line.problems.map((p) => html`<li><code>${p.path || '(root)'}</code> <span class="rule">${p.rule}</span> ${p.zh}<br><span lang="en">${p.en}</span></li>`)}</ul></li>`;
    case 'failed':
      return html`<li><code>${who}</code> <span class="detail"><b>${line.error.name}</b>: ${line.error.message} (${line.attempts} 次尝试 <span lang="en">tries</span>)</span></li>`;
    case 'pending':
      return html`<li><code>${who}</code> <span class="detail">尚无结果，重新运行将完成它 <span lang="en">no result yet; a rerun finishes it</span></span></li>`;
  }
}

/** Agencies the register expects for the year that sent nothing: a person chases them. */
function missingSection(missing: MissingAgency[]): Html | '' {
  if (missing.length === 0) return '';
  return html`<section class="missing">
    <h2>应报未报 <span lang="en">Expected, nothing sent</span> <small>(${missing.length})</small></h2>
    <p class="detail">机关名录要求本年度报告，但既无草稿也无已发布的版本。<span lang="en">The agency register expects a report for the year; there is neither a draft nor a published version.</span></p>
    <ol>${missing.map((agency) => html`<li><b>${agency.name}</b> <code>${agency.agencyId}</code></li>`)}</ol>
  </section>`;
}

/** An archived draft that is not the agency's current version: what a person has to decide. */
function notCurrentNote(newer: PublishedRef): Html {
  return html`<span class="detail not-current">不是现行版本：本机关此后发布的<a href="${TO_ARCHIVE_ROOT}${newer.pdf}">新版本</a>仍为现行版本。如需以本稿为准，请修改（如发布日期）后重新提交。
    <span lang="en">Not the current version: the agency's <a href="${TO_ARCHIVE_ROOT}${newer.pdf}">later version</a> stays current. To make this draft current, change it (e.g. its publication date) and submit it again.</span></span>`;
}

function duration(fromIso: string, toIso: string): string {
  const seconds = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}

/** System fonts only, so the page reads the same offline; colours mark the sections needing action. */
const STYLE = `
body{margin:0 auto;max-width:56rem;padding:0 1rem 2rem;font:16px/1.55 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1c1c1c;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#171717}a{color:#8cb9ef}}
h1{font-size:1.3rem;margin:1rem 0 .25rem}
h1 span,[lang=en]{color:#6a6a6a;font-weight:normal}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}
.meta{margin:0;font-size:.9rem;overflow-wrap:anywhere}
table.counts{border-collapse:collapse;margin:1rem 0;min-width:16rem}
.counts th,.counts td{border-bottom:1px solid #ccc;padding:.35rem .6rem;text-align:left}
.counts td{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.counts .total th,.counts .total td{border-top:2px solid #888}
ol{padding-left:1.4rem;margin:0}
li{margin:.3rem 0;overflow-wrap:anywhere}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
.detail{display:block;font-size:.92rem}
.problems{padding-left:1.1rem;font-size:.92rem}
.rule{display:inline-block;padding:0 .3rem;border:1px solid currentColor;border-radius:3px;font-size:.8rem}
section.failed h2,tr.failed th{color:#b3261e}
section.invalid h2,tr.invalid th{color:#9a5b00}
section.pending h2,tr.pending th{color:#555}
section.missing h2{color:#b3261e}
.not-current,tr.not-current th{color:#9a5b00}
`;
