/**
 * The app's edges through `app.request()` on real ports (the bundled Chromium, a filesystem
 * archive): security headers on every kind of answer, CORS for form tools on another origin,
 * W3C trace context in the log, and /metrics in the Prometheus text format counting what the
 * printer, the archive and the HTTP layer did (issue 18, points 2 and 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Archive } from '../../../functions/archive/s3';
import { createChromiumPrinter } from '../../../functions/print/chromium';
import { jsonRequest, sharedFonts, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { corsOrigins: ['https://forms.example.gov.cn'] } });
});
afterAll(async () => t?.close());

describe('security headers', () => {
  it('are on every kind of answer: pages, JSON, PDFs, problems, metrics', async () => {
    const published = await t.app.request('/v1/reports', jsonRequest(loadExample('seed2020'), { token: TEST_TOKEN }));
    const { links } = await published.json();
    const paths = ['/archive', '/docs', '/docs/assets/swagger-ui.css', '/openapi.json', '/v1/schema.json', '/v1/archive?year=2020', links.pdf, links.record, '/no/such/route', '/livez', '/metrics'];
    const refused = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }; // a thrown error: 415
    for (const [path, init] of [...paths.map((path) => [path, undefined] as const), ['/v1/reports/validate', refused] as const]) {
      const response = await t.app.request(path, init);
      expect(response.status, path).toBeLessThan(500);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toMatch(/default-src '(self|none)'/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('keep the stricter policy of a route that sets its own (the preview: nothing but data: images and fonts)', async () => {
    const preview = await t.app.request('/v1/reports/preview', jsonRequest(loadExample('seed2020')));
    expect(preview.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; frame-ancestors 'none'");
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('CORS (NIANBAO_CORS_ORIGINS)', () => {
  const preflight = (origin: string) =>
    t.app.request('/v1/reports/validate', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });

  it('lets a listed origin call the API, with the token and the headers a form tool reads', async () => {
    const allowed = await preflight('https://forms.example.gov.cn');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://forms.example.gov.cn');
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST,PUT');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type,authorization,traceparent');
    const answer = await t.app.request('/v1/reports/validate', jsonRequest(loadExample('seed2020'), { headers: { origin: 'https://forms.example.gov.cn' } }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://forms.example.gov.cn');
    expect(answer.headers.get('access-control-expose-headers')).toBe('location,retry-after,content-disposition,x-request-id');
  });

  it('gives any other origin no permission, and none at all when unset', async () => {
    expect((await preflight('https://elsewhere.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    const closed = await startTestApp({ printer: t.ports.printer });
    const response = await closed.app.request('/v1/reports/validate', jsonRequest(loadExample('seed2020'), { headers: { origin: 'https://forms.example.gov.cn' } }));
    await closed.close();
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('trace context', () => {
  const requestLine = (response: Response) => t.logs.find((line) => line.msg === 'request' && line.requestId === response.headers.get('x-request-id'))!;

  it('joins the caller’s trace: its trace id and parent span are logged, with a span of its own', async () => {
    const response = await t.app.request('/livez', { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(requestLine(response)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(requestLine(response).spanId).not.toBe('00f067aa0ba902b7');
  });

  it('reads a later version’s header by its version-00 fields, as the spec asks', async () => {
    const response = await t.app.request('/livez', { headers: { traceparent: '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-later' } });
    expect(requestLine(response)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
  });

  it('starts a trace of its own without a header, or with one the spec says to ignore', async () => {
    const ignored = [
      undefined,
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', // all-zero trace id
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', // all-zero parent id
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', // version ff is invalid
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', // upper case
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', // version 00 has exactly four fields
    ];
    for (const traceparent of ignored) {
      const response = await t.app.request('/livez', { headers: traceparent ? { traceparent } : {} });
      const line = requestLine(response);
      expect(line.traceId, traceparent).toMatch(/^[0-9a-f]{32}$/);
      expect(line.traceId, traceparent).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(line.parentSpanId, traceparent).toBeUndefined();
    }
  });

  it('puts the trace on the error lines of a request too', async () => {
    const unreachable = createS3Archive({ bucket: 'nianbao', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const broken = await startTestApp({ archive: unreachable, printer: t.ports.printer });
    await broken.app.request('/readyz', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    await broken.close();
    expect(broken.logs.find((line) => line.msg === 'readiness check failed')).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331', check: 'archive' });
  });
});

/** The samples of a Prometheus text exposition, by series ("name{labels}"), after checking every line's form. */
function samples(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# ')) {
      expect(line).toMatch(/^# (HELP [a-z_]+ .+|TYPE [a-z_]+ (counter|gauge|histogram))$/);
      continue;
    }
    const match = /^([a-z_]+(?:\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\})?) (-?[0-9.e+]+)$/.exec(line);
    expect(match, line).not.toBeNull();
    series.set(match![1]!, Number(match![2]));
  }
  return series;
}

describe('/metrics', () => {
  it('counts documents printed, their duration, the queue, and HTTP answers by status', async () => {
    const measured = await startTestApp({ printer: t.ports.printer });
    const report = loadExample('consistent2021');
    expect((await measured.app.request('/v1/reports/render', jsonRequest(report))).status).toBe(200);
    expect((await measured.app.request('/v1/reports/render', jsonRequest({ ...report, year: 'x' }))).status).toBe(422);
    expect((await measured.app.request('/no/such/route')).status).toBe(404);

    const response = await measured.app.request('/metrics');
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    await measured.close();
    const series = samples(text);
    expect(series.get('nianbao_documents_printed_total{outcome="printed"}')).toBe(1);
    expect(series.get('nianbao_print_duration_seconds_count')).toBe(1);
    expect(series.get('nianbao_print_duration_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(series.get('nianbao_print_duration_seconds_sum')).toBeGreaterThan(0);
    const buckets = [...series].filter(([name]) => name.startsWith('nianbao_print_duration_seconds_bucket')).map(([, count]) => count);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b)); // cumulative
    expect(series.get('nianbao_print_queue_depth')).toBe(0);
    expect(series.get('nianbao_documents_printing')).toBe(0);
    expect(series.get('nianbao_browser_restarts_total')).toBe(0);
    expect(series.get('nianbao_http_responses_total{method="POST",code="200"}')).toBe(1);
    expect(series.get('nianbao_http_responses_total{method="POST",code="422"}')).toBe(1);
    expect(series.get('nianbao_http_responses_total{method="GET",code="404"}')).toBe(1);
    expect(text).toContain('# TYPE nianbao_print_duration_seconds histogram\n');
  });

  it('shows the documents waiting for a browser and the one being printed while they wait', async () => {
    const measured = await startTestApp({ printer: t.ports.printer });
    const report = loadExample('consistent2021');
    const renders = Array.from({ length: 3 }, () => measured.app.request('/v1/reports/render', jsonRequest(report)));
    let busiest = { printing: 0, queued: 0 };
    for (const deadline = Date.now() + 10_000; busiest.queued < 2 && Date.now() < deadline; ) {
      const series = samples(await (await measured.app.request('/metrics')).text());
      busiest = { printing: series.get('nianbao_documents_printing')!, queued: series.get('nianbao_print_queue_depth')! };
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(busiest).toEqual({ printing: 1, queued: 2 });
    expect((await Promise.all(renders)).map((response) => response.status)).toEqual([200, 200, 200]);
    const after = samples(await (await measured.app.request('/metrics')).text());
    await measured.close();
    expect([after.get('nianbao_documents_printing'), after.get('nianbao_print_queue_depth'), after.get('nianbao_print_duration_seconds_count')]).toEqual([0, 0, 3]);
  });

  it('counts the archive’s failures by operation', async () => {
    const unreachable = createS3Archive({ bucket: 'nianbao', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const broken = await startTestApp({ archive: unreachable, printer: t.ports.printer });
    expect((await broken.app.request('/v1/archive?year=2021')).status).toBe(503);
    expect((await broken.app.request('/readyz')).status).toBe(503);
    const series = samples(await (await broken.app.request('/metrics')).text());
    await broken.close();
    expect(series.get('nianbao_archive_errors_total{operation="list",kind="unavailable"}')).toBe(1);
    expect(series.get('nianbao_archive_errors_total{operation="head",kind="unavailable"}')).toBe(1);
    expect(series.get('nianbao_http_responses_total{method="GET",code="503"}')).toBe(2);
  });

  it('counts a browser that was replaced after it was killed', async () => {
    let pid: number | undefined;
    const printer = createChromiumPrinter({ assets: sharedFonts, concurrency: 1, logger: { info: (event, fields) => { if (event === 'print.browser_launched') pid = fields.pid as number; }, warn: () => {} } });
    const own = await startTestApp({ printer });
    try {
      const report = loadExample('seed2020');
      expect((await own.app.request('/v1/reports/render', jsonRequest(report))).status).toBe(200);
      const first = pid!;
      process.kill(first, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await own.app.request('/v1/reports/render', jsonRequest(report))).status).toBe(200);
      expect(pid).not.toBe(first);
      const series = samples(await (await own.app.request('/metrics')).text());
      expect(series.get('nianbao_browser_restarts_total')).toBe(1);
      expect(series.get('nianbao_documents_printed_total{outcome="printed"}')).toBe(2);
    } finally {
      await own.close();
      await printer.close();
    }
  });
});
