/**
 * `POST /v1/imports` through the real app: a file as the body with its media type → the report
 * as read and the summary; 415, 413 and 422 problems for what it cannot take; rate limited.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenBucketLimiter } from '../../../functions/http/rate-limit';
import { startTestApp, type TestApp } from '../../helpers/app';

const page = readFileSync('test/fixtures/real/shuyang-fgj-2023/source.html');
const post = (body: BodyInit, type?: string, headers: Record<string, string> = {}) =>
  ({ method: 'POST', body, headers: { ...(type ? { 'content-type': type } : {}), ...headers } }) satisfies RequestInit;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { bodyLimitBytes: 256 * 1024 } });
});
afterAll(async () => t?.close());

describe('POST /v1/imports', () => {
  it('reads a web page into the report and its summary', async () => {
    const response = await t.app.request('/v1/imports', post(page, 'text/html; charset=utf-8'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.complete).toBe(true);
    expect(body.summary).toEqual({ cellsRead: 200, cellsExpected: 200, unplaced: [], needsPerson: [] });
    expect(body.report).toMatchObject({ year: 2023, formatVersion: '2021', agency: { name: '沭阳县发展和改革局' } });
  });

  it('never runs a script in a page, nor keeps its text', async () => {
    const hostile = `<html><body><script>globalThis.ran = true; document.write('二、主动公开政府信息情况')</script><p>某局2023年政府信息公开工作年度报告</p><p onclick="alert(1)">根据《条例》编制。</p><img src=x onerror="globalThis.ran=true"></body></html>`;
    const response = await t.app.request('/v1/imports', post(hostile, 'text/html'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
    expect(JSON.stringify(body.report)).not.toContain('document.write');
    expect(body.complete).toBe(false);
    expect(body.summary.needsPerson).toContainEqual(expect.stringContaining('找不到第二部分的标题'));
  });

  it('refuses a kind of file it does not read (415), a body past the limit (413), no body (400)', async () => {
    const zip = await t.app.request('/v1/imports', post('PK\u0003\u0004', 'application/zip'));
    expect(zip.status).toBe(415);
    expect((await zip.json()).type).toBe('https://nianbao.dev/problems/unsupported-file');
    const none = await t.app.request('/v1/imports', post(new Uint8Array([0x41]), undefined));
    expect(none.status).toBe(415);
    const large = await t.app.request('/v1/imports', post(new Uint8Array(300 * 1024).fill(0x41), 'text/plain'));
    expect(large.status).toBe(413);
    const empty = await t.app.request('/v1/imports', { method: 'POST', headers: { 'content-type': 'text/plain' } });
    expect(empty.status).toBe(400);
  });

  it('is rate limited like render', async () => {
    const limited = await startTestApp({ rateLimiter: createTokenBucketLimiter({ capacity: 1, refillPerSecond: 0.1, now: () => 0 }), clientOf: (c) => c.req.header('x-test-client') });
    try {
      const first = await limited.app.request('/v1/imports', post('无', 'text/plain', { 'x-test-client': 'a' }));
      expect(first.status).toBe(200);
      const second = await limited.app.request('/v1/imports', post('无', 'text/plain', { 'x-test-client': 'a' }));
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('10');
    } finally {
      await limited.close();
    }
  });
});
