/**
 * What each route of functions/app.ts does, for the OpenAPI document: one describeRoute
 * middleware per operation, placed in the route's handler chain, so the document's paths and
 * methods are the app's own route table (functions/http/openapi.ts generates it from there).
 * Shapes it refers to (`#/components/…`) are in openapi.ts.
 */
import { describeRoute, type DescribeRouteOptions } from 'hono-openapi';
import { LISTS } from '../dashboard/model';

/** Plain OpenAPI objects; test/unit/http/openapi.test.ts validates the document they make. */
type Spec = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const res = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (description: string, schema: object, headers?: object) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const pdf = { schema: { type: 'string', contentMediaType: 'application/pdf' } };

const reportBody = { required: true, content: { 'application/json': { schema: ref('Report') } } };
const bodyErrors = { 400: res('BadRequest'), 408: res('BodyTimeout'), 413: res('TooLarge'), 415: res('UnsupportedMediaType'), 422: res('Invalid') };
const byToken = [{ bearer: [] }];
const YEAR = { type: 'string', pattern: '^\\d{4}$' };
const AGENCY = { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' };
const AGENCY_PATH = { name: 'agency', in: 'path', required: true, schema: AGENCY };
const REGION = { type: 'string', pattern: '^\\d{6}$' };
const DASHBOARD_PARAMETERS = [
  { name: 'year', in: 'path', required: true, schema: YEAR },
  { name: 'region', in: 'query', description: 'A 行政区划代码 (covering its area: 320000 every 32xxxx) or a region as the reports name it.', schema: { type: 'string' } },
  { name: 'list', in: 'query', description: 'Only the agencies of this list.', schema: { enum: [...LISTS] } },
];
const DRAFT_PLACE = [
  { name: 'year', in: 'path', required: true, schema: YEAR },
  { name: 'agency', in: 'path', required: true, description: 'Must equal the report’s `agency.id`.', schema: AGENCY },
];

/** One operation: its tag, id and summary, and every status it can answer. */
function operation(tag: 'reports' | 'archive' | 'meta', operationId: string, summary: string, responses: Record<number, Spec>, more: Spec = {}) {
  return describeRoute({ tags: [tag], operationId, summary, ...more, responses } as DescribeRouteOptions);
}

export const operations = {
  validateReport: operation('reports', 'validateReport', 'Check a report against its format and the consistency rules',
    { 200: json('The report is valid.', ref('Validation')), ...bodyErrors, 500: res('Internal') },
    { requestBody: reportBody }),
  previewReport: operation('reports', 'previewReport', 'The HTML the PDF will be printed from',
    { 200: html('The rendered report.'), ...bodyErrors, 429: res('RateLimited'), 500: res('Internal') },
    { requestBody: reportBody }),
  renderReport: operation('reports', 'renderReport', 'A draft PDF, not archived',
    { 200: { description: 'The PDF.', content: { 'application/pdf': pdf } }, ...bodyErrors, 429: res('RateLimited'), 503: res('Busy'), 504: res('Timeout'), 500: res('Internal') },
    { requestBody: reportBody }),
  importReport: operation('reports', 'importReport', 'Read a published report (PDF, Word, web page or text) into report JSON', {
    200: json('The report as read (valid against the schema when nothing needs a person) and what the import read and left for a person.', {
      type: 'object',
      required: ['report', 'summary', 'complete'],
      properties: {
        report: { type: 'object', description: 'A report in the shape of `Report`.' },
        summary: {
          type: 'object',
          required: ['cellsRead', 'cellsExpected', 'unplaced', 'needsPerson'],
          properties: {
            cellsRead: { type: 'integer' },
            cellsExpected: { type: 'integer' },
            unplaced: { type: 'array', items: { type: 'string' }, description: 'Text that could not be placed, quoted.' },
            needsPerson: { type: 'array', items: { type: 'string' } },
          },
        },
        complete: { type: 'boolean', description: 'True when every cell and paragraph was placed and nothing needs a person.' },
      },
    }),
    ...bodyErrors, 429: res('RateLimited'), 500: res('Internal'),
  }, {
    requestBody: {
      required: true,
      description: 'The file itself, with its media type; at most 20 MiB and the body limit.',
      content: Object.fromEntries(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/html', 'text/plain'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    },
  }),
  publishReport: operation('reports', 'publishReport', 'Validate, render, print and archive a report (idempotent)', {
    201: json('Archived as a new version.', ref('Publication'), { Location: { description: 'The record’s download path.', schema: { type: 'string' } } }),
    200: json('This exact report was already archived; the existing record.', ref('Publication')),
    ...bodyErrors, 401: res('Unauthorized'), 403: res('Forbidden'), 503: res('Busy'), 504: res('Timeout'), 500: res('Internal'),
  }, { security: byToken, requestBody: reportBody }),
  storeDraft: operation('reports', 'storeDraft', 'Store a valid report (or, with incomplete=true, an unfinished one) as the agency’s draft', {
    201: json('Stored as the agency’s current draft.', ref('StoredDraft'), { ETag: { schema: { type: 'string' } } }),
    200: json('This exact report already is the current draft.', ref('StoredDraft'), { ETag: { schema: { type: 'string' } } }),
    412: json('If-Match or If-None-Match failed: someone else stored a draft meanwhile; the current draft is theirs, unchanged (checked and stored in one step, so of saves racing from the same draft exactly one wins).', { type: 'object' }, { ETag: { schema: { type: 'string' } } }),
    ...bodyErrors, 401: res('Unauthorized'), 403: res('Forbidden'), 503: res('Busy'), 500: res('Internal'),
  }, {
    security: byToken,
    parameters: [
      ...DRAFT_PLACE,
      { name: 'incomplete', in: 'query', description: '`true` stores a report still being written, whatever its problems (returned as `errors`).', schema: { enum: ['true'] } },
      { name: 'If-Match', in: 'header', description: 'The ETag of the draft the edit started from.', schema: { type: 'string' } },
      { name: 'If-None-Match', in: 'header', description: '`*`: only when there is no draft yet.', schema: { type: 'string' } },
    ],
    requestBody: reportBody,
  }),
  readDraft: operation('reports', 'readDraft', 'The agency’s current draft for the year, with its ETag for a conditional store',
    { 200: json('The draft as stored.', ref('Report'), { ETag: { schema: { type: 'string' } } }), 401: res('Unauthorized'), 403: res('Forbidden'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal') },
    { security: byToken, parameters: DRAFT_PLACE }),
  prefillDraft: operation('reports', 'prefillDraft', 'A new year’s draft from the agency’s published report of the year before (nothing stored)',
    { 200: json('The draft: 上年结转 and the carried figures filled, every other cell blank.', { type: 'object' }), 401: res('Unauthorized'), 403: res('Forbidden'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal') },
    { security: byToken, parameters: DRAFT_PLACE }),
  agencyYears: operation('reports', 'agencyYears', 'The years an agency has a draft or a published report for', {
    200: json('Newest year first.', { type: 'object', properties: { agency: { type: 'string' }, years: { type: 'array', items: { type: 'object', properties: { year: { type: 'integer' }, published: { type: 'integer' }, draft: { type: 'object' } } } } } }),
    401: res('Unauthorized'), 403: res('Forbidden'), 503: res('Busy'), 500: res('Internal'),
  }, { security: byToken, parameters: [{ name: 'agency', in: 'path', required: true, schema: AGENCY }] }),
  listAgencies: operation('archive', 'listAgencies', 'The agency register: who must report, in which region (empty before the first import)', {
    200: json('Agencies by id.', { type: 'object', required: ['agencies'], properties: { agencies: { type: 'array', items: ref('Agency') } } }),
    400: res('BadRequest'), 503: res('Busy'), 500: res('Internal'),
  }, {
    parameters: [
      { name: 'year', in: 'query', description: 'Only the agencies that must report for this year.', schema: YEAR },
      { name: 'region', in: 'query', description: 'Only the agencies within this 行政区划代码: 320000 covers every 32xxxx, 321300 every 3213xx.', schema: REGION },
    ],
  }),
  whoAmI: operation('meta', 'whoAmI', 'Who the bearer credential belongs to: its role, and an author’s agencies or a region admin’s region', {
    200: json('The principal; never the credential itself.', {
      type: 'object',
      required: ['role', 'id', 'name', 'agencies', 'region', 'via'],
      properties: {
        role: { enum: ['author', 'region-admin', 'batch-operator', 'operator'] },
        id: { type: 'string', description: 'The token id (`nianbao token ls`), `server-token` for NIANBAO_TOKEN, or the JWT’s subject.' },
        name: { type: ['string', 'null'] },
        agencies: { type: ['array', 'null'], items: { type: 'string' }, description: 'An author’s agencies.' },
        region: { type: ['string', 'null'], description: 'A region admin’s 行政区划代码; it covers the agencies whose register region starts with it (trailing 00 pairs dropped).' },
        via: { enum: ['server-token', 'token', 'jwt'] },
      },
    }),
    401: res('Unauthorized'), 503: res('Busy'), 500: res('Internal'),
  }, { security: byToken }),
  listAudit: operation('archive', 'listAudit', 'The audit log: every write (publish, draft stored, and refusals of credentials for other agencies), oldest first; operators see all of it, region admins their region’s', {
    200: json('One page of entries: 100 at most.', {
      type: 'object',
      required: ['entries'],
      properties: {
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'at', 'action', 'outcome', 'actor'],
            properties: {
              key: { type: 'string', description: 'The entry’s own archive key.' },
              target: { type: 'string', description: 'The archive key written (a record, a draft, a grant, a register, a batch plan) or, refused, the request’s path.' },
              at: { type: 'string', format: 'date-time' },
              action: { enum: ['publish', 'draft.store', 'token.add', 'token.revoke', 'register.import', 'batch.start'] },
              outcome: { enum: ['written', 'unchanged', 'refused'] },
              actor: { type: 'object', properties: { id: { type: 'string' }, role: { type: 'string' }, via: { type: 'string' }, name: { type: 'string' } } },
              agency: { type: 'string' },
              client: { type: 'object', properties: { address: { type: 'string' }, userAgent: { type: 'string' } } },
            },
          },
        },
        cursor: { type: 'string', description: 'Present when more entries follow: pass it as `cursor`.' },
      },
    }),
    400: res('BadRequest'), 401: res('Unauthorized'), 403: res('Forbidden'), 503: res('Busy'), 500: res('Internal'),
  }, {
    security: byToken,
    parameters: [
      { name: 'year', in: 'query', schema: YEAR },
      { name: 'since', in: 'query', description: 'A date (`2026-01-20`) or an instant (`2026-01-20T08:00:00Z`): only entries from then on.', schema: { type: 'string' } },
      { name: 'cursor', in: 'query', description: 'The `cursor` of the previous page.', schema: { type: 'string' } },
    ],
  }),
  workspacePage: operation('meta', 'workspacePage', 'The authors’ workspace: write, check, preview and publish a report in the browser', { 200: html('The page; its data comes from the token-guarded API.') }),
  workspaceScript: operation('meta', 'workspaceScript', 'The workspace’s script (addressed by its hash, cached for good)',
    { 200: { description: 'The script.', content: { 'text/javascript': { schema: { type: 'string' } } } } }),
  listArchive: operation('archive', 'listArchive', 'Archived versions from the catalog: by year, then agency, newest first per agency',
    { 200: json('One page of versions: 100 at most, unless one agency has more; an agency’s versions are never split over two pages. A search by name (`q`) without `year` or `agency` answers agencies instead (`AgencySearch`), each with its years and links to each year’s versions: it reads the agency directory alone (2 storage requests), which keeps each year’s current version but not the records that version items are made of.', { oneOf: [ref('ArchiveList'), ref('AgencySearch')] }), 400: res('BadRequest'), 503: res('Busy'), 500: res('Internal') }, {
      parameters: [
        { name: 'year', in: 'query', schema: YEAR, examples: { year: { value: '2020' } } },
        { name: 'agency', in: 'query', description: 'An agency id.', schema: AGENCY },
        { name: 'region', in: 'query', description: 'The region exactly as the reports name it (`agency.region`).', schema: { type: 'string' } },
        { name: 'q', in: 'query', description: 'Part of an agency’s current name or of its id, ignoring case. Without `year` or `agency`, the answer lists agencies (`AgencySearch`), not versions.', schema: { type: 'string' } },
        { name: 'cursor', in: 'query', description: 'The `cursor` of the previous page.', schema: { type: 'string' } },
      ],
    }),
  downloadArchived: operation('archive', 'downloadArchived', 'Download an archived PDF, source JSON or record (or, with the token, a draft or a batch run’s plan, results and summary page)', {
    200: {
      description: 'The object. Keys never change: published copies may be cached forever by anyone, drafts and batch runs only privately.',
      headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
      content: { 'application/pdf': pdf, 'application/json': { schema: {} }, 'text/html': { schema: { type: 'string' } } },
    },
    302: { description: 'A short-lived presigned URL of the storage (S3); not for pages, whose relative links must resolve here.', headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
    401: res('Unauthorized'), 403: res('Forbidden'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
  }, {
    parameters: [
      { name: 'key', in: 'path', required: true, description: 'An archive key such as `2020/suqian-cdpf/{sha256}.pdf`; its slashes are sent as they are.', schema: { type: 'string' } },
      { name: 'redirect', in: 'query', description: '`false` streams the bytes even where the storage could hand out a presigned URL.', schema: { enum: ['false'] } },
    ],
  }),
  downloadTables: operation('archive', 'downloadTables', 'A published version’s tables as open data: one row per cell, with its JSON path, official labels and value (blank cells empty)', {
    200: {
      description: '`.tables.csv`: UTF-8 with a byte order mark (so Excel opens it), CRLF, RFC 4180 quoting, one header line. `.tables.json`: the same cells as objects. Derived from the archived source, so as immutable as the PDF.',
      content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', properties: { year: { type: 'integer' }, agency: { type: 'object' }, formatVersion: { type: 'string' }, cells: { type: 'array', items: { type: 'object' } } } } } },
    },
    400: res('BadRequest'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
  }, {
    parameters: [
      { name: 'year', in: 'path', required: true, schema: YEAR },
      { name: 'agency', in: 'path', required: true, schema: AGENCY },
      { name: 'file', in: 'path', required: true, description: 'The version’s source SHA-256 followed by `.tables.csv` or `.tables.json`.', schema: { type: 'string', pattern: '^[0-9a-f]{64}\\.tables\\.(csv|json)$' } },
    ],
  }),
  yearOpenData: operation('archive', 'yearOpenData', 'A year’s open data: one line per agency (its current version), one column per table cell, headed by the cell’s JSON path', {
    200: { description: 'CSV in UTF-8 with a byte order mark, CRLF, RFC 4180 quoting; blank cells empty.', content: { 'text/csv': { schema: { type: 'string' } } } },
    400: res('BadRequest'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
  }, { parameters: [{ name: 'file', in: 'path', required: true, description: 'The year followed by `.csv`, e.g. `2023.csv`.', schema: { type: 'string', pattern: '^\\d{4}\\.csv$' } }] }),
  regionRollUp: operation('archive', 'regionRollUp', 'A region’s roll-up for a year: its agencies’ current versions added cell by cell', {
    200: {
      description: 'One line (CSV) or object (JSON) per table cell, as a version’s tables, with `reported` (how many reports gave the cell a figure) and `note` (why a value is blank although figures were given: amounts in units that cannot be added). Blank + n = n; a cell blank in every report stays blank. The JSON adds the year, the region, the agencies added and the key figures. CSV: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting.',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/json': {
          schema: {
            type: 'object',
            required: ['year', 'region', 'formatVersion', 'agencies', 'figures', 'cells'],
            properties: {
              year: { type: 'integer' },
              region: { type: 'string' },
              formatVersion: { type: 'string' },
              agencies: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' } } } },
              figures: { type: 'object', additionalProperties: { type: ['integer', 'null'] } },
              cells: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    },
    400: res('BadRequest'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
  }, {
    parameters: [
      { name: 'year', in: 'path', required: true, schema: YEAR },
      {
        name: 'file', in: 'path', required: true,
        description: 'The region followed by `.csv` or `.json`. A six-digit 行政区划代码 covers its area: `320000` every 32xxxx, `321300` every 3213xx; any other text is a region exactly as the reports name it (`agency.region`), URL-encoded.',
        schema: { type: 'string', pattern: '^.+\\.(csv|json)$' }, examples: { province: { value: '320000.csv' } },
      },
    ],
  }),
  reportSchema: operation('meta', 'reportSchema', 'The report’s JSON Schema', { 200: json('JSON Schema 2020-12.', { type: 'object' }) }),
  openApi: operation('meta', 'openApi', 'This document', { 200: json('OpenAPI 3.1.', { type: 'object' }) }),
  apiReference: operation('meta', 'apiReference', 'The interactive API reference', { 200: html('Swagger UI, served from this server.') }),
  apiReferenceAsset: operation('meta', 'apiReferenceAsset', 'A script, stylesheet or licence of the API reference page',
    { 200: { description: 'The file.', content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } } }, 404: res('NotFound') },
    { parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }] }),
  archivePage: operation('archive', 'archivePage', 'The archivists’ page: years → agencies → versions, 50 agencies a page',
    { 200: html('The page; it works without JavaScript.'), 503: res('Busy'), 500: res('Internal') }, {
      parameters: [
        { name: 'q', in: 'query', description: 'Part of an agency’s name or id. Without `year` or `agency`, the search spans every year and lists agencies, 50 a page, each with its years’ current versions.', schema: { type: 'string' } },
        { name: 'year', in: 'query', description: 'A four-digit year; anything else is reported on the page.', schema: { type: 'string' } },
        { name: 'region', in: 'query', description: 'A region as the reports name it.', schema: { type: 'string' } },
        { name: 'agency', in: 'query', description: 'An agency id.', schema: { type: 'string' } },
        { name: 'cursor', in: 'query', description: 'From the previous page’s “next page” link.', schema: { type: 'string' } },
      ],
    }),
  agencyHistory: operation('archive', 'agencyHistory', 'An agency’s history: every year’s versions (current first) and the key figures of each year’s current version', {
    200: json('Newest year first. `figures` holds the sums named by `keyFigures` (both formats read into the same figures); null where every cell of a figure is blank.', {
      type: 'object',
      required: ['agency', 'keyFigures', 'years'],
      properties: {
        agency: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' } } },
        keyFigures: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
        years: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              year: { type: 'integer' },
              formatVersion: { type: 'string' },
              figures: { type: ['object', 'null'], additionalProperties: { type: ['integer', 'null'] }, description: 'null when the current version’s source cannot be read (then `damaged` says why).' },
              damaged: { type: 'string' },
              versions: { type: 'array', items: ref('ArchiveItem') },
            },
          },
        },
      },
    }),
    400: res('BadRequest'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
  }, { parameters: [AGENCY_PATH] }),
  agencyPage: operation('archive', 'agencyPage', 'An agency’s page: its key figures year over year and every year’s versions',
    { 200: html('The page; it works without JavaScript.'), 400: res('BadRequest'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal') },
    { parameters: [AGENCY_PATH] }),
  yearDashboard: operation('archive', 'yearDashboard', 'A year’s dashboard for a region’s supervisors: expected agencies against published, late reports, acknowledged failures, prose warnings', {
    200: json('`counts` per list, and the agencies (all expected or published, or those of `list`), by id. Expected: the register’s agencies that must report (without a register: those the archive saw in the region that year or the year before). Late: first archived after the end of 31 January (department) or 31 March (government) of the next year, Beijing time (条例 第四十九条).', {
      type: 'object',
      required: ['year', 'fromRegister', 'deadlines', 'counts', 'agencies'],
      properties: {
        year: { type: 'integer' },
        region: { type: 'string' },
        fromRegister: { type: 'boolean' },
        deadlines: { type: 'object', properties: { department: { type: 'string', format: 'date-time' }, government: { type: 'string', format: 'date-time' } } },
        counts: { type: 'object', additionalProperties: { type: 'integer' } },
        agencies: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' }, kind: { enum: ['government', 'department'] }, expected: { type: 'boolean' },
              firstPublishedAt: { type: 'string', format: 'date-time' }, versions: { type: 'integer' }, late: { type: 'boolean' }, exceptions: { type: 'integer' },
              proseWarnings: { type: ['integer', 'null'], description: 'null: the record predates prose warnings.' },
            },
          },
        },
      },
    }),
    400: res('BadRequest'), 503: res('Busy'), 500: res('Internal'),
  }, { parameters: DASHBOARD_PARAMETERS }),
  dashboardPage: operation('archive', 'dashboardPage', 'A year’s dashboard as a page: each number links to its list',
    { 200: html('The page; it works without JavaScript.'), 400: res('BadRequest'), 503: res('Busy'), 500: res('Internal') },
    { parameters: DASHBOARD_PARAMETERS }),
  liveness: operation('meta', 'liveness', 'Whether the process answers (restart it when not)',
    { 200: json('The process answers.', { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }) }),
  readiness: operation('meta', 'readiness', 'Whether it can work now: the archive takes a write and a browser starts',
    { 200: json('Ready.', ref('Health')), 503: json('A check failed: send no traffic here for now.', ref('Health')) }),
  metrics: operation('meta', 'metrics', 'Counters for Prometheus: documents printed, print duration, queue, browser restarts, archive errors, HTTP statuses',
    { 200: { description: 'The Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } } }),
};
