/**
 * Access as an attacker and a deployer tries it, over the real app and a real folder archive:
 * the Lambda's paid routes behind a credential (imports included); issued tokens working while
 * the Secrets Manager secret cannot be read; an agency's region followed from the newest register;
 * agency ids that differ from an author's by case, space or script; archive keys with `..` and
 * encoded slashes; tampered audit cursors; an audit log that cannot be written; CORS that never
 * allows ambient credentials.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAll, type Archive } from '../../../functions/archive/archive';
import { createFsArchive } from '../../../functions/archive/fs';
import { issueToken } from '../../../functions/access/tokens';
import { encodeCursor } from '../../../functions/archive/cursor';
import { secretToken } from '../../../functions/aws/secret-token';
import { registerFromCsv } from '../../../functions/register/csv';
import { storeRegister } from '../../../functions/register/store';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';
import { TEST_REGISTER_CSV } from '../../helpers/register';
import { startFakeSecretsManager, type FakeSecretsManager } from '../../helpers/secrets-manager';

const clock = { now: () => new Date('2026-01-20T08:00:00Z') };
const jianghai = () => loadExample('consistent2021'); // 2021, jianghai-nrp
const suqian = () => loadExample('seed2020'); // 2020, suqian-cdpf
const as = (token?: string, headers: Record<string, string> = {}) => ({ headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
const keysUnder = async (archive: Archive, prefix: string) => (await Array.fromAsync(listAll(archive, prefix))).flat();

describe('where each request is paid for (Lambda: checksNeedToken)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { checksNeedToken: true } });
  });
  afterAll(async () => t?.close());

  it('validate, preview, render and imports all take a credential: 401 without one, before any work', async () => {
    const html = { method: 'POST', body: '<html><body>年度报告</body></html>', headers: { 'content-type': 'text/html' } };
    for (const path of ['/v1/reports/validate', '/v1/reports/preview', '/v1/reports/render']) {
      expect((await t.app.request(path, jsonRequest(jianghai()))).status, path).toBe(401);
    }
    expect((await t.app.request('/v1/imports', html)).status).toBe(401);
    const author = (await issueToken(t.ports.archive, clock, { role: 'author', agencies: ['jianghai-nrp'] })).token;
    expect((await t.app.request('/v1/reports/validate', jsonRequest(jianghai(), { token: author }))).status).toBe(200);
    expect((await t.app.request('/v1/imports', { ...html, headers: { ...html.headers, authorization: `Bearer ${author}` } })).status).not.toBe(401);
  });
});

describe('the server token read from Secrets Manager', () => {
  let secretsManager: FakeSecretsManager;
  let t: TestApp;
  beforeAll(async () => {
    secretsManager = await startFakeSecretsManager(new Map([['nianbao-token', TEST_TOKEN]]));
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const logger = { info: () => {}, error: () => {} };
    t = await startTestApp({ config: { token: secretToken({ secretId: 'nianbao-token', cacheSeconds: 60, logger }) } });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await t?.close();
    await secretsManager?.stop();
  });

  it('acts as an operator; while it cannot be read, issued tokens still work and only other credentials get the 503', async () => {
    const author = (await issueToken(t.ports.archive, clock, { role: 'author', agencies: ['jianghai-nrp'] })).token;
    secretsManager.failing = true;
    expect((await t.app.request('/v1/me', as(author))).status).toBe(200);
    const unknown = await t.app.request('/v1/me', as('some-other-credential-0123'));
    expect(unknown.status).toBe(503);
    expect(unknown.headers.get('retry-after')).toBe('5');
    secretsManager.failing = false;
    expect(await (await t.app.request('/v1/me', as(TEST_TOKEN))).json()).toMatchObject({ role: 'operator', via: 'server-token' });
    expect((await t.app.request('/v1/me', as('some-other-credential-0123'))).status).toBe(401);
  });
});

describe('an attacker with a valid credential', () => {
  let t: TestApp;
  const tokens = { author: '', suqianAdmin: '', otherCityAdmin: '' };
  let suqianDraft = '';
  beforeAll(async () => {
    t = await startTestApp();
    const { archive } = t.ports;
    await storeRegister(archive, clock, registerFromCsv(TEST_REGISTER_CSV));
    tokens.author = (await issueToken(archive, clock, { role: 'author', agencies: ['jianghai-nrp'] })).token;
    tokens.suqianAdmin = (await issueToken(archive, clock, { role: 'region-admin', region: '321300' })).token;
    tokens.otherCityAdmin = (await issueToken(archive, clock, { role: 'region-admin', region: '321400' })).token;
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', jsonRequest(suqian(), { method: 'PUT', token: TEST_TOKEN }))).status).toBe(201);
    expect((await t.app.request('/v1/drafts/2021/jianghai-nrp', jsonRequest(jianghai(), { method: 'PUT', token: TEST_TOKEN }))).status).toBe(201);
    suqianDraft = (await keysUnder(archive, 'drafts/2020/suqian-cdpf/'))[0]!;
  });
  afterAll(async () => t?.close());

  it('cannot publish under an agency id that differs from its own by case, space or script: refused, nothing archived', async () => {
    for (const id of ['Jianghai-nrp', ' jianghai-nrp', 'jianghai-nrp ', 'jianghai-nrp\n', 'ｊｉａｎｇｈａｉ-nrp', 'jianghai‐nrp', 'suqian-cdpf']) {
      const report = { ...jianghai(), agency: { ...jianghai().agency, id } };
      const status = (await t.app.request('/v1/reports', jsonRequest(report, { token: tokens.author }))).status;
      expect([403, 422], JSON.stringify(id)).toContain(status);
    }
    expect(await keysUnder(t.ports.archive, '2021/')).toEqual([]);
  });

  it("reaches no other agency's draft through `..`, encoded slashes or dots in an archive key", async () => {
    const [, year, agency, file] = suqianDraft.split('/') as [string, string, string, string];
    const attempts = [
      `/v1/archive/drafts/2021/jianghai-nrp/../../${year}/${agency}/${file}`,
      `/v1/archive/drafts/2021/jianghai-nrp/..%2F..%2F${year}%2F${agency}%2F${file}`,
      `/v1/archive/drafts/2021/jianghai-nrp/%2e%2e/%2e%2e/${year}/${agency}/${file}`,
      `/v1/archive/drafts%2F${year}%2F${agency}%2F${file}`,
      `/v1/archive/drafts/${year}/${agency.toUpperCase()}/${file}`,
      `/v1/archive/2021/../drafts/${year}/${agency}/${file}`,
      `/v1/archive/2021/jianghai-nrp/..%2F..%2Fdrafts%2F${year}%2F${agency}%2F${file}`,
      `/v1/archive/drafts//${year}/${agency}/${file}`,
    ];
    for (const path of attempts) {
      const response = await t.app.request(path, as(tokens.author));
      expect([400, 403, 404], path).toContain(response.status);
    }
    // The same key, straight, is a plain 403.
    expect((await t.app.request(`/v1/archive/${suqianDraft}`, as(tokens.author))).status).toBe(403);
  });

  it("keeps a draft read through the archive out of every cache, the browser's own included (a shared office PC)", async () => {
    const response = await t.app.request(`/v1/archive/${suqianDraft}`, as(tokens.suqianAdmin));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('as a region admin, follows the newest register: an agency moved out of its region is refused at the next request', async () => {
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', as(tokens.suqianAdmin))).status).toBe(200);
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', as(tokens.otherCityAdmin))).status).toBe(403);
    const moved = TEST_REGISTER_CSV.replace('suqian-cdpf,宿迁市残疾人联合会,321300', 'suqian-cdpf,宿迁市残疾人联合会,321402');
    await storeRegister(t.ports.archive, { now: () => new Date('2026-01-21T08:00:00Z') }, registerFromCsv(moved));
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', as(tokens.suqianAdmin))).status).toBe(403);
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf/prefill', as(tokens.suqianAdmin))).status).toBe(403);
    expect((await t.app.request('/v1/agencies/suqian-cdpf/years', as(tokens.suqianAdmin))).status).toBe(403);
    expect((await t.app.request(`/v1/archive/${suqianDraft}`, as(tokens.suqianAdmin))).status).toBe(403);
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', as(tokens.otherCityAdmin))).status).toBe(200);
    // Dropped from the register: in no region, whoever asks.
    const dropped = TEST_REGISTER_CSV.split('\n').filter((line) => !line.startsWith('suqian-cdpf,')).join('\n');
    await storeRegister(t.ports.archive, { now: () => new Date('2026-01-22T08:00:00Z') }, registerFromCsv(dropped));
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', as(tokens.otherCityAdmin))).status).toBe(403);
  });

  it('reads no audit entry as an author, none of another region as a region admin, and a tampered cursor is a 400 or an empty page', async () => {
    expect((await t.app.request('/v1/audit', as(tokens.author))).status).toBe(403);
    const all = (await (await t.app.request('/v1/audit', as(TEST_TOKEN))).json()).entries as { agency?: string }[];
    expect(all.length).toBeGreaterThan(0);
    const theirs = await (await t.app.request('/v1/audit', as(tokens.suqianAdmin))).json();
    expect(theirs.entries).toEqual([]);
    for (const cursor of ['not-base64!', encodeCursor('access/tokens/'), encodeCursor('\u0000'), encodeCursor('audit/9999/'), 'A'.repeat(2000)]) {
      const response = await t.app.request(`/v1/audit?cursor=${encodeURIComponent(cursor)}`, as(tokens.suqianAdmin));
      expect([200, 400], cursor).toContain(response.status);
      if (response.status === 200) expect((await response.json()).entries).toEqual([]);
    }
  });
});

describe('an audit log that cannot be written', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nianbao-audit-down-'));
    const folder = createFsArchive({ root });
    const failingAudit: Archive = {
      ...folder,
      putIfAbsent: (key, ...rest) => (key.startsWith('audit/') ? Promise.reject(new Error('disk full (test)')) : folder.putIfAbsent(key, ...rest)),
    };
    t = await startTestApp({ archive: failingAudit });
  });
  afterAll(async () => {
    await t?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('neither fails the write nor leaves it half done: the draft is stored and answered, the missing entry logged', async () => {
    const response = await t.app.request('/v1/drafts/2021/jianghai-nrp', jsonRequest(jianghai(), { method: 'PUT', token: TEST_TOKEN }));
    expect(response.status).toBe(201);
    expect((await t.app.request('/v1/drafts/2021/jianghai-nrp', as(TEST_TOKEN))).status).toBe(200);
    expect(t.logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'audit entry not written', error: 'disk full (test)' }));
  });
});

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: { corsOrigins: ['*'] } });
  });
  afterAll(async () => t?.close());

  it('never allows credentials: a bearer token is sent on purpose, never by the browser on its own', async () => {
    const preflight = await t.app.request('/v1/drafts/2021/jianghai-nrp', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' } });
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const read = await t.app.request('/v1/me', as(TEST_TOKEN, { origin: 'https://evil.example', cookie: 'session=1' }));
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
