/**
 * The workspace's server side through app.request on the real app and a filesystem archive: the
 * page and its script (fresh from its sources, within the 200 KB gzipped budget, no CDN, a CSP that
 * allows this origin only), and the drafts API it saves through: ETag on read, If-Match and
 * If-None-Match on store (412 and nothing stored when someone else stored first), unfinished drafts.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_JS } from '../../../functions/http/_workspace';
import { WORKSPACE_SCRIPT_PATH } from '../../../functions/http/workspace-page';
import { bundleWorkspace } from '../../../scripts/gen-workspace';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';

const PATH = '/v1/drafts/2021/jianghai-nrp';
let t: TestApp;
let tick = 0;
beforeAll(async () => {
  t = await startTestApp({ clock: { now: () => new Date(Date.UTC(2026, 0, 20, 8, 0, tick++)) } });
});
afterAll(async () => t?.close());

const put = (body: unknown, headers: Record<string, string> = {}, query = '') => t.app.request(PATH + query, jsonRequest(body, { method: 'PUT', token: TEST_TOKEN, headers }));

describe('/workspace', () => {
  it('serves the shell and its script from the app, the script as bundled from its sources, under 200 KB gzipped', async () => {
    const page = await t.app.request('/workspace');
    expect(page.status).toBe(200);
    const shell = await page.text();
    expect(shell).toContain(`<script type="module" src="${WORKSPACE_SCRIPT_PATH}">`);
    expect(shell).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await t.app.request(WORKSPACE_SCRIPT_PATH, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(gzipSync(WORKSPACE_JS).length).toBeLessThan(200 * 1024);
    expect((await bundleWorkspace()).code, 'functions/http/_workspace.ts is stale: run npm run gen').toBe(WORKSPACE_JS);
  });
});

describe('drafts with ETag and If-Match', () => {
  it('stores conditionally: If-None-Match: * once, then If-Match of the ETag read; a stale one is 412 and stores nothing', async () => {
    const report = loadExample('consistent2021');
    const first = await put(report, { 'if-none-match': '*' });
    expect(first.status).toBe(201);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const read = await t.app.request(PATH, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(read.headers.get('etag')).toBe(etag);
    expect(await read.json()).toMatchObject({ year: 2021 });

    expect((await put(report, { 'if-none-match': '*' })).status).toBe(200); // the same report again: nothing to refuse
    const alice = { ...report, sections: { ...report.sections, problems: { blocks: [{ type: 'paragraph', text: '甲的修改。' }] } } };
    const bob = { ...report, sections: { ...report.sections, problems: { blocks: [{ type: 'paragraph', text: '乙的修改。' }] } } };
    const stored = await put(alice, { 'if-match': etag });
    expect(stored.status).toBe(201);
    const refused = await put(bob, { 'if-match': etag });
    expect(refused.status).toBe(412);
    expect(refused.headers.get('etag')).toBe(stored.headers.get('etag'));
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining('draft-conflict'), zh: expect.stringContaining('他人') });
    const current = await t.app.request(PATH, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(JSON.stringify(await current.json())).toContain('甲的修改');
  });

  it('of 10 saves at once with the same If-Match, one is stored and 9 answer 412; the stored one is current and whole', async () => {
    const path = '/v1/drafts/2021/jianghai-race';
    const report = { ...loadExample('consistent2021'), agency: { ...loadExample('consistent2021').agency, id: 'jianghai-race' } };
    const save = (body: unknown, headers: Record<string, string>) => t.app.request(path, jsonRequest(body, { method: 'PUT', token: TEST_TOKEN, headers }));
    const etag = (await save(report, { 'if-none-match': '*' })).headers.get('etag')!;
    const edits = Array.from({ length: 10 }, (_, i) => ({ ...report, sections: { ...report.sections, problems: { blocks: [{ type: 'paragraph', text: `第${i}位编辑的修改。` }] } } }));
    const answers = await Promise.all(edits.map((edit) => save(edit, { 'if-match': etag })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(9).fill(412)]);
    const winner = answers.findIndex((answer) => answer.status === 201);
    const current = await t.app.request(path, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(current.headers.get('etag')).toBe(answers[winner]!.headers.get('etag'));
    expect((await current.json()).sections.problems.blocks[0].text).toBe(`第${winner}位编辑的修改。`);
    // Every refusal names the winner's draft, for the loser to look at before deciding.
    expect(answers.filter((answer) => answer.status === 412).every((answer) => answer.headers.get('etag') === current.headers.get('etag'))).toBe(true);
  });

  it('stores an unfinished draft with ?incomplete=true and returns its problems; without it, 422', async () => {
    const unfinished = { ...loadExample('consistent2021'), introduction: [{ type: 'paragraph', text: '' }] };
    expect((await put(unfinished)).status).toBe(422);
    const stored = await put(unfinished, {}, '?incomplete=true');
    expect(stored.status).toBe(201);
    expect((await stored.json()).errors[0]).toMatchObject({ path: 'introduction[0].text' });
    const elsewhere = { ...unfinished, agency: { ...unfinished.agency, id: 'another-agency' } };
    expect((await put(elsewhere, {}, '?incomplete=true')).status).toBe(422);
  });

  it('prefills a year from the published year before, and lists the agency’s years; both need the token', async () => {
    expect((await t.app.request('/v1/reports', jsonRequest(loadExample('consistent2021'), { token: TEST_TOKEN }))).status).toBe(201);
    const auth = { headers: { authorization: `Bearer ${TEST_TOKEN}` } };
    const prefill = await t.app.request('/v1/drafts/2022/jianghai-nrp/prefill', auth);
    expect(prefill.status).toBe(200);
    expect((await prefill.json()).sections.requests.table.carriedOver).toEqual(loadExample('consistent2021').sections.requests.table.carriedForward);
    expect((await t.app.request('/v1/drafts/2030/jianghai-nrp/prefill', auth)).status).toBe(404);
    const years = await (await t.app.request('/v1/agencies/jianghai-nrp/years', auth)).json();
    expect(years.years).toEqual([expect.objectContaining({ year: 2021, published: 1, draft: expect.any(Object) })]);
    expect((await t.app.request('/v1/agencies/jianghai-nrp/years')).status).toBe(401);
  });
});
