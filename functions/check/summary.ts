/**
 * The summary of a `check` run over a folder: a CSV (UTF-8 with a byte order mark, so that Excel
 * opens it as UTF-8) and an HTML page, one row per report with its verdict, problems and warnings.
 */
import { html } from 'hono/html';
import { htmlDocument } from '../html-document';
import { shortProblem, warningCounts, type CheckOutcome } from './outcome';

const COLUMNS = ['file', 'verdict', 'year', 'agency', 'format', 'errors', 'problems', 'warnings', 'prose (P)', 'cells read', 'needs a person'] as const;

function row(outcome: CheckOutcome): string[] {
  const prose = outcome.warnings.filter((w) => w.rule === 'P');
  return [
    outcome.file,
    outcome.verdict,
    outcome.year === undefined ? '' : String(outcome.year),
    outcome.agency ?? '',
    outcome.formatVersion ?? '',
    String(outcome.errors.length),
    outcome.reason ? outcome.reason.en : outcome.errors.map(shortProblem).join('; '),
    warningCounts(outcome.warnings),
    prose.map((w) => `${w.path}: ${String(w.found)} ≠ ${String(w.expected)}`).join('; '),
    outcome.cells ? `${outcome.cells.read}/${outcome.cells.expected}` : '',
    outcome.needsPerson.join('; '),
  ];
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function summaryCsv(outcomes: CheckOutcome[]): string {
  return `\uFEFF${[COLUMNS as readonly string[], ...outcomes.map(row)].map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.25rem .4rem;text-align:left;vertical-align:top}td.valid{color:#176b2c}td.invalid,td.unreadable{color:#a11;font-weight:600}td.incomplete{color:#8a5a00}`;

export async function summaryHtml(outcomes: CheckOutcome[]): Promise<string> {
  const verdicts = new Map<string, number>();
  for (const o of outcomes) verdicts.set(o.verdict, (verdicts.get(o.verdict) ?? 0) + 1);
  const body = html`<h1>年度报告核查结果 <span lang="en">Check of published reports</span></h1>
<p>${outcomes.length} 份报告：${[...verdicts].map(([verdict, n]) => `${verdict} ${n}`).join('，')}</p>
<table><thead><tr>${COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${outcomes.map((o) => {
    const cells = row(o);
    return html`<tr>${cells.map((text, i) => (i === 1 ? html`<td class="${text}">${text}</td>` : html`<td>${text}</td>`))}</tr>`;
  })}</tbody></table>`;
  return String(await htmlDocument('年度报告核查结果', STYLE, body));
}
