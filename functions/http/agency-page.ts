/**
 * An agency's page at GET /archive/{agency} (issue 19, point 5): a year-over-year table of its key
 * figures (open-data/key-figures.ts), then every year's versions as /archive lists them, current and
 * superseded, with their downloads, SHA-256 and acknowledged exceptions. Like /archive it is one
 * server-rendered document with inline CSS and no script, and every value goes through hono's
 * escaping `html` template.
 */
import { html } from 'hono/html';
import type { AgencyHistory, AgencyHistoryYear } from '../archive/agency-history';
import { htmlDocument, type Html } from '../html-document';
import { KEY_FIGURES } from '../open-data';
import { versionItem } from './archive-page';
import { ARCHIVE_STYLE } from './page-style';

export async function agencyPage(history: AgencyHistory): Promise<string> {
  const { agency, years } = history;
  const body = html`
    <header>
      <p><a href="/archive">← 全部报告 <span lang="en">All reports</span></a></p>
      <h1>${agency.name} <span lang="en">${agency.id}${agency.region ? html` · ${agency.region}` : ''}</span></h1>
    </header>
    <main>
      <section aria-labelledby="figures">
        <h2 id="figures">主要数据 <span lang="en">Key figures, year over year</span></h2>
        <p class="summary">各年度当前版本的数据；空白表示报告中该栏为空。<span lang="en">From each year’s current version; a blank is a cell the report left blank.</span></p>
        ${figureTable(years)}
      </section>
      ${years.map(yearVersions)}
    </main>
    <footer>
      <p>每个版本一经归档不再修改；更正后的报告作为新版本列出。<span lang="en">Archived versions are never changed; a corrected report is listed as a new version.</span></p>
      <p><a href="/v1/agencies/${agency.id}/history">JSON</a> · <a href="/docs">API</a></p>
    </footer>`;
  return (await htmlDocument(`${agency.name} · 年度报告档案`, ARCHIVE_STYLE, body)).toString();
}

/** Newest year on the left, as 本年 comes before 上年 in a statistical table: a phone shows it without scrolling. */
function figureTable(years: AgencyHistoryYear[]): Html {
  return html`<div class="figures" role="region" aria-labelledby="figures" tabindex="0"><table>
    <thead><tr><th scope="col">项目 <small lang="en">Figure</small></th>${years.map(({ year, versions }) => html`<th scope="col">${year} <small>${versions[0]!.formatVersion} 格式</small></th>`)}</tr></thead>
    <tbody>${KEY_FIGURES.map(
      (figure) => html`<tr><th scope="row">${figure.zh} <small lang="en">${figure.en}</small></th>${years.map(({ figures }) => (figures ? html`<td>${figures[figure.id] ?? ''}</td>` : html`<td class="damaged">?</td>`))}</tr>`,
    )}</tbody>
  </table></div>`;
}

function yearVersions({ year, versions, damaged }: AgencyHistoryYear): Html {
  return html`<section aria-labelledby="y${year}">
    <h2 id="y${year}">${year} 年度 <span lang="en">${year}: ${versions.length} version(s)</span></h2>
    ${damaged ? html`<p class="notice" role="alert">当前版本的源数据无法读取，本年度数据以“?”表示；请运行 nianbao archive verify。<span lang="en">The current version’s source cannot be read (${damaged}); its figures show as “?”.</span></p>` : ''}
    <ol class="versions">${versions.map((record, i) => versionItem({ record, current: i === 0 }))}</ol>
  </section>`;
}
