/**
 * The year's dashboard at GET /dashboard/{year}?region=&list= (issue 19, point 5): for a region's
 * supervisors, how many agencies were expected and how many published, and how many were late,
 * published with acknowledged rule failures or with prose warnings (dashboard/model.ts says how each
 * is decided). Every number links to its list, the same page with `list=`. Like /archive: one
 * server-rendered document, inline CSS, no script, every value escaped by hono's `html`.
 */
import { html, raw } from 'hono/html';
import { LISTS, inList, type Dashboard, type DashboardAgency, type ListName } from '../dashboard/model';
import { beijingTime, htmlDocument, type Html } from '../html-document';
import { ARCHIVE_STYLE } from './page-style';

export const LIST_LABELS: Record<ListName, { zh: string; en: string }> = {
  expected: { zh: '应发布', en: 'Expected' },
  published: { zh: '已发布', en: 'Published' },
  missing: { zh: '未发布', en: 'Not published' },
  unlisted: { zh: '名录外发布', en: 'Published, not in the register' },
  late: { zh: '逾期发布', en: 'Late' },
  acknowledged: { zh: '带已确认例外', en: 'With acknowledged failures' },
  prose: { zh: '文字与表格不一致提示', en: 'With prose warnings' },
  unrecorded: { zh: '文字检查未记录', en: 'Prose check not recorded' },
};

const KIND_LABELS = { government: '政府', department: '部门' } as const;

function listHref(dashboard: Dashboard, list?: ListName): string {
  const params = new URLSearchParams();
  if (dashboard.region) params.set('region', dashboard.region);
  if (list) params.set('list', list);
  const query = params.toString();
  return `/dashboard/${dashboard.year}${query ? `?${query}` : ''}`;
}

export async function dashboardPage(dashboard: Dashboard, list: ListName | undefined, badList: string | undefined): Promise<string> {
  const { year, region } = dashboard;
  const shown = LISTS.filter((name) => name !== 'unlisted' || dashboard.fromRegister);
  const body = html`
    <header>
      <p><a href="/archive?year=${year}">← ${year} 年度报告 <span lang="en">The year’s reports</span></a></p>
      <h1>${year} 年度报告发布情况${region ? ` · ${region}` : ''} <span lang="en">Year dashboard for supervisors</span></h1>
      <form method="get">
        <label class="grow">地区（行政区划代码或报告所写地区） <span lang="en">Region (code or as the reports name it)</span>
          <input type="text" name="region" value="${region ?? ''}" autocomplete="off" placeholder="例如 321300">
        </label>
        ${list ? html`<input type="hidden" name="list" value="${list}">` : ''}
        <button type="submit">查看 <span lang="en">Show</span></button>
      </form>
    </header>
    <main>
      ${badList !== undefined ? html`<p class="notice" role="alert">名单“${badList}”不存在，已忽略。<span lang="en">There is no list “${badList}”; it was ignored.</span></p>` : ''}
      ${dashboard.fromRegister ? '' : html`<p class="notice">尚未导入机关名录：应发布机关按档案中本年度和上一年度出现过的机关计。<span lang="en">No agency register yet: the agencies seen in the archive this year or the year before are expected.</span></p>`}
      <ul class="counts">${shown.map((name) => countCard(dashboard, name, name === list))}</ul>
      <p class="summary">截止时间（北京时间）：部门 ${beijingTime(dashboard.deadlines.department)}，本级政府 ${beijingTime(dashboard.deadlines.government)}（条例第四十九条）；以档案首次归档时间为准。
        <span lang="en">On time until the end of 31 January (departments) or 31 March (governments’ own reports) of ${year + 1}, Beijing time, by when the archive first stored the report.</span></p>
      ${list ? agencyList(dashboard, list) : html`<p class="summary">点击数字查看名单。<span lang="en">Choose a number to see its list.</span></p>`}
    </main>
    <footer>
      <p><a href="/v1/dashboard/${year}${region ? raw(`?region=${encodeURIComponent(region)}`) : ''}">JSON</a> · <a href="/docs">API</a></p>
    </footer>`;
  return (await htmlDocument(`${year} 年度报告发布情况 · Year dashboard`, ARCHIVE_STYLE, body)).toString();
}

function countCard(dashboard: Dashboard, name: ListName, current: boolean): Html {
  const label = LIST_LABELS[name];
  const count = dashboard.counts[name];
  return html`<li><a href="${listHref(dashboard, name)}" class="count-${name}${count === 0 ? ' zero' : ''}"${current ? raw(' aria-current="page"') : ''}><strong>${count}</strong>${label.zh} <span lang="en">${label.en}</span></a></li>`;
}

function agencyList(dashboard: Dashboard, list: ListName): Html {
  const agencies = dashboard.agencies.filter((agency) => inList(agency, list));
  const label = LIST_LABELS[list];
  return html`<section aria-labelledby="list">
    <h2 id="list">${label.zh}：${agencies.length} 个机关 <span lang="en">${label.en}: ${agencies.length}</span></h2>
    ${agencies.length === 0 ? html`<p class="empty">没有。<span lang="en">None.</span></p>` : html`<div class="figures" role="region" aria-labelledby="list" tabindex="0"><table class="list">
      <thead><tr><th scope="col">机关 <small lang="en">Agency</small></th><th scope="col">类型 <small lang="en">Kind</small></th><th scope="col">首次归档 <small lang="en">First archived</small></th><th scope="col">版本 <small lang="en">Versions</small></th><th scope="col">例外 <small lang="en">Exceptions</small></th><th scope="col">文字提示 <small lang="en">Prose warnings</small></th></tr></thead>
      <tbody>${agencies.map(agencyRow)}</tbody>
    </table></div>`}
  </section>`;
}

function agencyRow(agency: DashboardAgency): Html {
  const published = agency.firstPublishedAt !== undefined;
  return html`<tr class="${agency.late ? 'late' : ''}">
    <th scope="row">${published ? html`<a href="/archive/${agency.id}">${agency.name}</a>` : agency.name} <small>${agency.id}${agency.region ? ` · ${agency.region}` : ''}</small></th>
    <td>${KIND_LABELS[agency.kind]}</td>
    <td>${published ? html`${beijingTime(agency.firstPublishedAt!)}${agency.late ? html` <strong class="late">逾期</strong>` : ''}` : '—'}</td>
    <td>${agency.versions}</td>
    <td>${published ? agency.exceptions : ''}</td>
    <td>${published ? (agency.proseWarnings ?? '未记录') : ''}</td>
  </tr>`;
}
