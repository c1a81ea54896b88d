/**
 * The HTTP API described as an OpenAPI 3.1 document (GET /openapi.json) and the interactive
 * reference page that renders it (GET /docs). The paths and operations are generated from the
 * app's own routes (hono-openapi reads the description each route carries, http/operations.ts),
 * so the document lists what the app serves; test/unit/http/openapi.test.ts validates it against
 * the OpenAPI 3.1 schema and fails when a route has no description. The components are here:
 * the report and record schemas are not written again but generated from the zod schemas that
 * check requests and stored records; the problem and result shapes and the problem responses
 * are written once. The reference page is Swagger UI served from this server
 * (functions/http/docs-assets.ts says why and how big), so it works on an intranet with no CDN.
 */
import type { Handler, Hono } from 'hono';
import { generateSpecs, type GenerateSpecOptions } from 'hono-openapi';
import { z } from 'zod';
import { publicationRecordSchema } from '../archive/record';
import { agencySchema } from '../register/model';
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
      rule: { type: 'string', description: 'A consistency rule id (R-1…R-5, X-1, X-2, P) or "schema".', examples: ['R-2'] },
      zh: { type: 'string' },
      en: { type: 'string' },
      paths: { type: 'array', items: { type: 'string' }, description: 'Every cell an arithmetic rule involved.' },
      expected: { type: ['number', 'string'] },
      found: { type: ['number', 'string'] },
      sentence: {
        type: 'object',
        description: 'Rule P: the sentence that quotes a figure the tables contradict, and the JSON path of its text.',
        required: ['path', 'text'],
        properties: { path: { type: 'string' }, text: { type: 'string' } },
      },
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
  required: ['pdf', 'source', 'record', 'tables'],
  properties: {
    pdf: { type: 'string' },
    source: { type: 'string' },
    record: { type: 'string' },
    tables: { type: 'object', required: ['csv', 'json'], properties: { csv: { type: 'string' }, json: { type: 'string' } }, description: 'The version’s tables as open data.' },
  },
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
  ArchiveItem: { allOf: [ref('Record'), { type: 'object', required: ['current', 'links'], properties: { current: { type: 'boolean' }, links } }] },
  ArchiveList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: ref('ArchiveItem') },
      cursor: { type: 'string', description: 'Present when more items follow: pass it as `cursor`.' },
    },
  },
  AgencySearch: {
    type: 'object',
    required: ['agencies'],
    description: 'A name search over every year (`q` without `year` or `agency`): the matching agencies by id, 100 to a page, each with every year it published.',
    properties: {
      agencies: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'name', 'years', 'links'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string', description: 'As its newest year’s current version names it.' },
            region: { type: 'string' },
            years: {
              type: 'array',
              description: 'Newest first.',
              items: {
                type: 'object',
                required: ['year', 'current', 'links'],
                properties: {
                  year: { type: 'integer' },
                  current: { type: 'object', description: 'The year’s current version: when it was archived and the first 16 hex digits of its source’s SHA-256.', properties: { createdAt: { type: 'string', format: 'date-time' }, sourceSha256Start: { type: 'string' } } },
                  links: { type: 'object', properties: { versions: { type: 'string', description: 'The year’s versions as items: `/v1/archive?year=…&agency=…`.' } } },
                },
              },
            },
            links: { type: 'object', properties: { history: { type: 'string' }, page: { type: 'string' } } },
          },
        },
      },
      cursor: { type: 'string', description: 'Present when more agencies follow: pass it as `cursor` with the same `q`.' },
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
  BadRequest: problem('Malformed JSON (its problem names the line and column), a body that is not UTF-8, or a bad URL parameter (year, agency, cursor).'),
  Unauthorized: problem('No bearer credential, or one that is wrong, unknown or revoked: all alike.', { 'WWW-Authenticate': { schema: { type: 'string' } } }),
  Forbidden: problem('The credential is valid but does not act for this agency (`agency`), or its role may not do this; `path` is the request’s.'),
  NotFound: problem('No such route or archived object, or a key outside the key grammar.'),
  TooLarge: problem('The body is over the configured limit (10 MB by default).'),
  BodyTimeout: problem('The body did not arrive within the deadline (NIANBAO_REQUEST_TIMEOUT, 30 s by default).'),
  UnsupportedMediaType: problem('The body is not application/json, or declares a charset other than UTF-8.'),
  Invalid: problem('The report is invalid: `problems` lists each one with its JSON path, rule and messages.'),
  RateLimited: problem('Too many previews or renders from this client.', { 'Retry-After': retryAfter }),
  Busy: problem('Too many documents queued, no browser could be started, or the archive storage is unavailable.', { 'Retry-After': retryAfter }),
  Timeout: problem('The document took longer than its time limit.'),
  Internal: problem('An unexpected error; `instance` names the request in the server log.'),
};

/** The whole document: the paths and operations of `app`'s routes (http/operations.ts), and the components above. */
export function openApiDocument(app: Hono): Promise<OpenApiDocument> {
  const documentation: Schema = {
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
    components: {
      schemas: {
        ...embedJsonSchema('Report', reportJsonSchema()),
        ...embedJsonSchema('Record', z.toJSONSchema(publicationRecordSchema) as Schema),
        ...embedJsonSchema('Agency', z.toJSONSchema(agencySchema, { io: 'input' }) as Schema),
        ...problemSchemas,
        ...resultSchemas,
      },
      responses,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token issued by `nianbao token add` (an author, a region admin or a batch operator), or the server’s NIANBAO_TOKEN (an operator).' } },
    },
  };
  // The default leaves out paths that look like files, /openapi.json and /v1/schema.json among them.
  return generateSpecs(app, { excludeStaticFile: false, documentation: documentation as GenerateSpecOptions['documentation'] });
}

export type OpenApiDocument = Awaited<ReturnType<typeof generateSpecs>>;

/** GET /openapi.json: the document of `app`, generated on the first request and kept (the routes do not change). */
export function openApiRoute(app: Hono): Handler {
  let document: Promise<OpenApiDocument> | undefined;
  return async (c) => c.json(await (document ??= openApiDocument(app)));
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
