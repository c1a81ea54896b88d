/**
 * PUT /v1/drafts/{year}/{agency} through app.request on the real app and a real filesystem
 * archive: token, validation against the path, 201 then 200, a newer draft becoming current,
 * and drafts kept out of the published listings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll } from '../../../functions/archive/archive';
import { currentDraft, readDraft } from '../../../functions/drafts/store';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';

const PATH = '/v1/drafts/2021/jianghai-nrp';
const put = (body: unknown, token: string | null = TEST_TOKEN) => jsonRequest(body, { method: 'PUT', token: token ?? undefined });

let t: TestApp;
let tick = 0;
beforeAll(async () => {
  // A clock that moves on with every store, as real time would between two form submissions.
  t = await startTestApp({ clock: { now: () => new Date(Date.UTC(2026, 0, 20, 8, 0, tick++)) } });
});
afterAll(async () => t?.close());

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return response.json();
}

describe('PUT /v1/drafts/{year}/{agency}', () => {
  it('answers 401 without the token and stores nothing', async () => {
    const response = await t.app.request(PATH, put(loadExample('consistent2021'), null));
    expect(response.status).toBe(401);
    expect((await Array.fromAsync(listAll(t.ports.archive, ''))).flat()).toEqual([]);
  });

  it('stores a valid report as the current draft: 201, then 200 for the same report', async () => {
    const report = loadExample('consistent2021');
    const first = await t.app.request(PATH, put(report));
    expect(first.status).toBe(201);
    const stored = await first.json();
    expect(stored).toMatchObject({ created: true, storedAt: expect.stringMatching(/^2026-01-20T08:00:\d\d\.000Z$/) });
    expect(stored.key).toMatch(/^drafts\/2021\/jianghai-nrp\/20260120t0800\d\d000z-[0-9a-f]{64}\.json$/);
    expect(stored.key).toContain(stored.sourceSha256);

    // Key order and spacing do not make another draft: the canonical JSON is the same.
    const again = await t.app.request(PATH, put(JSON.stringify(report, null, 4)));
    expect(again.status).toBe(200);
    expect((await again.json()).key).toBe(stored.key);

    expect(await readDraft(t.ports.archive, stored.key)).toMatchObject({ year: 2021, agency: { id: 'jianghai-nrp' } });
  });

  it('keeps every version; the newest is current, also when it repeats an older one', async () => {
    const original = loadExample('consistent2021');
    const corrected = loadExample('consistent2021');
    corrected.signature.name = '江海市自然资源和规划局办公室';
    const keys: string[] = [];
    for (const report of [corrected, original]) {
      const response = await t.app.request(PATH, put(report));
      expect(response.status).toBe(201);
      keys.push((await response.json()).key);
    }
    expect(keys[0]).not.toBe(keys[1]);
    expect((await currentDraft(t.ports.archive, 2021, 'jianghai-nrp'))?.key).toBe(keys[1]);
    const drafts = (await Array.fromAsync(listAll(t.ports.archive, 'drafts/2021/jianghai-nrp/'))).flat();
    expect(drafts).toHaveLength(3);
  });

  it('never shows drafts in the year listing or the published versions', async () => {
    expect((await t.app.request('/v1/archive?year=2021')).status).toBe(200);
    expect((await (await t.app.request('/v1/archive?year=2021')).json()).items).toEqual([]);
    expect((await (await t.app.request('/v1/archive')).json()).items).toEqual([]);
    expect((await t.ports.archive.list('2021/')).keys).toEqual([]);
  });

  it('serves a draft to the token holder only', async () => {
    const { key } = await (await t.app.request(PATH, put(loadExample('consistent2021')))).json();
    expect((await t.app.request(`/v1/archive/${key}`)).status).toBe(401);
    const allowed = await t.app.request(`/v1/archive/${key}`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).agency.id).toBe('jianghai-nrp');
  });

  it('answers 422 with every problem for an invalid report', async () => {
    const response = await t.app.request('/v1/drafts/2021/jianghai-invalid', put(loadExample('violations2021')));
    expect(response.status).toBe(422);
    const body = await problemOf(response);
    expect(body.problems.length).toBeGreaterThan(0);
    expect(body.problems[0]).toMatchObject({ path: expect.any(String), rule: expect.any(String), zh: expect.any(String), en: expect.any(String) });
  });

  it('answers 422 when the report belongs to another year or agency than the URL', async () => {
    const response = await t.app.request('/v1/drafts/2022/other-agency', put(loadExample('consistent2021')));
    expect(response.status).toBe(422);
    const body = await problemOf(response);
    expect(body.problems.map((p: { path: string }) => p.path)).toEqual(['year', 'agency.id']);
    expect(body.problems[1].zh).toContain('jianghai-nrp');
    expect((await Array.fromAsync(listAll(t.ports.archive, 'drafts/2022/'))).flat()).toEqual([]);
  });

  it('answers 400 for a path that names no year or agency, and for malformed JSON', async () => {
    for (const path of ['/v1/drafts/21/jianghai-nrp', '/v1/drafts/2021/Jianghai_NRP', '/v1/drafts/2021/..']) {
      const response = await t.app.request(path, put(loadExample('consistent2021')));
      expect([400, 404]).toContain(response.status);
      await problemOf(response);
    }
    const malformed = await t.app.request(PATH, put('{"year": 2021,'));
    expect(malformed.status).toBe(400);
    await problemOf(malformed);
  });
});
