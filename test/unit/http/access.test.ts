/**
 * Access by role over the real app and a real folder archive (and the credentials on a real S3
 * server): an author can neither publish for another agency nor read its drafts; a region admin
 * stays inside its region (by the register); a batch operator reads batch runs and writes no
 * draft; a revocation holds from the next request; NIANBAO_TOKEN still does everything; every
 * failed credential gets the same 401, every valid one for the wrong agency a 403 naming it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAll } from '../../../functions/archive/archive';
import { createFsArchive } from '../../../functions/archive/fs';
import { createS3Archive } from '../../../functions/archive/s3';
import { issueToken, listGrants, principalOfToken, revokeToken } from '../../../functions/access/tokens';
import { registerFromCsv } from '../../../functions/register/csv';
import { storeRegister } from '../../../functions/register/store';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { cli } from '../../helpers/cli';
import { loadExample } from '../../helpers/examples';
import { TEST_REGISTER_CSV } from '../../helpers/register';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../../helpers/s3rver';

const clock = { now: () => new Date('2026-01-20T08:00:00Z') };
const jianghai = () => loadExample('consistent2021'); // 2021, jianghai-nrp
const suqian = () => loadExample('seed2020'); // 2020, suqian-cdpf
const bearer = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const get = (t: TestApp, path: string, token?: string) => t.app.request(path, { headers: bearer(token) });
const putDraft = (t: TestApp, year: number, agency: string, report: unknown, token: string) => t.app.request(`/v1/drafts/${year}/${agency}`, jsonRequest(report, { method: 'PUT', token }));

let t: TestApp;
const tokens = { author: '', suqianAdmin: '', jiangsuAdmin: '', batch: '' };
beforeAll(async () => {
  t = await startTestApp();
  const { archive } = t.ports;
  await storeRegister(archive, clock, registerFromCsv(TEST_REGISTER_CSV));
  tokens.author = (await issueToken(archive, clock, { role: 'author', agencies: ['jianghai-nrp'], name: '江海市自规局 张三' })).token;
  tokens.suqianAdmin = (await issueToken(archive, clock, { role: 'region-admin', region: '321300' })).token;
  tokens.jiangsuAdmin = (await issueToken(archive, clock, { role: 'region-admin', region: '320000' })).token;
  tokens.batch = (await issueToken(archive, clock, { role: 'batch-operator', name: 'year-end' })).token;
  // Each agency has a draft, stored by the operator.
  expect((await putDraft(t, 2021, 'jianghai-nrp', jianghai(), TEST_TOKEN)).status).toBe(201);
  expect((await putDraft(t, 2020, 'suqian-cdpf', suqian(), TEST_TOKEN)).status).toBe(201);
});
afterAll(async () => t?.close());

async function forbiddenProblem(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return response.json();
}

describe('an author', () => {
  it('says who it is at /v1/me', async () => {
    const me = await (await get(t, '/v1/me', tokens.author)).json();
    expect(me).toEqual({ role: 'author', id: expect.stringMatching(/^[0-9a-f]{16}$/), name: '江海市自规局 张三', agencies: ['jianghai-nrp'], region: null, via: 'token' });
  });

  it('cannot publish for another agency: 403 naming it, in both languages, and nothing archived', async () => {
    const problem = await forbiddenProblem(await t.app.request('/v1/reports', jsonRequest(suqian(), { token: tokens.author })));
    expect(problem).toMatchObject({ type: 'https://nianbao.dev/problems/forbidden', path: '/v1/reports', agency: 'suqian-cdpf', role: 'author', zh: expect.stringContaining('suqian-cdpf'), en: 'this credential does not act for agency "suqian-cdpf"' });
    expect((await Array.fromAsync(listAll(t.ports.archive, '2020/'))).flat()).toEqual([]);
  });

  it('publishes for its own agency', async () => {
    const response = await t.app.request('/v1/reports', jsonRequest(jianghai(), { token: tokens.author }));
    expect(response.status).toBe(201);
  });

  it("cannot read or write another agency's drafts, by the drafts API or the archive's keys", async () => {
    expect((await forbiddenProblem(await get(t, '/v1/drafts/2020/suqian-cdpf', tokens.author))).path).toBe('/v1/drafts/2020/suqian-cdpf');
    await forbiddenProblem(await get(t, '/v1/drafts/2021/suqian-cdpf/prefill', tokens.author));
    await forbiddenProblem(await get(t, '/v1/agencies/suqian-cdpf/years', tokens.author));
    await forbiddenProblem(await putDraft(t, 2020, 'suqian-cdpf', suqian(), tokens.author));
    const [draftKey] = (await Array.fromAsync(listAll(t.ports.archive, 'drafts/2020/suqian-cdpf/'))).flat();
    await forbiddenProblem(await get(t, `/v1/archive/${draftKey}`, tokens.author));
    // Its own drafts it reads and writes.
    expect((await get(t, '/v1/drafts/2021/jianghai-nrp', tokens.author)).status).toBe(200);
    const [ownKey] = (await Array.fromAsync(listAll(t.ports.archive, 'drafts/2021/jianghai-nrp/'))).flat();
    expect((await get(t, `/v1/archive/${ownKey}`, tokens.author)).status).toBe(200);
  });

  it('reads no batch run, credential or register file through the archive route', async () => {
    await t.ports.archive.putIfAbsent('batches/2021/20260120t080000000z-00000000/summary.json', new TextEncoder().encode('{}'));
    await forbiddenProblem(await get(t, '/v1/archive/batches/2021/20260120t080000000z-00000000/summary.json', tokens.author));
    const [grantKey] = (await Array.fromAsync(listAll(t.ports.archive, 'access/tokens/'))).flat();
    await forbiddenProblem(await get(t, `/v1/archive/${grantKey}`, tokens.author));
  });
});

describe('a region admin', () => {
  it('works for the agencies of its region and no other', async () => {
    expect((await get(t, '/v1/drafts/2020/suqian-cdpf', tokens.suqianAdmin)).status).toBe(200);
    const problem = await forbiddenProblem(await get(t, '/v1/drafts/2021/jianghai-nrp', tokens.suqianAdmin));
    expect(problem).toMatchObject({ agency: 'jianghai-nrp', role: 'region-admin' });
    await forbiddenProblem(await t.app.request('/v1/reports', jsonRequest(jianghai(), { token: tokens.suqianAdmin })));
    // An agency the register does not list is in no region.
    await forbiddenProblem(await get(t, '/v1/drafts/2021/not-registered', tokens.suqianAdmin));
  });

  it('of a province covers every agency whose code starts with its own', async () => {
    expect((await get(t, '/v1/drafts/2020/suqian-cdpf', tokens.jiangsuAdmin)).status).toBe(200);
    expect((await get(t, '/v1/drafts/2021/jianghai-nrp', tokens.jiangsuAdmin)).status).toBe(200);
    await expect((await get(t, '/v1/me', tokens.jiangsuAdmin)).json()).resolves.toMatchObject({ role: 'region-admin', region: '320000', agencies: null });
  });
});

describe('a batch operator', () => {
  it('reads batch runs but writes and reads no draft', async () => {
    expect((await get(t, '/v1/archive/batches/2021/20260120t080000000z-00000000/summary.json', tokens.batch)).status).toBe(200);
    await forbiddenProblem(await putDraft(t, 2021, 'jianghai-nrp', jianghai(), tokens.batch));
    await forbiddenProblem(await get(t, '/v1/drafts/2021/jianghai-nrp', tokens.batch));
    await forbiddenProblem(await t.app.request('/v1/reports', jsonRequest(jianghai(), { token: tokens.batch })));
  });
});

describe('the server token NIANBAO_TOKEN', () => {
  it('still acts as an operator: every agency, batch runs and the archive’s other keys', async () => {
    expect(await (await get(t, '/v1/me', TEST_TOKEN)).json()).toEqual({ role: 'operator', id: 'server-token', name: 'NIANBAO_TOKEN', agencies: null, region: null, via: 'server-token' });
    expect((await get(t, '/v1/drafts/2020/suqian-cdpf', TEST_TOKEN)).status).toBe(200);
    expect((await get(t, '/v1/archive/batches/2021/20260120t080000000z-00000000/summary.json', TEST_TOKEN)).status).toBe(200);
    const [grantKey] = (await Array.fromAsync(listAll(t.ports.archive, 'access/tokens/'))).flat();
    expect((await get(t, `/v1/archive/${grantKey}`, TEST_TOKEN)).status).toBe(200);
  });
});

describe('a failed credential', () => {
  it('is one and the same 401 whether missing, malformed, wrong or revoked, and a revocation holds at the next request', async () => {
    const { token, grant } = await issueToken(t.ports.archive, clock, { role: 'author', agencies: ['jianghai-nrp'] });
    expect((await get(t, '/v1/drafts/2021/jianghai-nrp', token)).status).toBe(200);
    expect(await revokeToken(t.ports.archive, clock, grant.id)).toBe('revoked');
    const answers = await Promise.all([
      get(t, '/v1/drafts/2021/jianghai-nrp', token),
      get(t, '/v1/drafts/2021/jianghai-nrp'),
      t.app.request('/v1/drafts/2021/jianghai-nrp', { headers: { authorization: 'Basic abc' } }),
      get(t, '/v1/drafts/2021/jianghai-nrp', `nb_${'A'.repeat(43)}`),
      get(t, '/v1/drafts/2021/jianghai-nrp', 'not-a-token-at-all-0123'),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, challenge: r.headers.get('www-authenticate'), ...(await r.json()), instance: undefined })));
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ status: 401, challenge: 'Bearer realm="nianbao"', type: 'https://nianbao.dev/problems/unauthorized' });
    expect(await revokeToken(t.ports.archive, clock, grant.id)).toBe('already');
  });
});

describe('nianbao token', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nianbao-token-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('adds (printing the token once), lists (never a token or hash) and revokes; bad arguments are usage errors', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', root);
    const added = await cli('token', 'add', '--role', 'author', '--agency', 'jianghai-nrp,suqian-cdpf', '--name', '张三');
    expect(added.code).toBe(0);
    const [token] = added.out;
    expect(token).toMatch(/^nb_[A-Za-z0-9_-]{43}$/);
    const archive = createFsArchive({ root });
    const principal = await principalOfToken(archive, token!);
    expect(principal).toMatchObject({ role: 'author', agencies: ['jianghai-nrp', 'suqian-cdpf'], name: '张三' });
    expect(added.err).toEqual([`token ${principal!.id} (author) issued: keep it now, it is shown only once; \`nianbao token revoke ${principal!.id}\` ends it`]);
    expect((await cli('token', 'add', '--role', 'region-admin', '--region', '321300')).code).toBe(0);

    const listed = await cli('token', 'ls');
    expect(listed.out).toHaveLength(2);
    expect(listed.out[0]).toBe(`${principal!.id}\tauthor\tjianghai-nrp,suqian-cdpf\t张三\t${(await listGrants(archive))[0]!.createdAt}\tactive`);
    const json = (await cli('token', 'ls', '--json')).out.join('\n');
    expect(json).not.toContain(token!.slice(3));
    expect(json).not.toContain('sha256');

    expect(await cli('token', 'revoke', principal!.id)).toEqual({ code: 0, out: [`token ${principal!.id} revoked`], err: [] });
    expect(await principalOfToken(archive, token!)).toBeNull();
    expect((await cli('token', 'ls')).out[0]).toMatch(/\trevoked \d{4}-/);
    expect(await cli('token', 'revoke', '0123456789abcdef')).toMatchObject({ code: 1, err: ['nianbao token: no token 0123456789abcdef (`nianbao token ls` lists them)'] });

    for (const args of [['add'], ['add', '--role', 'author'], ['add', '--role', 'region-admin', '--region', '3213'], ['add', '--role', 'root'], ['add', '--role', 'batch-operator', '--agency', 'x'], ['add', '--role', 'author', '--agency', 'Bad_Id'], ['revoke']]) {
      expect((await cli('token', ...args)).code, args.join(' ')).toBe(2);
    }
  });
});

describe('on S3', () => {
  let s3rver: RunningS3rver;
  beforeAll(async () => {
    s3rver = await startS3rver();
  });
  afterAll(async () => s3rver?.stop());

  it('issues, resolves and revokes tokens through the same port', async () => {
    const archive = createS3Archive({ bucket: s3rver.bucket, prefix: 'nianbao/', endpoint: s3rver.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const { token, grant } = await issueToken(archive, clock, { role: 'region-admin', region: '321300', name: '宿迁' });
    expect(await principalOfToken(archive, token)).toEqual({ role: 'region-admin', id: grant.id, name: '宿迁', region: '321300', agencies: undefined, via: 'token' });
    expect(await revokeToken(archive, clock, grant.id)).toBe('revoked');
    expect(await principalOfToken(archive, token)).toBeNull();
    expect((await listGrants(archive)).map((g) => g.revokedAt)).toEqual(['2026-01-20T08:00:00.000Z']);
  });
});
