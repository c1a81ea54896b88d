/**
 * The audit log: an entry for each kind of write (publish, draft stored, token added and revoked,
 * register imported, batch started, from the API, the CLI and the schedule), with who, what, when
 * and from where; a write refused for another agency (403) logged as refused; an invalid report
 * (422) and a missing credential (401) not logged; entries are write-once objects with their own
 * keys, none lost when many are appended at once (folder and S3); `nianbao audit ls` and
 * GET /v1/audit (operators all, region admins their region, others 403), paged.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../../../functions/access/tokens';
import { createFsArchive } from '../../../functions/archive/fs';
import { createS3Archive } from '../../../functions/archive/s3';
import { appendAudit, readAudit, type AuditEntry } from '../../../functions/audit/log';
import { startQueuedRun } from '../../../functions/batch/queued';
import { registerFromCsv } from '../../../functions/register/csv';
import { storeRegister } from '../../../functions/register/store';
import { jsonRequest, startTestApp, TEST_TOKEN, type TestApp } from '../../helpers/app';
import { cli } from '../../helpers/cli';
import { loadExample } from '../../helpers/examples';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../../helpers/s3rver';

const REGISTER = 'id,name,region,kind,from\njianghai-nrp,江海市自然资源和规划局,320100,department,2019\nsuqian-cdpf,宿迁市残疾人联合会,321300,department,2019\n';

let tick = 0;
const clock = { now: () => new Date(Date.UTC(2026, 0, 20, 8, 0, 0, tick++)) };
const as = (token: string, headers: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...headers } });
const summary = (entries: AuditEntry[]) => entries.map(({ action, outcome, actor, agency }) => ({ action, outcome, role: actor.role, agency }));

describe('writes over the API', () => {
  let t: TestApp;
  let author: { token: string; id: string };
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ clock, clientOf: () => '203.0.113.7' });
    await storeRegister(t.ports.archive, clock, registerFromCsv(REGISTER));
    const issued = await issueToken(t.ports.archive, clock, { role: 'author', agencies: ['jianghai-nrp'], name: '张三' });
    author = { token: issued.token, id: issued.grant.id };
    admin = (await issueToken(t.ports.archive, clock, { role: 'region-admin', region: '321300' })).token;
  });
  afterAll(async () => t?.close());

  it('logs publish and draft stores (written, unchanged) and a refusal for another agency; not an invalid report or a missing credential', async () => {
    const ua = { 'user-agent': 'form-tool/2.1' };
    const report = loadExample('consistent2021');
    expect((await t.app.request('/v1/reports', { ...jsonRequest(report, { token: author.token, headers: ua }) })).status).toBe(201);
    expect((await t.app.request('/v1/reports', jsonRequest(report, { token: author.token }))).status).toBe(200);
    expect((await t.app.request('/v1/drafts/2021/jianghai-nrp', jsonRequest(report, { method: 'PUT', token: author.token }))).status).toBe(201);
    expect((await t.app.request('/v1/drafts/2020/suqian-cdpf', jsonRequest(loadExample('seed2020'), { method: 'PUT', token: author.token }))).status).toBe(403);
    expect((await t.app.request('/v1/reports', jsonRequest(loadExample('seed2020'), { token: author.token }))).status).toBe(403);
    expect((await t.app.request('/v1/reports', jsonRequest(loadExample('violations2021'), { token: TEST_TOKEN }))).status).toBe(422);
    expect((await t.app.request('/v1/reports', jsonRequest(report))).status).toBe(401);

    const { entries } = await readAudit(t.ports.archive, {});
    expect(summary(entries)).toEqual([
      { action: 'publish', outcome: 'written', role: 'author', agency: 'jianghai-nrp' },
      { action: 'publish', outcome: 'unchanged', role: 'author', agency: 'jianghai-nrp' },
      { action: 'draft.store', outcome: 'written', role: 'author', agency: 'jianghai-nrp' },
      { action: 'draft.store', outcome: 'refused', role: 'author', agency: 'suqian-cdpf' },
      { action: 'publish', outcome: 'refused', role: 'author', agency: 'suqian-cdpf' },
    ]);
    expect(entries[0]).toEqual({
      key: expect.stringMatching(/^audit\/2026\/20260120t080000\d{3}z-[0-9a-f]{8}\.json$/),
      schema: 'nianbao.audit/1',
      at: expect.stringMatching(/^2026-01-20T08:00:00\.\d{3}Z$/),
      action: 'publish',
      outcome: 'written',
      actor: { id: author.id, role: 'author', via: 'token', name: '张三' },
      target: expect.stringMatching(/^2021\/jianghai-nrp\/[0-9a-f]{64}\.record\.json$/),
      agency: 'jianghai-nrp',
      client: { address: '203.0.113.7', userAgent: 'form-tool/2.1' },
    });
    expect(entries[2]!.target).toMatch(/^drafts\/2021\/jianghai-nrp\//);
    expect(entries[3]!.target).toBe('/v1/drafts/2020/suqian-cdpf');
    expect(entries.map((entry) => entry.at)).toEqual([...entries.map((entry) => entry.at)].sort());
  });

  it('GET /v1/audit: operators read it all, a region admin its region, an author nothing; paged by cursor', async () => {
    const all = await (await t.app.request('/v1/audit', as(TEST_TOKEN))).json();
    expect(all.entries).toHaveLength(5);
    expect(all.cursor).toBeUndefined();
    const regional = await (await t.app.request('/v1/audit?year=2026', as(admin))).json();
    expect(summary(regional.entries).map((e) => e.agency)).toEqual(['suqian-cdpf', 'suqian-cdpf']);
    const refused = await t.app.request('/v1/audit', as(author.token));
    expect(refused.status).toBe(403);
    expect((await t.app.request('/v1/audit')).status).toBe(401);
    expect((await t.app.request('/v1/audit?since=yesterday', as(TEST_TOKEN))).status).toBe(400);
    const later = await (await t.app.request(`/v1/audit?since=${encodeURIComponent(all.entries[3].at)}`, as(TEST_TOKEN))).json();
    expect(later.entries.map((e: { key: string }) => e.key)).toEqual(all.entries.slice(3).map((e: { key: string }) => e.key));
    expect((await (await t.app.request('/v1/audit?since=2027-01-01', as(TEST_TOKEN))).json()).entries).toEqual([]);

    for (let i = 0; i < 100; i++) await appendAudit(t.ports.archive, clock, { action: 'batch.start', outcome: 'written', actor: { id: 'schedule', role: 'batch-operator', via: 'schedule' } });
    const first = await (await t.app.request('/v1/audit', as(TEST_TOKEN))).json();
    expect(first.entries).toHaveLength(100);
    const second = await (await t.app.request(`/v1/audit?cursor=${first.cursor}`, as(TEST_TOKEN))).json();
    expect(second.entries).toHaveLength(5);
    expect(second.cursor).toBeUndefined();
  });
});

describe('writes from the command line and the schedule', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nianbao-audit-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('logs register imports, token adds and revokes and batch starts; `nianbao audit ls` lists them', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', join(root, 'archive'));
    const csv = join(root, 'agencies.csv');
    await writeFile(csv, REGISTER);
    expect((await cli('agencies', 'import', csv)).code).toBe(0);
    expect((await cli('agencies', 'import', csv)).code).toBe(0);
    const added = await cli('token', 'add', '--role', 'batch-operator');
    const id = added.err[0]!.split(' ')[1]!;
    expect((await cli('token', 'revoke', id)).code).toBe(0);
    expect((await cli('batch', '--year', '2023')).code).toBe(0);
    const archive = createFsArchive({ root: join(root, 'archive') });
    const sent: unknown[] = [];
    await startQueuedRun(2024, { archive, clock: { now: () => new Date() } }, { send: async (messages) => void sent.push(...messages) });

    const { entries } = await readAudit(archive, {});
    expect(entries.map(({ action, outcome, actor }) => [action, outcome, actor.via])).toEqual([
      ['register.import', 'written', 'cli'],
      ['register.import', 'unchanged', 'cli'],
      ['token.add', 'written', 'cli'],
      ['token.revoke', 'written', 'cli'],
      ['batch.start', 'written', 'cli'],
      ['batch.start', 'written', 'schedule'],
    ]);
    expect(entries[0]!.actor).toEqual({ id: expect.stringMatching(/^cli:.+@.+$/), role: 'operator', via: 'cli' });
    expect(entries[2]!.target).toBe(`access/tokens/${id}.json`);
    expect(entries[4]!.target).toMatch(/^batches\/2023\/.+\/plan\.json$/);

    const listed = await cli('audit', 'ls');
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(6);
    expect(listed.out[3]).toMatch(/^\d{4}-.+Z\ttoken\.revoke\twritten\tcli:.+ \(operator\)\t-\taccess\/revoked\/[0-9a-f]{16}\.json\t-$/);
    expect(JSON.parse((await cli('audit', 'ls', '--json', '--since', entries[5]!.at)).out.join('\n'))).toHaveLength(1);
    expect((await cli('audit', 'ls', '--year', '2025')).out).toEqual([]);
    expect((await cli('audit', 'ls', '--since', 'last week')).code).toBe(2);
  });
});

describe('append-only on every backend', () => {
  let s3rver: RunningS3rver;
  let root: string;
  beforeAll(async () => {
    s3rver = await startS3rver();
    root = await mkdtemp(join(tmpdir(), 'nianbao-audit-many-'));
  });
  afterAll(async () => {
    await s3rver?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it.each(['folder', 's3'])('keeps every one of 24 entries appended at once in one millisecond (%s)', async (backend) => {
    const archive = backend === 'folder'
      ? createFsArchive({ root })
      : createS3Archive({ bucket: s3rver.bucket, prefix: 'nianbao/', endpoint: s3rver.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const sameMoment = { now: () => new Date('2026-03-01T00:00:00Z') };
    const keys = await Promise.all(Array.from({ length: 24 }, (_, i) => appendAudit(archive, sameMoment, { action: 'draft.store', outcome: 'written', actor: { id: `writer-${i}`, role: 'author', via: 'token' }, agency: 'suqian-cdpf' })));
    expect(new Set(keys).size).toBe(24);
    const { entries } = await readAudit(archive, { year: 2026 });
    expect(entries.map((entry) => entry.actor.id).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `writer-${i}`).sort());
    expect(entries.map((entry) => entry.key)).toEqual([...keys].sort());
  });
});
