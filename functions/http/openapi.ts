/**
 * The HTTP API described as an OpenAPI 3.1 document (GET /openapi.json) and the interactive
 * reference page that renders it (GET /docs). Every route of functions/app.ts is here, with each
 * status it can answer; test/unit/http/openapi.test.ts validates the document against the
 * OpenAPI 3.1 schema and compares its paths with the app's route table, so the two cannot drift.
 * The report and record schemas are not written again: they are generated from the zod schemas
 * that check requests and stored records, and embedded under components.schemas. The reference
 * page is Swagger UI served from this server (functions/http/docs-assets.ts says why and how
 * big), so it works on an intranet with no CDN.
 */
import { z } from 'zod';
import { publicationRecordSchema } from '../archive/record';
import { reportJsonSchema } from '../report';
import { DOCS_ASSETS_PATH } from './docs-assets';

type Schema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });

/**
 * A generated JSON Schema made fit to sit inside the document: `$schema` dropped (OpenAPI 3.1
 * fixes the dialect for the whole document), and any `$defs` moved beside it as `{name}_{def}`
 * with their `#/$defs/…` references rewritten, since inside the document `#` is its root.
 */
export function embedJsonSchema(name: string, schema: Schema): Record<string, Schema> {
  const { $schema: _dialect, $defs, ...rest } = schema as Schema & { $defs?: Record<string, Schema> };
  const retarget = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(retarget);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/') ? `${COMPONENTS}${name}_${inner.slice('#/$defs/'.length)}` : retarget(inner),
      ]),
    );
  };
  const embedded: Record<string, Schema> = { [name]: retarget(rest) as Schema };
  for (const [def, inner] of Object.entries($defs ?? {})) embedded[`${name}_${def}`] = retarget(inner) as Schema;
  return embedded;
}

const problemSchemas: Record<string, Schema> = {
  Problem: {
    type: 'object',
    description: 'One problem in a report: the JSON path, the rule it breaks and a message in Chinese and English.',
    required: ['path', 'rule', 'zh', 'en'],
    properties: {
      path: { type: 'string', description: 'Dotted JSON path; "" is the root.', examples: ['sections.requests.table.received.total'] },
      rule: { type: 'string', description: 'A consistency rule id (R-1…R-5, X-1, X-2) or "schema".', examples: ['R-2'] },
      zh: { type: 'string' },
      en: { type: 'string' },
      paths: { type: 'array', items: { type: 'string' }, description: 'Every cell an arithmetic rule involved.' },
      expected: { type: ['number', 'string'] },
      found: { type: ['number', 'string'] },
      omitted: { type: 'integer', description: 'On the last problem of a list cut at 200: how many more there were.' },
    },
  },
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details; never a stack trace.',
    required: ['type', 'title', 'status', 'detail', 'zh', 'en'],
    properties: {
      type: { type: 'string', format: 'uri', examples: ['https://nianbao.dev/problems/invalid-report'] },
      title: { type: 'string', description: 'Fixed for each type.' },
      status: { type: 'integer' },
      detail: { type: 'string', description: 'What happened, in English (the same as `en`).' },
      zh: { type: 'string', description: 'What happened, in Chinese.' },
      en: { type: 'string', description: 'What happened, in English.' },
      instance: { type: 'string', description: 'urn:request:{id}, the id in the server log.' },
      problems: { type: 'array', items: ref('Problem') },
      warnings: { type: 'array', items: ref('Problem') },
    },
  },
};

const links: Schema = {
  type: 'object',
  required: ['pdf', 'source', 'record'],
  properties: { pdf: { type: 'string' }, source: { type: 'string' }, record: { type: 'string' } },
  description: 'Download paths under /v1/archive/.',
};

const resultSchemas: Record<string, Schema> = {
  Validation: {
    type: 'object',
    required: ['ok', 'formatVersion', 'acknowledged', 'warnings'],
    properties: {
      ok: { const: true },
      formatVersion: { type: 'string', examples: ['2021'] },
      acknowledged: { type: 'array', items: ref('Problem'), description: 'Rule violations the report acknowledges.' },
      warnings: { type: 'array', items: ref('Problem') },
    },
  },
  Publication: {
    type: 'object',
    required: ['created', 'record', 'links', 'warnings'],
    properties: { created: { type: 'boolean' }, record: ref('Record'), links, warnings: { type: 'array', items: ref('Problem') } },
  },
  ArchiveList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: { allOf: [ref('Record'), { type: 'object', required: ['current', 'links'], properties: { current: { type: 'boolean' }, links } }] },
      },
      cursor: { type: 'string', description: 'Present when more items follow: pass it as `cursor`.' },
    },
  },
  StoredDraft: {
    type: 'object',
    required: ['created', 'key', 'storedAt', 'sourceSha256', 'warnings'],
    properties: {
      created: { type: 'boolean', description: 'false when this exact report already was the current draft.' },
      key: { type: 'string', description: 'drafts/{year}/{agency}/{storedAt}-{sha256}.json' },
      storedAt: { type: 'string', format: 'date-time' },
      sourceSha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The hash the published version will have.' },
      warnings: { type: 'array', items: ref('Problem') },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { enum: ['ok', 'degraded'] },
      checks: { type: 'object', additionalProperties: { enum: ['ok', 'failed'] } },
    },
  },
};

const retryAfter = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };

function problem(description: string, headers?: Schema): Schema {
  return { description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: ref('ProblemDetails') } } };
}

const responses: Record<string, Schema> = {
  BadRequest: problem('Malformed JSON, a body that is not UTF-8, or a bad URL parameter (year, agency, cursor).'),
  Unauthorized: problem('No or wrong bearer token, or publishing is not configured (NIANBAO_TOKEN).', { 'WWW-Authenticate': { schema: { type: 'string' } } }),
  NotFound: problem('No such route or archived object, or a key outside the key grammar.'),
  TooLarge: problem('The body is over the configured limit (10 MB by default).'),
  UnsupportedMediaType: problem('The body is not application/json, or declares a charset other than UTF-8.'),
  Invalid: problem('The report is invalid: `problems` lists each one with its JSON path, rule and messages.'),
  RateLimited: problem('Too many previews or renders from this client.', { 'Retry-After': retryAfter }),
  Busy: problem('Too many documents queued, no browser could be started, or the archive storage is unavailable.', { 'Retry-After': retryAfter }),
  Timeout: problem('The document took longer than its time limit.'),
  Internal: problem('An unexpected error; `instance` names the request in the server log.'),
};

const reportBody = { required: true, content: { 'application/json': { schema: ref('Report') } } };
const res = (name: string) => ({ $ref: `#/components/responses/${name}` });
const bodyErrors = { 400: res('BadRequest'), 413: res('TooLarge'), 415: res('UnsupportedMediaType'), 422: res('Invalid') };
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const json = (description: string, schema: Schema, headers?: Schema) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });

const paths: Record<string, Schema> = {
  '/v1/reports/validate': {
    post: {
      tags: ['reports'], operationId: 'validateReport', summary: 'Check a report against its format and the consistency rules',
      requestBody: reportBody,
      responses: { 200: json('The report is valid.', ref('Validation')), ...bodyErrors, 500: res('Internal') },
    },
  },
  '/v1/reports/preview': {
    post: {
      tags: ['reports'], operationId: 'previewReport', summary: 'The HTML the PDF will be printed from',
      requestBody: reportBody,
      responses: { 200: html('The rendered report.'), ...bodyErrors, 429: res('RateLimited'), 500: res('Internal') },
    },
  },
  '/v1/reports/render': {
    post: {
      tags: ['reports'], operationId: 'renderReport', summary: 'A draft PDF, not archived',
      requestBody: reportBody,
      responses: {
        200: { description: 'The PDF.', content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
        ...bodyErrors, 429: res('RateLimited'), 503: res('Busy'), 504: res('Timeout'), 500: res('Internal'),
      },
    },
  },
  '/v1/reports': {
    post: {
      tags: ['reports'], operationId: 'publishReport', summary: 'Validate, render, print and archive a report (idempotent)',
      security: [{ bearer: [] }],
      requestBody: reportBody,
      responses: {
        201: json('Archived as a new version.', ref('Publication'), { Location: { description: 'The record’s download path.', schema: { type: 'string' } } }),
        200: json('This exact report was already archived; the existing record.', ref('Publication')),
        ...bodyErrors, 401: res('Unauthorized'), 503: res('Busy'), 504: res('Timeout'), 500: res('Internal'),
      },
    },
  },
  '/v1/drafts/{year}/{agency}': {
    put: {
      tags: ['reports'], operationId: 'storeDraft', summary: 'Store a valid report as the agency’s draft for the year-end batch',
      security: [{ bearer: [] }],
      parameters: [
        { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        { name: 'agency', in: 'path', required: true, description: 'Must equal the report’s `agency.id`.', schema: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' } },
      ],
      requestBody: reportBody,
      responses: {
        201: json('Stored as the agency’s current draft.', ref('StoredDraft')),
        200: json('This exact report already is the current draft.', ref('StoredDraft')),
        ...bodyErrors, 401: res('Unauthorized'), 503: res('Busy'), 500: res('Internal'),
      },
    },
  },
  '/v1/archive': {
    get: {
      tags: ['archive'], operationId: 'listArchive', summary: 'Archived versions from the catalog: by year, then agency, newest first per agency',
      parameters: [
        { name: 'year', in: 'query', schema: { type: 'string', pattern: '^\\d{4}$' }, examples: { year: { value: '2020' } } },
        { name: 'agency', in: 'query', description: 'An agency id.', schema: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' } },
        { name: 'region', in: 'query', description: 'The region exactly as the reports name it (`agency.region`).', schema: { type: 'string' } },
        { name: 'q', in: 'query', description: 'Part of an agency’s current name or of its id, ignoring case.', schema: { type: 'string' } },
        { name: 'cursor', in: 'query', description: 'The `cursor` of the previous page.', schema: { type: 'string' } },
      ],
      responses: { 200: json('One page of versions: 100 at most, unless one agency has more; an agency’s versions are never split over two pages.', ref('ArchiveList')), 400: res('BadRequest'), 503: res('Busy'), 500: res('Internal') },
    },
  },
  '/v1/archive/{key}': {
    get: {
      tags: ['archive'], operationId: 'downloadArchived', summary: 'Download an archived PDF, source JSON or record (or, with the token, a draft or a batch run’s plan, results and summary page)',
      parameters: [
        { name: 'key', in: 'path', required: true, description: 'An archive key such as `2020/suqian-cdpf/{sha256}.pdf`; its slashes are sent as they are.', schema: { type: 'string' } },
        { name: 'redirect', in: 'query', description: '`false` streams the bytes even where the storage could hand out a presigned URL.', schema: { enum: ['false'] } },
      ],
      responses: {
        200: {
          description: 'The object. Keys never change: published copies may be cached forever by anyone, drafts and batch runs only privately.',
          headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
          content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } }, 'application/json': { schema: {} }, 'text/html': { schema: { type: 'string' } } },
        },
        302: { description: 'A short-lived presigned URL of the storage (S3); not for pages, whose relative links must resolve here.', headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
        401: res('Unauthorized'), 404: res('NotFound'), 503: res('Busy'), 500: res('Internal'),
      },
    },
  },
  '/v1/schema.json': {
    get: { tags: ['meta'], operationId: 'reportSchema', summary: 'The report’s JSON Schema', responses: { 200: json('JSON Schema 2020-12.', { type: 'object' }) } },
  },
  '/openapi.json': {
    get: { tags: ['meta'], operationId: 'openApi', summary: 'This document', responses: { 200: json('OpenAPI 3.1.', { type: 'object' }) } },
  },
  '/docs': {
    get: { tags: ['meta'], operationId: 'apiReference', summary: 'The interactive API reference', responses: { 200: html('Swagger UI, served from this server.') } },
  },
  [`${DOCS_ASSETS_PATH}/{file}`]: {
    get: {
      tags: ['meta'], operationId: 'apiReferenceAsset', summary: 'A script, stylesheet or licence of the API reference page',
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'The file.', content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } } }, 404: res('NotFound') },
    },
  },
  '/archive': {
    get: {
      tags: ['archive'], operationId: 'archivePage', summary: 'The archivists’ page: years → agencies → versions, 50 agencies a page',
      parameters: [
        { name: 'q', in: 'query', description: 'Part of an agency’s name or id.', schema: { type: 'string' } },
        { name: 'year', in: 'query', description: 'A four-digit year; anything else is reported on the page.', schema: { type: 'string' } },
        { name: 'region', in: 'query', description: 'A region as the reports name it.', schema: { type: 'string' } },
        { name: 'agency', in: 'query', description: 'An agency id: the page then shows every version of its reports.', schema: { type: 'string' } },
        { name: 'cursor', in: 'query', description: 'From the previous page’s “next page” link.', schema: { type: 'string' } },
      ],
      responses: { 200: html('The page; it works without JavaScript.'), 503: res('Busy'), 500: res('Internal') },
    },
  },
  '/healthz': {
    get: {
      tags: ['meta'], operationId: 'health', summary: 'Whether the archive and the browser answer',
      responses: { 200: json('Everything answered.', ref('Health')), 503: json('A check failed.', ref('Health')) },
    },
  },
};

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'nianbao — 政府信息公开工作年度报告',
      version: '1',
      description: 'Validate, preview, print and archive annual reports on government information disclosure. Errors are RFC 9457 problem details.',
    },
    tags: [
      { name: 'reports', description: 'Form tools: check, preview, print and publish a report.' },
      { name: 'archive', description: 'Archivists: list and download published versions.' },
      { name: 'meta', description: 'Schemas, documentation and health.' },
    ],
    paths,
    components: {
      schemas: {
        ...embedJsonSchema('Report', reportJsonSchema()),
        ...embedJsonSchema('Record', z.toJSONSchema(publicationRecordSchema) as Schema),
        ...problemSchemas,
        ...resultSchemas,
      },
      responses,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The server’s NIANBAO_TOKEN.' } },
    },
  };
}

/** Loads Swagger UI from this server only; the start script is a file too, so a strict CSP can forbid inline scripts. */
export function apiReferencePage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nianbao API 参考 · API reference</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<noscript><p>此页需要 JavaScript。接口文档见 <a href="/openapi.json">/openapi.json</a>。This page needs JavaScript; the API is described in <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS_PATH}/start.js"></script>
</body>
</html>`;
}
