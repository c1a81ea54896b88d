/**
 * Open data (issue 19, point 6), public like the PDFs it sits beside:
 * - GET /v1/archive/{year}/{agency}/{sourceSha256}.tables.csv|.tables.json: one published
 *   version's tables, one row per cell (open-data/tables.ts), from its archived source JSON;
 *   immutable like the version.
 * - GET /v1/open-data/{year}.csv: the year's current versions, one line per agency, one column
 *   per cell path.
 * Registered by createApp before GET /v1/archive/{key}, which would otherwise take the first.
 */
import type { Hono } from 'hono';
import type { AppPorts } from '../app';
import { parseAgencyId, parseSha256, parseYear, recordKey } from '../archive/keys';
import { readSourceReport } from '../archive/source';
import { readRecord } from '../archive/store';
import type { Archive } from '../archive/archive';
import { currentVersions } from '../archive/catalog-query';
import { NotFound } from '../errors';
import { rollUp, ROLL_UP_FIELDS, tableCells, tablesCsv, tablesJson, yearCsv } from '../open-data';
import { agencyInRegion, parseRegion, type AgencyInRegion } from '../region';
import { readRegister } from '../register/store';
import { operations } from './operations';
import { parameter } from './parameters';
import { mapInGroups } from '../in-groups';

const TABLES_SUFFIX = { csv: '.tables.csv', json: '.tables.json' } as const;
const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

/** The links to a version's tables, beside its PDF: `{year}/{agency}/{sourceSha256}.tables.*`. */
export function tablesLinks(sourceKey: string): { csv: string; json: string } {
  const base = `/v1/archive/${sourceKey.replace(/\.json$/, '')}`;
  return { csv: `${base}${TABLES_SUFFIX.csv}`, json: `${base}${TABLES_SUFFIX.json}` };
}

/** Sources read at once: a year of thousands of agencies is read in groups, not with thousands of requests open. */
const SOURCES_AT_ONCE = 16;

/** The catalog names each agency's current version: one index read, then one source per agency chosen. */
async function currentReports(archive: Archive, year: number, chosen?: AgencyInRegion) {
  const records = await currentVersions(archive, year, chosen);
  return mapInGroups(records, SOURCES_AT_ONCE, (record) => readSourceReport(archive, record));
}

export function registerOpenDataRoutes(app: Hono, ports: Pick<AppPorts, 'archive'>): void {
  app.get('/v1/archive/:year/:agency/:file{[0-9a-f]+\\.tables\\.(?:csv|json)}', operations.downloadTables, async (c) => {
    const [sha, , format] = c.req.param('file').split('.');
    const year = parameter(parseYear, c.req.param('year'));
    const agencyId = parameter(parseAgencyId, c.req.param('agency'));
    const key = recordKey(year, agencyId, parameter(parseSha256, sha!));
    const record = await readRecord(ports.archive, key);
    if (!record) throw new NotFound(`no published version ${key}`);
    const report = await readSourceReport(ports.archive, record);
    const headers = {
      'cache-control': 'public, max-age=31536000, immutable',
      'content-disposition': `attachment; filename="${year}-${agencyId}-${sha}${TABLES_SUFFIX[format as 'csv' | 'json']}"`,
    };
    if (format === 'json') return c.json(tablesJson(report), 200, headers);
    return c.body(tablesCsv(tableCells(report)), 200, { ...headers, 'content-type': CSV_TYPE });
  });

  app.get('/v1/open-data/:file{[0-9]+\\.csv}', operations.yearOpenData, async (c) => {
    const year = parameter(parseYear, c.req.param('file').replace(/\.csv$/, ''));
    const reports = await currentReports(ports.archive, year);
    if (reports.length === 0) throw new NotFound(`no report published for ${year}`);
    // It changes with every publish: a short shared cache, never "immutable".
    return c.body(yearCsv(reports), 200, { 'content-type': CSV_TYPE, 'cache-control': 'public, max-age=60', 'content-disposition': `attachment; filename="nianbao-${year}.csv"` });
  });

  app.get('/v1/open-data/:year{[0-9]+}/regions/:file{.+\\.(?:csv|json)}', operations.regionRollUp, async (c) => {
    const year = parameter(parseYear, c.req.param('year'));
    const [, name, format] = /^(.*)\.(csv|json)$/.exec(c.req.param('file'))!;
    const region = parameter(parseRegion, name!);
    const reports = await currentReports(ports.archive, year, agencyInRegion(region, await readRegister(ports.archive)));
    if (reports.length === 0) throw new NotFound(`no report published for ${year} in region ${region}`);
    const rolled = rollUp(reports);
    const headers = { 'cache-control': 'public, max-age=60', 'content-disposition': `attachment; filename="nianbao-${year}-region.${format}"; filename*=UTF-8''${encodeURIComponent(`nianbao-${year}-${region}.${format}`)}` };
    if (format === 'csv') return c.body(tablesCsv(rolled.cells, ROLL_UP_FIELDS), 200, { ...headers, 'content-type': CSV_TYPE });
    const agencies = reports.map(({ agency }) => ({ id: agency.id, name: agency.name, ...(agency.region ? { region: agency.region } : {}) }));
    return c.json({ year, region, formatVersion: rolled.formatVersion, agencies, figures: rolled.figures, cells: rolled.cells }, 200, headers);
  });
}
