/**
 * The archivists' page at GET /archive (issue 5): every published version, grouped years →
 * agencies → versions, newest year first, each with its download links, size, pages, full sha256,
 * time and any acknowledged rule exceptions, plus a search by agency name or id and a year filter.
 * It is one server-rendered HTML document with inline CSS and no script at all, so it works with
 * JavaScript off, on a phone and on an intranet without a CDN, and it imports nothing from Node,
 * so every runtime serves it. Every value from a record goes through hono's `html` template,
 * which escapes it: agency names are whatever the publisher typed.
 */
import { html, raw } from 'hono/html';
import { listAll, type Archive } from '../archive/archive';
import { isRecordKey, parseYear } from '../archive/keys';
import type { PublicationRecord } from '../archive/record';
import { listVersions, type VersionEntry } from '../archive/versions';
import { tablesLinks } from './open-data';
import { beijingTime, htmlDocument, type Html } from '../html-document';

export interface ArchivePageQuery {
  /** Part of an agency's name or id. */
  q?: string;
  /** A four-digit year; anything else is reported on the page and ignored. */
  year?: string;
}

interface AgencyGroup {
  agency: PublicationRecord['agency'];
  versions: VersionEntry[];
}

interface YearGroup {
  year: number;
  agencies: AgencyGroup[];
}


export async function archivePage(archive: Archive, query: ArchivePageQuery): Promise<string> {
  const search = (query.q ?? '').trim();
  const yearText = (query.year ?? '').trim();
  const year = yearText === '' ? undefined : yearOrUndefined(yearText);
  let damaged = 0;
  const [years, versions] = await Promise.all([archivedYears(archive), listVersions(archive, { year }, () => damaged++)]);
  const groups = groupByYearAndAgency(versions.filter(({ record }) => matches(record.agency, search)));
  const body = html`
    <header>
      <h1>政府信息公开工作年度报告档案 <span lang="en">Annual report archive</span></h1>
      ${searchForm(search, year, years)}
    </header>
    <main>
      ${yearText !== '' && year === undefined ? badYearMessage(yearText) : ''}
      ${damaged > 0 ? html`<p class="notice" role="alert">${damaged} 份归档记录已损坏，未列出；请联系管理员。<span lang="en">${damaged} damaged archive record(s) are not listed; please tell the operator.</span></p>` : ''}
      ${summary(groups, search, year)}
      ${groups.map(yearSection)}
    </main>
    <footer>
      <p>每个版本一经归档不再修改；更正后的报告作为新版本列出。<span lang="en">Archived versions are never changed; a corrected report is listed as a new version.</span></p>
      <p><a href="/v1/archive">JSON</a> · <a href="/docs">API</a></p>
    </footer>`;
  return (await page(body)).toString();
}

function yearOrUndefined(text: string): number | undefined {
  try {
    return parseYear(text);
  } catch {
    return undefined;
  }
}

/** The years that hold at least one version, read from the keys alone so no record is fetched. */
async function archivedYears(archive: Archive): Promise<number[]> {
  const years = new Set<number>();
  for await (const keys of listAll(archive, '')) {
    for (const key of keys) if (isRecordKey(key)) years.add(Number(key.slice(0, key.indexOf('/'))));
  }
  return [...years].sort((a, b) => b - a);
}

/** A plain substring of the name or the id, ignoring case so Latin letters match either way. */
function matches(agency: PublicationRecord['agency'], search: string): boolean {
  if (search === '') return true;
  const needle = search.toLowerCase();
  return agency.name.toLowerCase().includes(needle) || agency.id.includes(needle);
}

/** listVersions sorts by year, agency, newest first; grouping keeps that order, newest year first. */
function groupByYearAndAgency(versions: VersionEntry[]): YearGroup[] {
  const years: YearGroup[] = [];
  for (const entry of versions) {
    const { year, agency } = entry.record;
    let yearGroup = years.at(-1);
    if (yearGroup?.year !== year) years.push((yearGroup = { year, agencies: [] }));
    let agencyGroup = yearGroup.agencies.at(-1);
    if (agencyGroup?.agency.id !== agency.id) yearGroup.agencies.push((agencyGroup = { agency, versions: [] }));
    agencyGroup.versions.push(entry);
  }
  return years.reverse();
}

function searchForm(search: string, year: number | undefined, years: number[]): Html {
  return html`<form method="get" role="search">
    <label class="grow">机关名称或代码 <span lang="en">Agency name or id</span>
      <input type="search" name="q" value="${search}" placeholder="例如 残疾人联合会" autocomplete="off">
    </label>
    <label>年度 <span lang="en">Year</span>
      <select name="year">
        <option value="">全部 All</option>
        ${years.map((y) => html`<option value="${y}"${y === year ? raw(' selected') : ''}>${y}</option>`)}
      </select>
    </label>
    <button type="submit">搜索 <span lang="en">Search</span></button>
    ${search !== '' || year !== undefined ? html`<a class="reset" href="?">清除 <span lang="en">Clear</span></a>` : ''}
  </form>`;
}

function badYearMessage(yearText: string): Html {
  return html`<p class="notice" role="alert">年度“${yearText}”无效，应为 2008 至 2099 的四位数字；下面列出全部年度。
    <span lang="en">“${yearText}” is not a year from 2008 to 2099; all years are shown.</span></p>`;
}

function summary(groups: YearGroup[], search: string, year: number | undefined): Html {
  const reports = groups.reduce((n, g) => n + g.agencies.length, 0);
  const versions = groups.reduce((n, g) => n + g.agencies.reduce((m, a) => m + a.versions.length, 0), 0);
  if (reports === 0) {
    const filters = [search !== '' ? `“${search}”` : '', year !== undefined ? `${year} 年度` : ''].filter(Boolean).join('，');
    return html`<p class="empty" role="status"><strong>没有找到报告</strong>${filters ? `（${filters}）` : ''}。
      <span lang="en">No result: no archived report matches${search !== '' ? ` “${search}”` : ''}${year !== undefined ? ` in ${year}` : ''}.</span></p>`;
  }
  return html`<p class="summary" role="status">共 ${reports} 份报告，${versions} 个版本。
    <span lang="en">${reports} report(s), ${versions} version(s).</span></p>`;
}

function yearSection(group: YearGroup): Html {
  return html`<section aria-labelledby="y${group.year}">
    <h2 id="y${group.year}">${group.year} 年度 <span lang="en">${group.year}</span></h2>
    <p class="links"><a class="tables" href="/v1/open-data/${group.year}.csv">${group.year} 年度全部表格 CSV <span lang="en">All tables, one line per agency</span></a></p>
    ${group.agencies.map(agencyArticle)}
  </section>`;
}

function agencyArticle({ agency, versions }: AgencyGroup): Html {
  return html`<article class="agency">
    <h3>${agency.name} <small class="id">${agency.id}</small></h3>
    <ol class="versions">${versions.map(versionItem)}</ol>
  </article>`;
}

function versionItem({ record, current }: VersionEntry): Html {
  return html`<li class="${current ? 'version current' : 'version older'}">
    <p class="head">
      ${current ? html`<span class="badge">当前版本 <span lang="en">current</span></span>` : html`<span class="badge old">旧版本 <span lang="en">older</span></span>`}
      <time datetime="${record.createdAt}">${beijingTime(record.createdAt)}</time>
    </p>
    <p class="links">
      <a class="pdf" href="/v1/archive/${record.keys.pdf}">下载 PDF <span lang="en">Download</span></a>
      <a href="/v1/archive/${record.keys.source}">源数据 JSON <span lang="en">Source</span></a>
      <a href="/v1/archive/${record.keys.record}">归档记录 <span lang="en">Record</span></a>
      <a class="tables" href="${tablesLinks(record.keys.source).csv}">表格 CSV <span lang="en">Tables</span></a>
      <a class="tables" href="${tablesLinks(record.keys.source).json}">表格 JSON <span lang="en">Tables</span></a>
    </p>
    <dl>
      <div><dt>大小 <span lang="en">Size</span></dt><dd>${formatSize(record.bytes)}</dd></div>
      <div><dt>页数 <span lang="en">Pages</span></dt><dd>${record.pages}</dd></div>
      <div><dt>格式 <span lang="en">Format</span></dt><dd>${record.formatVersion}</dd></div>
      <div class="wide"><dt>SHA-256</dt><dd><code class="sha">${record.sha256}</code></dd></div>
    </dl>
    ${record.exceptions.length > 0 ? exceptionList(record.exceptions) : ''}
  </li>`;
}

function exceptionList(exceptions: PublicationRecord['exceptions']): Html {
  return html`<div class="exceptions">
    <p>已确认的例外 <span lang="en">Acknowledged exceptions</span></p>
    <ul>${exceptions.map((e) => html`<li><code>${e.rule}</code>${e.cell === undefined ? '' : html` <code>${e.cell}</code> 应 ${String(e.expected)}、实 ${String(e.found)}`} ${e.reason}</li>`)}</ul>
  </div>`;
}

/** KB below a megabyte, MB above, binary units as file managers show them. */
function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  return kb < 1024 ? `${kb.toFixed(1)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

function page(body: Html): Html {
  return htmlDocument('年度报告档案 · Annual report archive', STYLE, body);
}

/** System fonts only: the page must load offline, and every OS has a CJK UI font. */
const STYLE = `
:root{--fg:#1b1b1b;--muted:#5c5c5c;--line:#d9d9d9;--bg:#fff;--card:#f6f6f4;--accent:#9d1c1c;--on-accent:#fff;--link:#0b57a4}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a8a8a8;--line:#3a3a3a;--bg:#161616;--card:#202020;--accent:#ef8a80;--on-accent:#161616;--link:#8ab8f0}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:3px solid var(--accent);padding-top:1rem;padding-bottom:1rem}
h1{font-size:1.35rem;margin:0 0 .75rem;line-height:1.3}
h1 span,h2 span{display:block;font-size:.8em;font-weight:normal;color:var(--muted)}
[lang=en]{color:var(--muted);font-size:.9em}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem}
label.grow{flex:1 1 14rem}
input,select,button{font:inherit;padding:.5rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);min-height:2.75rem}
button{background:var(--accent);border-color:var(--accent);color:var(--on-accent);cursor:pointer}
button [lang=en]{color:inherit}
.reset{align-self:center}
a{color:var(--link)}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h2 span{display:inline;font-size:.75em}
.agency{margin:0 0 1rem}
h3{font-size:1.05rem;margin:.75rem 0 .4rem;overflow-wrap:anywhere}
.id{font-weight:normal;color:var(--muted);font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.8em}
ol.versions{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}
.version{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.version.current{border-left:4px solid var(--accent)}
.version.older{opacity:.9}
.version p{margin:0 0 .35rem}
.head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;color:var(--muted);font-size:.9rem}
.badge{background:var(--accent);color:var(--on-accent);border-radius:4px;padding:0 .4rem;font-size:.85rem}
.badge [lang=en]{color:inherit}
.badge.old{background:var(--muted)}
.links{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
.links a{padding:.3rem 0}
a.pdf{font-weight:600}
dl{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;margin:0;font-size:.9rem}
dl div{display:flex;gap:.4rem}
dl .wide{flex-basis:100%;display:block}
dt{color:var(--muted)}
dd{margin:0}
.sha{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all;overflow-wrap:anywhere}
.exceptions{margin-top:.4rem;font-size:.9rem;border-top:1px dashed var(--line);padding-top:.3rem}
.exceptions ul{margin:0;padding-left:1.2rem}
.notice{background:#fff4ce;color:#3d3000;border:1px solid #e0c060;border-radius:6px;padding:.6rem .8rem}
.notice [lang=en]{color:inherit}
.empty{font-size:1.05rem;padding:1.5rem 0}
.summary{color:var(--muted)}
footer{margin-top:2rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
`;
