/**
 * The OpenAPI document (functions/http/openapi.ts), generated from the app's routes: valid
 * OpenAPI 3.1 by the @seriousme/openapi-schema-validator schemas, every `$ref` resolvable, the
 * embedded report schema still accepting the example reports and rejecting a broken one, and its
 * paths exactly the routes that createApp registers, method for method: a route added without a
 * description (http/operations.ts) is missing from the document, and fails here.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { uniqueSymbol } from 'hono-openapi';
import { apiReferencePage, embedJsonSchema, openApiDocument } from '../../../functions/http/openapi';
import { operations } from '../../../functions/http/operations';
import { createArchiveApp } from '../../helpers/archive-app';
import { loadExample } from '../../helpers/examples';

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { headers?: object; content: object }> };
}

const root = mkdtempSync(join(tmpdir(), 'nianbao-openapi-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const documentOf = async (app: Hono) => (await openApiDocument(app)) as unknown as Document;
const document = await documentOf(createArchiveApp(createFsArchive({ root })));

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('the document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('resolves every $ref inside itself', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(resolvePointer(ref), ref).toBeDefined();
    }
  });

  it('carries the generated report schema, which still accepts the examples and rejects a broken report', () => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema({ $id: 'openapi', ...structuredClone(document) });
    const validate = ajv.getSchema('openapi#/components/schemas/Report')!;
    expect(validate(loadExample('seed2020'))).toBe(true);
    expect(validate(loadExample('consistent2021'))).toBe(true);
    expect(validate({ ...loadExample('consistent2021'), year: 'last year' })).toBe(false);
    expect(document.components.schemas.Report).not.toHaveProperty(['$schema']);
  });

  it('references the report schema from every report route and requires a token to publish', () => {
    for (const path of ['/v1/reports/validate', '/v1/reports/preview', '/v1/reports/render', '/v1/reports']) {
      expect(refsIn(document.paths[path]!.post!.requestBody)).toEqual(['#/components/schemas/Report']);
    }
    expect(document.paths['/v1/reports']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.paths['/v1/reports']!.post!.responses).sort()).toEqual(['200', '201', '400', '401', '403', '408', '413', '415', '422', '500', '503', '504']);
    expect(Object.keys(document.paths['/v1/reports/render']!.post!.responses).sort()).toEqual(['200', '400', '408', '413', '415', '422', '429', '500', '503', '504']);
  });

  it('gives 429 and 503 a Retry-After header and every error the problem+json schema', () => {
    const { responses } = document.components;
    expect(Object.keys(responses.RateLimited!.headers!)).toEqual(['Retry-After']);
    expect(Object.keys(responses.Busy!.headers!)).toEqual(['Retry-After']);
    for (const response of Object.values(responses)) {
      expect(response.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } });
    }
  });
});

describe('embedding a generated JSON Schema', () => {
  it('drops $schema and moves $defs beside it with their references rewritten', () => {
    const embedded = embedJsonSchema('Thing', {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { part: { $ref: '#/$defs/Part' }, parts: { type: 'array', items: { $ref: '#/$defs/Part' } } },
      $defs: { Part: { type: 'object', properties: { next: { $ref: '#/$defs/Part' } } } },
    });
    expect(embedded).toEqual({
      Thing: {
        type: 'object',
        properties: { part: { $ref: '#/components/schemas/Thing_Part' }, parts: { type: 'array', items: { $ref: '#/components/schemas/Thing_Part' } } },
      },
      Thing_Part: { type: 'object', properties: { next: { $ref: '#/components/schemas/Thing_Part' } } },
    });
  });
});

describe('the routes', () => {
  /** Hono writes `/v1/archive/:key{.+}`; OpenAPI writes `/v1/archive/{key}`. */
  const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
  const registered = (app: Hono) => new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${openApiPath(route.path)}`));
  const documented = (doc: Document) => new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));

  it('are exactly the routes createApp registers', () => {
    const app = createArchiveApp(createFsArchive({ root }));
    expect([...documented(document)].sort()).toEqual([...registered(app)].sort());
    expect(documented(document)).toContain('POST /v1/reports');
  });

  it('each carry one of the descriptions of http/operations.ts, and every description is on a route', () => {
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => (operation as { operationId?: string }).operationId));
    const described = Object.values(operations).map((middleware) => (middleware as unknown as Record<symbol, { spec: { operationId: string } }>)[uniqueSymbol]!.spec.operationId);
    expect(operationIds.sort()).toEqual(described.sort());
  });

  it('leave a route registered without a description out of the document, so the comparison above catches it', async () => {
    const app = createArchiveApp(createFsArchive({ root }));
    app.get('/v1/undescribed', (c) => c.text('no description'));
    const described = documented(await documentOf(app));
    const missing = [...registered(app)].filter((route) => !described.has(route));
    expect(missing).toEqual(['GET /v1/undescribed']);
  });
});

describe('the reference page', () => {
  it('loads Swagger UI and its start script from this server only', () => {
    const page = apiReferencePage();
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls).toEqual(['/docs/assets/swagger-ui.css', '/openapi.json', '/openapi.json', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/start.js']);
    expect(page).not.toMatch(/<script>/);
    expect(page).toContain('lang="zh-CN"');
  });
});
