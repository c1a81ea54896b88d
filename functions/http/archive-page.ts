/**
 * The archivists' page at GET /archive (issue 5): published reports, newest year first, each
 * year's agencies by id, 50 to a page, each agency with its versions newest first (download links,
 * size, pages, full sha256, time, acknowledged rule exceptions); filters
 * by year, region and agency and a search on names. Everything comes from the catalog
 * (archive/catalog-query.ts), so a page costs the same in an archive of ten reports or of forty
 * thousand. It is one server-rendered HTML document with inline CSS and no script at all, so it
 * works with JavaScript off, on a phone and on an intranet without a CDN, and it imports nothing
 * from Node, so every runtime serves it. Every value from a record goes through hono's `html`
 * template, which escapes it: agency names are whatever the publisher typed.
 */
import { html, raw } from 'hono/html';
import type { Archive } from '../archive/archive';
import { recordOf } from '../archive/catalog-index';
import { catalogPage, parseCatalogCursor, type CatalogQuery, type CatalogRow } from '../archive/catalog-query';
import { InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { PublicationRecord } from '../archive/record';
import { beijingTime, htmlDocument, type Html } from '../html-document';
import { tablesLinks } from './open-data';

export interface ArchivePageQuery {
  /** Part of an agency's name or id. */
  q?: string;
  /** A four-digit year; anything else is reported on the page and ignored. */
  year?: string;
  /** A region as the reports name it. */
  region?: string;
  /** An agency id. */
  agency?: string;
  /** The `cursor` of the previous page's "next" link. */
  cursor?: string;
}

interface VersionEntry {
  record: PublicationRecord;
  current: boolean;
}

const AGENCIES_PER_PAGE = 50;

/** A parameter that does not parse is reported on the page and ignored, never a failure. */
function parsed<T>(text: string | undefined, parse: (value: string) => T): { value?: T; bad?: string } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return {};
  try {
    return { value: parse(trimmed) };
  } catch (error) {
    if (error instanceof InvalidArchiveKey) return { bad: trimmed };
    throw error;
  }
}

export async function archivePage(archive: Archive, query: ArchivePageQuery): Promise<string> {
  const search = (query.q ?? '').trim();
  const region = (query.region ?? '').trim();
  const year = parsed(query.year, parseYear);
  const agency = parsed(query.agency, parseAgencyId);
  const after = parsed(query.cursor, parseCatalogCursor);
  const filter: CatalogQuery = { year: year.value, agencyId: agency.value, search, region: region === '' ? undefined : region };
  const page = await catalogPage(archive, filter, { after: after.value, limit: AGENCIES_PER_PAGE, newestYearFirst: true });
  const body = html`
    <header>
      <h1>政府信息公开工作年度报告档案 <span lang="en">Annual report archive</span></h1>
      ${searchForm(search, region, year.value, agency.value, [...page.years].reverse())}
    </header>
    <main>
      ${year.bad !== undefined ? badYearMessage(year.bad) : ''}
      ${agency.bad !== undefined || after.bad !== undefined ? badParameterMessage() : ''}
      ${summary(page.rows, filter, after.value !== undefined)}
      ${groupByYear(page.rows).map(({ year: y, rows }) => yearSection(y, rows))}
      ${page.cursor ? html`<nav class="pages"><a rel="next" href="?${nextQuery(filter, page.cursor)}">下一页 <span lang="en">Next page</span></a></nav>` : ''}
    </main>
    <footer>
      <p>每个版本一经归档不再修改；更正后的报告作为新版本列出。<span lang="en">Archived versions are never changed; a corrected report is listed as a new version.</span></p>
      <p><a href="/v1/archive">JSON</a> · <a href="/docs">API</a></p>
    </footer>`;
  return (await documentOf(body)).toString();
}

function nextQuery(filter: CatalogQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (filter.search) params.set('q', filter.search);
  if (filter.year !== undefined) params.set('year', String(filter.year));
  if (filter.region !== undefined) params.set('region', filter.region);
  if (filter.agencyId !== undefined) params.set('agency', filter.agencyId);
  params.set('cursor', cursor);
  return params.toString();
}

/** The rows come newest year first, each year's agencies in order; grouping keeps that order. */
function groupByYear(rows: CatalogRow[]): { year: number; rows: CatalogRow[] }[] {
  const years: { year: number; rows: CatalogRow[] }[] = [];
  for (const row of rows) {
    if (years.at(-1)?.year !== row.year) years.push({ year: row.year, rows: [] });
    years.at(-1)!.rows.push(row);
  }
  return years;
}

function searchForm(search: string, region: string, year: number | undefined, agency: string | undefined, years: number[]): Html {
  return html`<form method="get" role="search">
    <label class="grow">机关名称或代码 <span lang="en">Agency name or id</span>
      <input type="search" name="q" value="${search}" placeholder="例如 残疾人联合会" autocomplete="off">
    </label>
    <label>地区 <span lang="en">Region</span>
      <input type="text" name="region" value="${region}" size="10" autocomplete="off">
    </label>
    <label>年度 <span lang="en">Year</span>
      <select name="year">
        <option value="">全部 All</option>
        ${years.map((y) => html`<option value="${y}"${y === year ? raw(' selected') : ''}>${y}</option>`)}
      </select>
    </label>
    ${agency !== undefined ? html`<input type="hidden" name="agency" value="${agency}">` : ''}
    <button type="submit">搜索 <span lang="en">Search</span></button>
    ${search !== '' || region !== '' || year !== undefined || agency !== undefined ? html`<a class="reset" href="?">清除 <span lang="en">Clear</span></a>` : ''}
  </form>`;
}

function badYearMessage(yearText: string): Html {
  return html`<p class="notice" role="alert">年度“${yearText}”无效，应为 2008 至 2099 的四位数字；下面列出全部年度。
    <span lang="en">“${yearText}” is not a year from 2008 to 2099; all years are shown.</span></p>`;
}

function badParameterMessage(): Html {
  return html`<p class="notice" role="alert">链接中的机关代码或分页位置无效，已忽略。
    <span lang="en">The link's agency id or page position is not valid and was ignored.</span></p>`;
}

function summary(rows: CatalogRow[], filter: CatalogQuery, later: boolean): Html {
  if (rows.length === 0) {
    const filters = [filter.search ? `“${filter.search}”` : '', filter.region ? `地区“${filter.region}”` : '', filter.year !== undefined ? `${filter.year} 年度` : ''].filter(Boolean).join('，');
    return html`<p class="empty" role="status"><strong>没有找到报告</strong>${filters ? `（${filters}）` : ''}。
      <span lang="en">No result: no archived report matches${filter.search ? ` “${filter.search}”` : ''}${filter.region ? ` in region “${filter.region}”` : ''}${filter.year !== undefined ? ` in ${filter.year}` : ''}.</span></p>`;
  }
  const versions = rows.reduce((n, row) => n + row.entry.versions.length, 0);
  return html`<p class="summary" role="status">${later ? '本页' : ''}共 ${rows.length} 份报告，${versions} 个版本。
    <span lang="en">This page: ${rows.length} report(s), ${versions} version(s).</span></p>`;
}

function yearSection(year: number, rows: CatalogRow[]): Html {
  return html`<section aria-labelledby="y${year}">
    <h2 id="y${year}">${year} 年度 <span lang="en">${year}</span></h2>
    <p class="links"><a class="tables" href="/v1/open-data/${year}.csv">${year} 年度全部表格 CSV <span lang="en">All tables, one line per agency</span></a></p>
    ${rows.map(agencyArticle)}
  </section>`;
}

function agencyArticle({ year, entry }: CatalogRow): Html {
  const current = entry.versions[0]!;
  return html`<article class="agency">
    <h3>${current.name} <small class="id">${entry.id}</small>${current.region ? html` <small class="region">${current.region}</small>` : ''}</h3>
    <ol class="versions">${entry.versions.map((version, i) => versionItem({ record: recordOf(year, entry.id, version), current: i === 0 }))}</ol>
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

function documentOf(body: Html): Html {
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
.region{font-weight:normal;color:var(--muted);font-size:.8em}
.pages{margin:1.5rem 0;font-size:1.05rem}
footer{margin-top:2rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
`;
