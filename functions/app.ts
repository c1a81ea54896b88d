/**
 * The one Hono app (docs/design.md): every runtime hands it its ports and serves `app.fetch`.
 * Routes stay thin: they read the request, call the core (report/, publish.ts, archive/) and
 * shape the response; every error becomes problem+json in http/problem.ts.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Archive, ObjectInfo } from './archive/archive';
import { InvalidArchiveKey } from './archive/errors';
import { isSafeKey, parseAgencyId, parseYear } from './archive/keys';
import { catalogPage, parseCatalogCursor } from './archive/catalog-query';
import { recordOf } from './archive/catalog-index';
import type { Clock } from './clock';
import { NotFound } from './errors';
import type { JwtSettings } from './access/jwt';
import { mayRunBatches } from './access/principal';
import { assertActsFor, authenticator, forbidden, requireCredential, type TokenSource } from './http/auth';
import { auditor, registerAuditRoute } from './http/audit';
import { registerMeRoute } from './http/me';
import { bodyDeadline, limitBody, readJson } from './http/body';
import { registerAgencyRoutes } from './http/agencies';
import { agencySearch } from './http/agency-search';
import { registerDashboardRoutes } from './http/dashboard';
import { registerDraftRoutes } from './http/drafts';
import { docsAssetResponse } from './http/docs-assets';
import { openApiRoute, apiReferencePage } from './http/openapi';
import { operations } from './http/operations';
import { registerHealthRoutes } from './http/health';
import { createMetrics } from './http/metrics';
import { invalidParameter, parameter } from './http/parameters';
import { PROMETHEUS_CONTENT_TYPE } from './http/prometheus';
import { errorToProblem, invalidReportResponse, problemResponse } from './http/problem';
import type { RateLimiter } from './http/rate-limit';
import { registerImportRoutes } from './http/imports';
import { linksOf } from './http/links';
import { registerOpenDataRoutes } from './http/open-data';
import { requestLogFields, traceContext } from './http/trace-context';
import { archivePage } from './http/archive-page';
import { registerWorkspacePage } from './http/workspace-page';
import type { Logger } from './logger';
import type { Printer } from './print/printer';
import type { AssetSource } from './render/assets';
import { printReport, publish, validOrThrow } from './publish';
import { renderPreviewHtml } from './render/preview';
import { reportJsonSchema, validateReport } from './report';

export interface AppConfig {
  /**
   * The server's own bearer token (NIANBAO_TOKEN), which acts as an operator: everything a
   * credential can do. Tokens issued by `nianbao token add` work beside it, or without it.
   */
  token?: TokenSource;
  /** JWTs of a province's identity provider as credentials too (NIANBAO_JWKS_URL and its companions). */
  jwt?: JwtSettings;
  /**
   * Validate, preview, render and imports take a credential too, where each request costs its owner (a
   * Lambda invocation) and no shared limiter can stand in front of them. @default false
   */
  checksNeedToken?: boolean;
  /** Largest request body accepted. @default 10 MiB */
  bodyLimitBytes: number;
  /** Seconds a presigned download URL stays valid, when the archive can presign. @default 300 */
  presignSeconds: number;
  /** Origins whose pages may call /v1/ (form tools elsewhere), or ['*']; none by default. */
  corsOrigins: string[];
  /** Milliseconds a request body may take to arrive before 408. @default 30 000 */
  bodyTimeoutMs: number;
}

export const DEFAULT_APP_CONFIG: AppConfig = { bodyLimitBytes: 10 * 1024 * 1024, presignSeconds: 300, corsOrigins: [], bodyTimeoutMs: 30_000 };

/**
 * Every page: scripts, styles and fonts from this server only (the archive page and the batch
 * summary use inline CSS, the API reference sets styles from script and draws data: icons),
 * nothing fetched elsewhere, never framed. Routes that answer with a page of their own set a
 * stricter policy, which is kept.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export interface AppPorts {
  printer: Printer;
  /** The bundled fonts, inlined into previews (the printer serves the same subsets to its pages). */
  fonts: AssetSource;
  archive: Archive;
  clock: Clock;
  logger: Logger;
  config: AppConfig;
  /** Per-client limiter for preview and render; absent where the runtime limits elsewhere. */
  rateLimiter?: RateLimiter;
  /** Who the client is, for rate limiting (the runtime knows the peer address). */
  clientOf?: (c: Context) => string | undefined;
  /** Extra readiness probes (the browser); the archive is always probed. */
  healthChecks?: Record<string, () => Promise<unknown>>;
}

const PAGE_SIZE = 100;

export function createApp(appPorts: AppPorts): Hono {
  const { config, logger } = appPorts;
  const metrics = createMetrics(appPorts.printer);
  // Every route prints and stores through the measured ports, so /metrics counts them all.
  const ports = metrics.measured(appPorts);
  const app = new Hono();

  app.use(requestId());
  app.use(traceContext());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // A client that went away never sees the answer: 499, as nginx logs it.
    const status = c.req.raw.signal.aborted ? 499 : c.res.status;
    metrics.answered(c.req.method, status);
    logger.info({ msg: 'request', ...requestLogFields(c), method: c.req.method, path: c.req.path, status, ms: Math.round(performance.now() - started) });
  });
  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, xFrameOptions: 'DENY', overwrite: false }));
  if (config.corsOrigins.length > 0) {
    app.use('/v1/*', cors({
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT'],
      allowHeaders: ['content-type', 'authorization', 'traceparent'],
      exposeHeaders: ['location', 'retry-after', 'content-disposition', 'x-request-id'],
      maxAge: 600,
    }));
  }
  app.use('/v1/*', bodyDeadline(config.bodyTimeoutMs), limitBody(config.bodyLimitBytes));
  app.onError((error, c) => errorToProblem(c, error, (detail) => logger.error({ msg: 'request failed', ...requestLogFields(c), path: c.req.path, ...detail })));
  app.notFound((c) => problemResponse(c, { type: 'not-found', title: 'Not found', status: 404, zh: `没有 ${c.req.method} ${c.req.path} 这一接口`, en: `no route for ${c.req.method} ${c.req.path}` }));

  const rateLimited = async (c: Context, next: () => Promise<void>) => {
    const client = ports.clientOf?.(c);
    const verdict = ports.rateLimiter && client ? await ports.rateLimiter.take(client) : { allowed: true as const };
    if (!verdict.allowed) {
      const wait = { 'retry-after': String(verdict.retryAfterSeconds) };
      return problemResponse(c, { type: 'rate-limited', title: 'Too many requests', status: 429, zh: '预览和生成 PDF 按客户端限速，请按 Retry-After 的时间稍后重试', en: 'preview and render are limited per client' }, wait);
    }
    await next();
  };

  const signedIn = requireCredential(authenticator(config.token, ports.archive, config.jwt));
  const audited = auditor(ports);
  const checks = config.checksNeedToken ? signedIn : async (_c: Context, next: () => Promise<void>) => next();

  app.post('/v1/reports/validate', operations.validateReport, checks, async (c) => {
    const validation = validateReport(await readJson(c));
    if (!validation.ok) {
      return invalidReportResponse(c, validation.errors, validation.warnings);
    }
    return c.json({ ok: true, formatVersion: validation.formatVersion, acknowledged: validation.acknowledged, warnings: validation.warnings });
  });

  app.post('/v1/reports/preview', operations.previewReport, checks, rateLimited, async (c) => {
    const { report } = validOrThrow(await readJson(c));
    return c.html(await renderPreviewHtml(report, ports.fonts), 200, { 'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; frame-ancestors 'none'" });
  });

  app.post('/v1/reports/render', operations.renderReport, checks, rateLimited, async (c) => {
    const { report } = validOrThrow(await readJson(c));
    const { pdf } = await printReport(report, ports.printer, c.req.raw.signal);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${report.year}-${report.agency.id}-draft.pdf"`,
    });
  });

  registerImportRoutes(app, checks, rateLimited);

  app.post('/v1/reports', operations.publishReport, audited('publish'), signedIn, async (c) => {
    const input = await readJson(c);
    // A report without an agency id is refused by validation below, whoever sends it.
    const agencyId = (input as { agency?: { id?: unknown } } | null)?.agency?.id;
    if (typeof agencyId === 'string') await assertActsFor(c, ports.archive, agencyId);
    const published = await publish(input, ports, c.req.raw.signal);
    c.set('auditSubject', { key: published.record.keys.record, agency: published.record.agency.id, unchanged: !published.created });
    const body = { created: published.created, record: published.record, links: linksOf(published.record), warnings: published.validation.warnings };
    return c.json(body, published.created ? 201 : 200, published.created ? { location: linksOf(published.record).record } : {});
  });

  app.get('/v1/archive', operations.listArchive, async (c) => {
    const { year, agency, region, q, cursor } = c.req.query();
    const query = {
      year: year === undefined ? undefined : parameter(parseYear, year),
      agencyId: agency === undefined ? undefined : parameter(parseAgencyId, agency),
      region,
      search: q,
    };
    if (query.year === undefined && query.agencyId === undefined && (q ?? '').trim() !== '') {
      return c.json(await agencySearch(ports.archive, { search: q, region }, cursor));
    }
    const after = cursor === undefined ? undefined : parameter(parseCatalogCursor, cursor);
    // A page holds up to PAGE_SIZE versions and never splits an agency's versions over two pages.
    const page = await catalogPage(ports.archive, query, { after, limit: PAGE_SIZE, weigh: (entry) => entry.versions.length, newestYearFirst: false });
    const items = page.rows.flatMap(({ year, entry }) =>
      entry.versions.map((version, i) => {
        const record = recordOf(year, entry.id, version);
        return { ...record, current: i === 0, links: linksOf(record) };
      }),
    );
    return c.json({ items, cursor: page.cursor });
  });

  registerOpenDataRoutes(app, ports);
  registerAgencyRoutes(app, ports);
  registerDashboardRoutes(app, ports);

  // Published copies are public. A draft is its agency's (drafts/{year}/{agency}/…), a batch run
  // (plans, results with invalid reports' problems) the batch operators'; everything else beside
  // the published copies (credentials, the audit log, the catalog's workings) the operators'.
  const isPublished = (key: string) => /^\d{4}\//.test(key);
  const mayRead = async (c: Context, key: string) => {
    const [root, , agencyId] = key.split('/');
    const principal = c.get('principal');
    if (root === 'drafts' && agencyId !== undefined) return assertActsFor(c, ports.archive, agencyId);
    if (root === 'batches' ? mayRunBatches(principal) : principal.role === 'operator') return;
    throw forbidden(c, '此凭据无权读取该对象', 'this credential may not read this object');
  };
  app.get('/v1/archive/:key{.+}', operations.downloadArchived, async (c, next) => {
    if (isPublished(c.req.param('key'))) return next();
    return signedIn(c, async () => {
      await mayRead(c, c.req.param('key'));
      await next();
    });
  }, async (c) => {
    const key = c.req.param('key');
    if (!isSafeKey(key)) throw new NotFound('no such archived object');
    // S3 can hand out a short-lived URL, so the bytes bypass this function (Lambda's 6 MB response
    // cap). Not for a page (a batch summary): its relative links to the PDFs must resolve here, not
    // against the signed URL, where a private bucket refuses them.
    if (ports.archive.presign && c.req.query('redirect') !== 'false' && !key.endsWith('.html')) {
      if (!(await ports.archive.head(key))) throw new NotFound(`no archived object ${key}`);
      return c.redirect(await ports.archive.presign(key, config.presignSeconds), 302);
    }
    // HEAD asks for the headers only: a body opened for it (a file on the filesystem) would never
    // be read or closed.
    const object: (ObjectInfo & { body?: ReadableStream<Uint8Array> }) | null = c.req.method === 'HEAD' ? await ports.archive.head(key) : await ports.archive.get(key);
    if (!object) throw new NotFound(`no archived object ${key}`);
    const name = key.split('/').slice(-3).join('-');
    const headers = {
      'content-type': object.contentType,
      'content-length': String(object.size),
      // Keys are never overwritten, so a published one can be cached forever; drafts and batch
      // runs are kept by no cache at all, not even the browser of a shared office PC.
      'cache-control': isPublished(key) ? 'public, max-age=31536000, immutable' : 'no-store',
      ...(object.sha256 ? { etag: `"${object.sha256}"` } : {}),
      'content-disposition': `${key.endsWith('.pdf') || key.endsWith('.html') ? 'inline' : 'attachment'}; filename="${name}"`,
      // A stored page (a batch summary) opens in the browser, with no script and nothing fetched
      // but its own inline style: its text comes from report authors, escaped, and stays inert.
      ...(key.endsWith('.html') ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" } : {}),
    };
    return object.body ? c.body(object.body, 200, headers) : c.body(null, 200, headers);
  });

  app.get('/v1/schema.json', operations.reportSchema, (c) => c.json(reportJsonSchema()));
  app.get('/openapi.json', operations.openApi, openApiRoute(app));
  app.get('/docs', operations.apiReference, (c) => c.html(apiReferencePage()));
  app.get('/docs/assets/:file', operations.apiReferenceAsset, (c) => docsAssetResponse(c.req.param('file')));
  app.get('/archive', operations.archivePage, async (c) => {
    const { q, year, region, agency, cursor } = c.req.query();
    return c.html(await archivePage(ports.archive, { q, year, region, agency, cursor }));
  });

  app.get('/metrics', operations.metrics, (c) => c.body(metrics.expose(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));
  registerHealthRoutes(app, ports.archive, ports.healthChecks ?? {}, logger);
  registerDraftRoutes(app, ports, signedIn, audited);
  registerMeRoute(app, signedIn);
  registerAuditRoute(app, ports.archive, signedIn);
  registerWorkspacePage(app);

  return app;
}
