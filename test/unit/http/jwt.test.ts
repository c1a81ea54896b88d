/**
 * JWTs of a province's identity provider as credentials, over the real app: a key pair made here,
 * its public half served as a JWKS by a real HTTP server on a loopback port (fetched for real), and
 * tokens signed with the private half. Claims give the role, agencies and region (names
 * configurable); a bad signature, an unknown key, an expired token, a wrong issuer or audience, or
 * claims that make no principal are the same 401 as any failed credential; a provider that cannot
 * be reached is a 503; the key set is fetched once, and again when the provider rotates its keys.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'hono/utils/jwt/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_JWT_ALGORITHMS, DEFAULT_JWT_CLAIMS, type JwtSettings } from '../../../functions/access/jwt';
import { loadConfig } from '../../../functions/config';
import { registerFromCsv } from '../../../functions/register/csv';
import { storeRegister } from '../../../functions/register/store';
import { jsonRequest, startTestApp, type TestApp } from '../../helpers/app';
import { loadExample } from '../../helpers/examples';

type Jwk = JsonWebKey & { kid: string; alg: string };

async function keyPair(kid: string): Promise<{ publicJwk: Jwk; privateJwk: Jwk }> {
  const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  const label = { kid, alg: 'RS256' };
  return { publicJwk: { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), ...label }, privateJwk: { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), ...label } };
}

const ISSUER = 'https://idp.example.gov.cn';
const now = () => Math.floor(Date.now() / 1000);

let provider: Server;
let jwksUrl: string;
let served: Jwk[] = [];
let fetches = 0;
let providerDown = false;
let providerHangs = false;
let first: Awaited<ReturnType<typeof keyPair>>;
let t: TestApp;

const settings = (): JwtSettings => ({ jwksUrl, issuer: ISSUER, audience: 'nianbao', claims: { ...DEFAULT_JWT_CLAIMS, agencies: 'org_ids' }, algorithms: DEFAULT_JWT_ALGORITHMS });
const jwt = (claims: Record<string, unknown>, key: Jwk = first.privateJwk) => sign({ sub: 'user-1', iss: ISSUER, aud: 'nianbao', exp: now() + 600, ...claims } as never, key as never);
const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** A JWT put together by hand, for headers hono's sign() would never write. */
async function handMade(header: Record<string, unknown>, claims: Record<string, unknown>, signer: (input: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>): Promise<string> {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify({ sub: 'user-1', iss: ISSUER, aud: 'nianbao', exp: now() + 600, ...claims }))}`;
  return `${input}.${base64url(new Uint8Array(await signer(new TextEncoder().encode(input))))}`;
}

const rs256 = async (privateJwk: Jwk) => {
  const key = await crypto.subtle.importKey('jwk', privateJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  return (input: Uint8Array<ArrayBuffer>) => crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, input);
};

async function unauthorizedAll(app: TestApp, tokens: string[]) {
  const reference = { status: 401, ...(await (await app.app.request('/v1/me')).json()), instance: undefined };
  for (const [i, token] of tokens.entries()) {
    const response = await app.app.request('/v1/me', as(token));
    expect({ status: response.status, ...(await response.json()), instance: undefined }, `token ${i}`).toEqual(reference);
  }
}

beforeAll(async () => {
  first = await keyPair('key-1');
  served = [first.publicJwk];
  provider = createServer((request, response) => {
    fetches++;
    if (providerHangs) return; // never answers
    if (providerDown) return response.writeHead(500).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`;
  t = await startTestApp({ config: { jwt: settings() } });
  await storeRegister(t.ports.archive, { now: () => new Date() }, registerFromCsv('id,name,region,kind,from\njianghai-nrp,江海市自然资源和规划局,320100,department,2019\nsuqian-cdpf,宿迁市残疾人联合会,321300,department,2019\n'));
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('a JWT from the identity provider', () => {
  it('makes an author of the agencies its claim lists: own drafts yes, another agency 403', async () => {
    const token = await jwt({ nianbao_role: 'author', org_ids: ['jianghai-nrp'], name: '张三' });
    expect(await (await t.app.request('/v1/me', as(token))).json()).toEqual({ role: 'author', id: 'user-1', name: '张三', agencies: ['jianghai-nrp'], region: null, via: 'jwt' });
    expect((await t.app.request('/v1/drafts/2021/jianghai-nrp', jsonRequest(loadExample('consistent2021'), { method: 'PUT', token }))).status).toBe(201);
    const refused = await t.app.request('/v1/drafts/2020/suqian-cdpf', as(token));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ agency: 'suqian-cdpf', role: 'author' });
    expect(fetches).toBe(1);
  });

  it('makes a region admin of its region claim (comma-separated agencies work too for authors)', async () => {
    const admin = await jwt({ nianbao_role: 'region-admin', nianbao_region: '321300' });
    expect((await t.app.request('/v1/agencies/suqian-cdpf/years', as(admin))).status).toBe(200);
    expect((await t.app.request('/v1/agencies/jianghai-nrp/years', as(admin))).status).toBe(403);
    const author = await jwt({ nianbao_role: 'author', org_ids: 'jianghai-nrp, suqian-cdpf' });
    expect((await (await t.app.request('/v1/me', as(author))).json()).agencies).toEqual(['jianghai-nrp', 'suqian-cdpf']);
  });

  it('is the same 401 as any failed credential when its signature, key, time, issuer, audience or claims are wrong', async () => {
    const stranger = await keyPair('key-1');
    const tokens = await Promise.all([
      jwt({ nianbao_role: 'author', org_ids: ['jianghai-nrp'] }, stranger.privateJwk),
      jwt({ nianbao_role: 'author', org_ids: ['jianghai-nrp'], exp: now() - 60 }),
      jwt({ nianbao_role: 'author', org_ids: ['jianghai-nrp'], iss: 'https://elsewhere.example' }),
      jwt({ nianbao_role: 'author', org_ids: ['jianghai-nrp'], aud: 'another-app' }),
      jwt({ nianbao_role: 'operator' }),
      jwt({ nianbao_role: 'author' }),
      jwt({ nianbao_role: 'author', org_ids: ['Bad_Id'] }),
      jwt({ nianbao_role: 'region-admin', nianbao_region: '3213' }),
      jwt({ nianbao_role: 'batch-operator', exp: undefined }),
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln',
    ]);
    const answers = await Promise.all(tokens.map(async (token) => {
      const response = await t.app.request('/v1/me', as(token));
      return { status: response.status, ...(await response.json()), instance: undefined };
    }));
    const missing = await t.app.request('/v1/me');
    const reference = { status: 401, ...(await missing.json()), instance: undefined };
    answers.forEach((answer, i) => expect(answer, `token ${i}`).toEqual(reference));
  });

  it('refuses HS256 signed with the provider\'s public key, alg none with a known kid, and ignores a jku header naming another key set', async () => {
    let attackerFetches = 0;
    const attacker = await keyPair('evil');
    const attackerServer = createServer((_request, response) => {
      attackerFetches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [attacker.publicJwk] }));
    });
    await new Promise<void>((resolve) => attackerServer.listen(0, '127.0.0.1', resolve));
    try {
      const jku = `http://127.0.0.1:${(attackerServer.address() as AddressInfo).port}/jwks.json`;
      const claims = { nianbao_role: 'region-admin', nianbao_region: '320000' };
      const publicBytes = new TextEncoder().encode(JSON.stringify(first.publicJwk));
      const hmac = await crypto.subtle.importKey('raw', publicBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      await unauthorizedAll(t, [
        await handMade({ alg: 'HS256', typ: 'JWT', kid: 'key-1' }, claims, (input) => crypto.subtle.sign('HMAC', hmac, input)),
        await handMade({ alg: 'none', typ: 'JWT', kid: 'key-1' }, claims, async () => new ArrayBuffer(0)).then((token) => `${token}x`),
        await handMade({ alg: 'RS256', typ: 'JWT', kid: 'evil', jku }, claims, await rs256(attacker.privateJwk)),
        await handMade({ alg: 'RS256', typ: 'JWT', kid: 'key-1', jku, jwk: attacker.publicJwk }, claims, await rs256(attacker.privateJwk)),
      ]);
      expect(attackerFetches).toBe(0);
      // The same hand-made shape signed by the provider's key is accepted, so the refusals above are the header's doing.
      expect((await t.app.request('/v1/me', as(await handMade({ alg: 'RS256', typ: 'JWT', kid: 'key-1' }, claims, await rs256(first.privateJwk))))).status).toBe(200);
    } finally {
      await new Promise((resolve) => attackerServer.close(resolve));
    }
  });

  it('makes no principal of claims whose types are wrong: an array or number where a string is expected', async () => {
    await unauthorizedAll(t, await Promise.all([
      jwt({ sub: ['user-1'], nianbao_role: 'batch-operator' }),
      jwt({ sub: '', nianbao_role: 'batch-operator' }),
      jwt({ nianbao_role: ['author'], org_ids: ['jianghai-nrp'] }),
      jwt({ nianbao_role: 'region-admin', nianbao_region: ['321300'] }),
      jwt({ nianbao_role: 'region-admin', nianbao_region: 321300 }),
      jwt({ nianbao_role: 'author', org_ids: [['jianghai-nrp']] }),
      jwt({ nianbao_role: 'author', org_ids: [] }),
      jwt({ nianbao_role: 'author', org_ids: 'jianghai-nrp,' }),
      jwt({ nianbao_role: 'batch-operator', exp: String(now() + 600) }),
      jwt({ nianbao_role: 'batch-operator', nbf: now() + 600 }),
    ]));
  });

  it('fetches the key set again when the provider rotates to a key it has not seen', async () => {
    const second = await keyPair('key-2');
    served = [first.publicJwk, second.publicJwk];
    const before = fetches;
    // The cache refetches for an unknown key id at most every 30 s; a fresh verifier's cache is empty.
    const app = await startTestApp({ config: { jwt: settings() } });
    try {
      expect((await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })))).status).toBe(200);
      expect((await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' }, second.privateJwk)))).status).toBe(200);
      expect(fetches - before).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the provider cannot be reached and no keys are known yet', async () => {
    providerDown = true;
    const app = await startTestApp({ config: { jwt: settings() } });
    try {
      const response = await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ type: 'https://nianbao.dev/problems/identity-provider-unavailable' });
    } finally {
      providerDown = false;
      await app.close();
    }
  });
});

describe('an identity provider that stops answering', () => {
  it('keeps the keys it knows past their ten minutes, and does not ask again for 30 s', async () => {
    const app = await startTestApp({ config: { jwt: settings() } });
    try {
      const before = fetches;
      expect((await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })))).status).toBe(200);
      providerDown = true;
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
      expect((await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })))).status).toBe(200);
      expect((await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })))).status).toBe(200);
      expect(fetches - before).toBe(2);
    } finally {
      vi.useRealTimers();
      providerDown = false;
      await app.close();
    }
  });

  it('answers 503 within its time limit when the key set hangs, instead of holding the request', async () => {
    providerHangs = true;
    const app = await startTestApp({ config: { jwt: { ...settings(), fetchTimeoutMs: 300 } } });
    try {
      const started = performance.now();
      const response = await app.app.request('/v1/me', as(await jwt({ nianbao_role: 'batch-operator' })));
      expect(response.status).toBe(503);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      providerHangs = false;
      await app.close();
    }
  });
});

describe('configuration', () => {
  it('reads the JWKS URL, issuer, audience and claim names from the environment; http only to this machine', () => {
    const config = loadConfig({ NIANBAO_JWKS_URL: 'https://idp.example.gov.cn/jwks', NIANBAO_JWT_ISSUER: ISSUER, NIANBAO_JWT_AGENCIES_CLAIM: 'org_ids' });
    expect(config.jwt).toEqual({ jwksUrl: 'https://idp.example.gov.cn/jwks', issuer: ISSUER, audience: undefined, claims: { role: 'nianbao_role', agencies: 'org_ids', region: 'nianbao_region' }, algorithms: ['RS256', 'ES256', 'EdDSA'] });
    expect(loadConfig({}).jwt).toBeUndefined();
    expect(() => loadConfig({ NIANBAO_JWKS_URL: 'http://idp.example.gov.cn/jwks' })).toThrow(/NIANBAO_JWKS_URL=.*must be https/);
  });
});
