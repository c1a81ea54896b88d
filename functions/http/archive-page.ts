/**
 * The archivists' page at GET /archive (issue 5): published reports, newest year first, each
 * year's agencies by id, 50 to a page, each agency with its versions newest first (download links,
 * size, pages, full sha256, time, acknowledged rule exceptions), each name linking to the agency's
 * page (agency-page.ts); filters by year, region and agency and a search on names. A search with no
 * year or agency chosen spans every year and lists agencies instead, from the agency directory
 * (`allYearsSearch`). Everything comes from the catalog
 * (archive/catalog-query.ts), so a page costs the same in an archive of ten reports or of forty
 * thousand. It is one server-rendered HTML document with inline CSS and no script at all, so it
 * works with JavaScript off, on a phone and on an intranet without a CDN, and it imports nothing
 * from Node, so every runtime serves it. Every value from a record goes through hono's `html`
 * template, which escapes it: agency names are whatever the publisher typed.
 */
import { html, raw } from 'hono/html';
import type { Archive } from '../archive/archive';
import { recordOf } from '../archive/catalog-index';
import type { DirectoryEntry } from '../archive/catalog-directory';
import { directoryPage, catalogPage, parseDirectoryCursor, parseCatalogCursor, type CatalogQuery, type CatalogRow } from '../archive/catalog-query';
import { InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { PublicationRecord } from '../archive/record';
import type { VersionEntry } from '../archive/versions';
import { beijingTime, htmlDocument, type Html } from '../html-document';
import { tablesLinks } from './open-data';
import { ARCHIVE_STYLE } from './page-style';

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
  if (search !== '' && year.value === undefined && agency.value === undefined) return allYearsSearch(archive, filter, query.cursor, year.bad);
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
      ${groupByYear(page.rows).map(({ year: y, rows }) => yearSection(y, rows, filter.region))}
      ${page.cursor ? html`<nav class="pages"><a rel="next" href="?${nextQuery(filter, page.cursor)}">下一页 <span lang="en">Next page</span></a></nav>` : ''}
    </main>
    ${footer()}`;
  return (await documentOf(body)).toString();
}

const AGENCIES_PER_SEARCH = 50;

/**
 * A search over every year lists agencies, not versions: each with its years, each year's current
 * version and a link to that year's versions. It reads the agency directory alone (archive/catalog-query.ts
 * `directoryPage`), where listing versions would read every year's index.
 */
async function allYearsSearch(archive: Archive, filter: CatalogQuery, cursorText: string | undefined, badYear: string | undefined): Promise<string> {
  const after = parsed(cursorText, parseDirectoryCursor);
  const page = await directoryPage(archive, filter, { after: after.value, limit: AGENCIES_PER_SEARCH });
  const body = html`
    <header>
      <h1>政府信息公开工作年度报告档案 <span lang="en">Annual report archive</span></h1>
      ${searchForm(filter.search ?? '', filter.region ?? '', undefined, undefined, [...page.years].reverse())}
    </header>
    <main>
      ${badYear !== undefined ? badYearMessage(badYear) : ''}
      ${after.bad !== undefined ? badParameterMessage() : ''}
      ${page.agencies.length === 0
        ? summary([], filter, false)
        : html`<p class="summary" role="status">${after.value === undefined ? '' : '本页'}共 ${page.agencies.length} 个机关，列出各年度的当前版本；选择年度查看该年度全部版本。
            <span lang="en">${page.agencies.length} ${page.agencies.length === 1 ? 'agency' : 'agencies'}${after.value === undefined ? '' : ' on this page'}, with each year’s current version; pick a year for all its versions.</span></p>`}
      <ol class="found">${page.agencies.map(foundAgency)}</ol>
      ${page.cursor ? html`<nav class="pages"><a rel="next" href="?${nextQuery(filter, page.cursor)}">下一页 <span lang="en">Next page</span></a></nav>` : ''}
    </main>
    ${footer()}`;
  return (await documentOf(body)).toString();
}

function foundAgency(entry: DirectoryEntry): Html {
  return html`<li class="agency">
    <h3><a class="agency-page" href="/archive/${entry.id}">${entry.name}</a> <small class="id">${entry.id}</small>${entry.region ? html` <small class="region">${entry.region}</small>` : ''}</h3>
    <ul class="years">${entry.years.map(
      ({ year, createdAt }) => html`<li><a class="year" href="/archive?year=${year}&amp;agency=${entry.id}">${year} 年度 <span lang="en">${year}</span></a>
        <span class="badge">当前版本 <span lang="en">current</span></span> <time datetime="${createdAt}">${beijingTime(createdAt)}</time></li>`,
    )}</ul>
  </li>`;
}

function footer(): Html {
  return html`<footer>
      <p>每个版本一经归档不再修改；更正后的报告作为新版本列出。<span lang="en">Archived versions are never changed; a corrected report is listed as a new version.</span></p>
      <p><a href="/v1/archive">JSON</a> · <a href="/docs">API</a></p>
    </footer>`;
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

/** With a region filter, the year's links add the region's roll-up (the sum of its agencies' tables). */
function yearSection(year: number, rows: CatalogRow[], region: string | undefined): Html {
  const rollUp = region === undefined ? undefined : `/v1/open-data/${year}/regions/${encodeURIComponent(region)}`;
  return html`<section aria-labelledby="y${year}">
    <h2 id="y${year}">${year} 年度 <span lang="en">${year}</span></h2>
    <p class="links"><a class="tables" href="/v1/open-data/${year}.csv">${year} 年度全部表格 CSV <span lang="en">All tables, one line per agency</span></a>
      ${rollUp ? html`<a class="roll-up" href="${rollUp}.csv">“${region}”合计 CSV <span lang="en">Region’s sum</span></a> <a class="roll-up" href="${rollUp}.json">JSON</a>` : ''}
      <a class="dashboard" href="/dashboard/${year}${region === undefined ? '' : `?region=${encodeURIComponent(region)}`}">发布情况 <span lang="en">Dashboard</span></a></p>
    ${rows.map(agencyArticle)}
  </section>`;
}

function agencyArticle({ year, entry }: CatalogRow): Html {
  const current = entry.versions[0]!;
  return html`<article class="agency">
    <h3><a class="agency-page" href="/archive/${entry.id}">${current.name}</a> <small class="id">${entry.id}</small>${current.region ? html` <small class="region">${current.region}</small>` : ''}</h3>
    <ol class="versions">${entry.versions.map((version, i) => versionItem({ record: recordOf(year, entry.id, version), current: i === 0 }))}</ol>
  </article>`;
}

/** One version: its badge, time, downloads, facts and acknowledged exceptions (also on an agency's page). */
export function versionItem({ record, current }: VersionEntry): Html {
  return html`<li class="${current ? 'version current' : 'version older'}">
    <p class="head">
      ${current ? html`<span class="badge">当前版本 <span lang="en">current</span></span>` : html`<span class="badge old">旧版本 <span lang="en">older</span></span>`}
      <time datetime="${record.createdAt}">${beijingTime(record.createdAt)}</time>
    </p>
    <p class="links">
      <a class="pdf" href="/v1/archive/${record.keys.pdf}">下载 PDF <span lang="en">Download</span></a>
      <a href="/v1/archive/${record.keys.source}">源数据 JSON <span lang="en">Source</span></a>
      <a href="/v1/archive/${record.keys.record}">归档记录 <span lang="en">Record</span></a>
      <a class="tables" href="${tablesLinks(record.keys.source).csv}">表格 CSV <span lang="en">Tables (CSV)</span></a>
      <a class="tables" href="${tablesLinks(record.keys.source).json}">表格 JSON <span lang="en">Tables (JSON)</span></a>
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
  return htmlDocument('年度报告档案 · Annual report archive', ARCHIVE_STYLE, body);
}
