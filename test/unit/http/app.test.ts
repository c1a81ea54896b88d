/**
 * Every route and every error status of the HTTP app, through `app.request()` on real ports:
 * the bundled Chromium, the bundled fonts and a filesystem archive (issue 5, "Done when").
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Archive } from '../../../functions/archive/s3';
import { createTokenBucketLimiter } from '../../../functions/http/rate-limit';
import { SECTION_HEADINGS } from '../../../functions/report';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { acknowledgementsOf, loadExample } from '../../helpers/examples';

const PROBLEM = 'application/problem+json';

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe(PROBLEM);
  const body = await response.json();
  expect(body.status).toBe(response.status);
  // One shape for every error: a fixed title, what happened in both languages, detail = English.
  expect(body).toMatchObject({ type: expect.stringMatching(/^https:\/\/nianbao\.dev\/problems\/[a-z0-9-]+$/), title: expect.any(String), zh: expect.any(String), en: expect.any(String) });
  expect(body.detail).toBe(body.en);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d+/); // never a stack trace
  return body;
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { bodyLimitBytes: 256 * 1024 } });
});
afterAll(async () => t?.close());

describe('POST /v1/reports/validate', () => {
  it('answers 200 with the format version and acknowledged exceptions', async () => {
    const report = loadExample('violations2021');
    report.acknowledgements = acknowledgementsOf(report);
    const response = await t.app.request('/v1/reports/validate', jsonRequest(report));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, formatVersion: '2021', warnings: [] });
    expect(body.acknowledged.map((p: { rule: string }) => p.rule)).toEqual(['R-1', 'R-2', 'R-2', 'R-3', 'R-4']);
  });

  it('answers 422 with every problem: path, rule, Chinese and English', async () => {
    const response = await t.app.request('/v1/reports/validate', jsonRequest(loadExample('violations2021')));
    expect(response.status).toBe(422);
    const body = await problemOf(response);
    expect(body.type).toMatch(/invalid-report$/);
    expect(body.problems).toHaveLength(5);
    expect(body.problems[0]).toEqual(expect.objectContaining({ path: 'sections.requests.table.results.total.naturalPerson', rule: 'R-1', zh: expect.stringContaining('自然人'), en: expect.stringContaining('natural persons') }));
  });

  it('answers 422 for a schema problem with its path', async () => {
    const report = loadExample('seed2020');
    report.sections.reviews.table.review.upheld = -2;
    const body = await problemOf(await t.app.request('/v1/reports/validate', jsonRequest(report)));
    expect(body.problems).toEqual([{ path: 'sections.reviews.table.review.upheld', rule: 'R-5', zh: '不能小于 0', en: 'must not be less than 0' }]);
  });

  it('answers 415 for another content type, 400 for malformed JSON, 413 over the body limit', async () => {
    const text = await t.app.request('/v1/reports/validate', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    expect(await problemOf(text)).toMatchObject({ type: expect.stringMatching(/unsupported-media-type$/), zh: expect.stringContaining('application/json'), en: expect.stringContaining('application/json') });
    const none = await t.app.request('/v1/reports/validate', { method: 'POST', body: '{}' });
    expect(none.status).toBe(415);
    const gbk = await t.app.request('/v1/reports/validate', { method: 'POST', headers: { 'content-type': 'application/json; charset=GBK' }, body: '{}' });
    expect(gbk.status).toBe(415);
    expect((await problemOf(gbk)).en).toContain('charset=gbk');

    const malformed = await t.app.request('/v1/reports/validate', jsonRequest('{"year": 20'));
    expect(malformed.status).toBe(400);
    expect(await problemOf(malformed)).toMatchObject({
      type: expect.stringMatching(/malformed-json$/),
      zh: expect.stringMatching(/^JSON 格式错误/),
      problems: [expect.objectContaining({ path: '', en: expect.stringMatching(/^malformed JSON/) })],
    });

    // Bytes that are not UTF-8 (here "报告" in GBK) are refused, not replaced with U+FFFD.
    const notUtf8 = await t.app.request('/v1/reports/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x22, 0xb1, 0xa8, 0xb8, 0xe6, 0x22]) });
    expect(notUtf8.status).toBe(400);
    expect((await problemOf(notUtf8)).type).toMatch(/not-utf8$/);

    const huge = loadExample('seed2020');
    huge.sections.overview.blocks.push({ type: 'paragraph', text: '字'.repeat(100_000) });
    const tooLarge = await t.app.request('/v1/reports/validate', jsonRequest(huge));
    expect(tooLarge.status).toBe(413);
    await problemOf(tooLarge);

    // A body that streams past the limit without announcing its length is stopped all the same.
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(' '.repeat(300 * 1024))); c.close(); } });
    const streamed = await t.app.request('/v1/reports/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe('POST /v1/reports/preview', () => {
  it('returns the HTML that is printed, self-contained, fonts inlined, under a strict CSP', async () => {
    const response = await t.app.request('/v1/reports/preview', jsonRequest(loadExample('seed2020')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; frame-ancestors 'none'");
    const html = await response.text();
    for (const heading of Object.values(SECTION_HEADINGS)) expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toMatch(/src:url\(data:font\/ttf;base64,/);
    expect(html).not.toMatch(/url\(fonts\//);
  });

  it('answers 422 for an invalid report, and prints nothing', async () => {
    const response = await t.app.request('/v1/reports/preview', jsonRequest({ year: 2021 }));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).problems.length).toBeGreaterThan(3);
  });
});

describe('POST /v1/reports/render', () => {
  it('returns a PDF draft and archives nothing', async () => {
    const response = await t.app.request('/v1/reports/render', jsonRequest(loadExample('consistent2021')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="2021-jianghai-nrp-draft.pdf"');
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect((await t.ports.archive.list('')).keys).toEqual([]);
  });
});

describe('POST /v1/reports (publish) and the archive routes', () => {
  it('needs the bearer token: 401 without it, with a wrong one, or with another scheme', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${TEST_TOKEN}` }, { authorization: 'Bearer' }]) {
      const response = await t.app.request('/v1/reports', jsonRequest(loadExample('seed2020'), { headers }));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="nianbao"');
      await problemOf(response);
    }
    expect((await t.ports.archive.list('')).keys).toEqual([]);
  });

  it('publishes a report with its violations acknowledged cell by cell, and its record keeps the exact list', async () => {
    const report = loadExample('violations2021');
    report.acknowledgements = acknowledgementsOf(report);
    // An archive of its own: the other tests here count what theirs holds.
    const own = await startTestApp();
    try {
      const created = await own.app.request('/v1/reports', jsonRequest(report, { token: TEST_TOKEN }));
      expect(created.status).toBe(201);
      const { record, links } = await created.json();
      expect(record.exceptions).toEqual(report.acknowledgements);
      expect(await (await own.app.request(links.record)).json()).toMatchObject({ exceptions: report.acknowledgements });
      const page = await (await own.app.request('/archive?year=2021')).text();
      expect(page).toContain('<code>sections.reviews.table.litigationDirect.total</code> 应 2、实 3');
    } finally {
      await own.close();
    }
  });

  it('publishes (201), then answers 200 with the same record; lists it and serves its files', async () => {
    const report = loadExample('seed2020');
    const created = await t.app.request('/v1/reports', jsonRequest(report, { token: TEST_TOKEN }));
    expect(created.status).toBe(201);
    const first = await created.json();
    expect(first).toMatchObject({ created: true, record: { year: 2020, agency: { id: 'suqian-cdpf', name: '宿迁市残疾人联合会' }, formatVersion: '2019', exceptions: [] } });
    expect(created.headers.get('location')).toBe(first.links.record);

    const again = await t.app.request('/v1/reports', jsonRequest(report, { token: TEST_TOKEN }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, record: first.record });

    const pdf = await t.app.request(first.links.pdf);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(bytes.byteLength).toBe(first.record.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.record.sha256);

    const source = await t.app.request(first.links.source);
    expect(source.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await source.json()).agency.id).toBe('suqian-cdpf');

    const listed = await (await t.app.request('/v1/archive?year=2020&agency=suqian-cdpf')).json();
    expect(listed.items).toEqual([{ ...first.record, current: true, links: first.links }]);
    expect((await (await t.app.request('/v1/archive')).json()).items).toHaveLength(1);
    expect((await (await t.app.request('/v1/archive?year=2019')).json()).items).toEqual([]);
  });

  it('refuses an invalid report with 422 and stores nothing', async () => {
    const before = (await t.ports.archive.list('')).keys;
    const response = await t.app.request('/v1/reports', jsonRequest(loadExample('violations2021'), { token: TEST_TOKEN }));
    expect(response.status).toBe(422);
    expect((await t.ports.archive.list('')).keys).toEqual(before);
  });

  it('answers 404 for unknown or hostile keys, 400 for bad list queries', async () => {
    for (const path of ['/v1/archive/2020/suqian-cdpf/' + '0'.repeat(64) + '.pdf', '/v1/archive/2020/../../etc/passwd', '/v1/archive/2020%2F..%2F..%2Fetc', '/no/such/route']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(404);
      await problemOf(response);
    }
    const notAPosition = Buffer.from('2020/../x').toString('base64url');
    for (const query of ['year=abc', 'year=20x1', 'year=2020&agency=..%2Fx', 'agency=..', 'cursor=-1', 'cursor=%25%25', 'cursor=0x10', `cursor=${notAPosition}`]) {
      const response = await t.app.request(`/v1/archive?${query}`);
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).type, query).toMatch(/invalid-parameter$/);
    }
    const position = Buffer.from('2020/suqian-cdpf').toString('base64url');
    expect((await t.app.request(`/v1/archive?year=2020&cursor=${position}`)).status).toBe(200);
  });

  it('keeps everything outside the published years (drafts, batch runs, hostile keys) to token holders', async () => {
    const token = { authorization: `Bearer ${TEST_TOKEN}` };
    for (const path of ['/v1/archive/drafts/2021/jianghai-nrp/x.json', '/v1/archive/batches/2021/x/summary.json', '/v1/archive/..%2F..%2Fetc%2Fpasswd', '/v1/archive/%00']) {
      const anonymous = await t.app.request(path);
      expect(anonymous.status, path).toBe(401);
      await problemOf(anonymous);
      const publisher = await t.app.request(path, { headers: token });
      expect(publisher.status, path).toBe(404);
      await problemOf(publisher);
    }
  });
});

describe('the discovery routes', () => {
  it('serve the JSON Schema, the OpenAPI document, the reference page and the archive page', async () => {
    const schema = await (await t.app.request('/v1/schema.json')).json();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const openapi = await (await t.app.request('/openapi.json')).json();
    expect(openapi.openapi).toMatch(/^3\.1/);
    expect((await t.app.request('/docs')).status).toBe(200);
    const page = await t.app.request('/archive');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="zh-CN"');
  });

  it('/readyz reports each check, and 503 when the archive fails', async () => {
    const healthy = await t.app.request('/readyz');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok', checks: { archive: 'ok' } });

    const unreachable = createS3Archive({ bucket: 'nianbao', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const broken = await startTestApp({ archive: unreachable });
    try {
      const response = await broken.app.request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'degraded', checks: { archive: 'failed' } });
    } finally {
      await broken.close();
    }
  });
});

describe('limits of the printer and the client', () => {
  it('answers 503 with Retry-After when the print queue is full, and never 500', async () => {
    const busy = await startTestApp({ printerOptions: { concurrency: 1, maxQueued: 1 } });
    try {
      const report = loadExample('consistent2021');
      const responses = await Promise.all(Array.from({ length: 6 }, () => busy.app.request('/v1/reports/render', jsonRequest(report))));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      const rejected = responses.find((r) => r.status === 503)!;
      expect(rejected.headers.get('retry-after')).toBe('5');
      expect((await problemOf(rejected)).type).toMatch(/busy$/);
    } finally {
      await busy.close();
    }
  });

  it('answers 503 "shutting down" with Retry-After once the printer is closed, not 500', async () => {
    const stopping = await startTestApp();
    try {
      await stopping.ports.printer.close();
      const response = await stopping.app.request('/v1/reports/render', jsonRequest(loadExample('seed2020')));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await problemOf(response)).type).toMatch(/shutting-down$/);
    } finally {
      await stopping.close();
    }
  });

  it('answers 503 "printer unavailable" with Retry-After when the browser does not start, and retries the launch on the next request', async () => {
    const browserless = await startTestApp({ printerOptions: { executablePath: '/bin/false' } });
    try {
      for (let request = 0; request < 2; request++) {
        const response = await browserless.app.request('/v1/reports/render', jsonRequest(loadExample('seed2020')));
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await problemOf(response)).toMatchObject({ type: expect.stringMatching(/printer-unavailable$/), detail: expect.stringContaining('the browser did not start') });
      }
      expect(browserless.logs.filter((entry) => entry.event === 'print.browser_launch_failed')).toHaveLength(2);
    } finally {
      await browserless.close();
    }
  });

  it('answers 504 when a document exceeds its time limit', async () => {
    const slow = await startTestApp({ printerOptions: { printTimeoutMs: 1 } });
    try {
      const response = await slow.app.request('/v1/reports/render', jsonRequest(loadExample('seed2020')));
      expect(response.status).toBe(504);
      expect((await problemOf(response)).detail).toContain('print');
    } finally {
      await slow.close();
    }
  });

  it('answers 429 with Retry-After once a client exceeds its rate', async () => {
    const limited = await startTestApp({ rateLimiter: createTokenBucketLimiter({ capacity: 1, refillPerSecond: 0.1, now: () => 0 }), clientOf: (c) => c.req.header('x-test-client') });
    try {
      const request = () => limited.app.request('/v1/reports/preview', jsonRequest(loadExample('seed2020'), { headers: { 'x-test-client': 'a' } }));
      expect((await request()).status).toBe(200);
      const second = await request();
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('10');
      await problemOf(second);
      const other = await limited.app.request('/v1/reports/preview', jsonRequest(loadExample('seed2020'), { headers: { 'x-test-client': 'b' } }));
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
