/**
 * Per-agency credentials in the archive, through the Archive port (folder, S3, R2):
 *
 *   access/tokens/{id}.json    what a token grants: role, agencies or region, name, its SHA-256
 *   access/revoked/{id}.json   written once when it is revoked
 *
 * A token is `nb_` and 256 random bits (base64url); only its SHA-256 is stored, and its id is the
 * first 16 hex digits of that hash, so a request finds its grant with one read, no listing. SHA-256
 * rather than a slow password hash (scrypt, Argon2): those make guessing a person's password
 * expensive, but a 256-bit random token cannot be guessed, and a stolen hash cannot be turned
 * back into it, so a fast hash is as safe here and costs no CPU per request.
 *
 * Revocation is a second write-once object beside the grant, never a rewrite (the archive
 * overwrites nothing but the catalog's indexes, and a revocation stays on record). Every request
 * reads both, at once, with no cache: a revocation holds from the next request on.
 */
import { z } from 'zod';
import { listAll, type Archive } from '../archive/archive';
import { sha256Hex } from '../archive/sha256';
import { bytesToBase64url } from '../bytes';
import { readStoredJson } from '../archive/stored-json';
import type { Clock } from '../clock';
import { isRegionCode } from '../register/model';
import { ROLES, type Principal, type Role } from './principal';

const TOKENS = 'access/tokens/';
const REVOKED = 'access/revoked/';
const TOKEN = /^nb_[A-Za-z0-9_-]{43}$/;
const TOKEN_ID = /^[0-9a-f]{16}$/;

const TOKEN_SCHEMA = 'nianbao.token/1';

const grantSchema = z.object({
  schema: z.literal(TOKEN_SCHEMA),
  id: z.string().regex(TOKEN_ID),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.enum(ROLES),
  agencies: z.array(z.string()).optional(),
  region: z.string().refine(isRegionCode).optional(),
  name: z.string().optional(),
  createdAt: z.iso.datetime(),
});
export type Grant = z.infer<typeof grantSchema>;

/** What `token add` asks for: a role, and an author's agencies or a region admin's region. */
export interface GrantRequest {
  role: Exclude<Role, 'operator'>;
  agencies?: string[];
  region?: string;
  name?: string;
}

const revocationSchema = z.object({ id: z.string().regex(TOKEN_ID), revokedAt: z.iso.datetime() });

export const grantKey = (id: string) => `${TOKENS}${id}.json`;
export const revocationKey = (id: string) => `${REVOKED}${id}.json`;

function isTokenId(value: string): boolean {
  return TOKEN_ID.test(value);
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/** A new token: the token itself, shown once and stored nowhere, and its grant as stored. */
export async function issueToken(archive: Archive, clock: Clock, request: GrantRequest): Promise<{ token: string; grant: Grant }> {
  for (;;) {
    const token = `nb_${bytesToBase64url(crypto.getRandomValues(new Uint8Array(32)))}`;
    const sha256 = await sha256Hex(new TextEncoder().encode(token));
    const grant: Grant = { schema: TOKEN_SCHEMA, id: sha256.slice(0, 16), sha256, ...request, createdAt: clock.now().toISOString() };
    // Two tokens sharing 64 bits of hash is all but impossible; should it happen, draw again.
    if ((await archive.putIfAbsent(grantKey(grant.id), json(grant))).created) return { token, grant };
  }
}

/** The principal a token stands for, or null for a token that is malformed, unknown or revoked. */
export async function principalOfToken(archive: Archive, token: string): Promise<Principal | null> {
  if (!TOKEN.test(token)) return null;
  const sha256 = await sha256Hex(new TextEncoder().encode(token));
  const id = sha256.slice(0, 16);
  const [grant, revoked] = await Promise.all([readStoredJson(archive, grantKey(id), grantSchema, 'token'), archive.head(revocationKey(id))]);
  if (!grant || revoked || grant.sha256 !== sha256) return null;
  return { role: grant.role, id, name: grant.name, agencies: grant.agencies, region: grant.region, via: 'token' };
}

/** Revokes the token `id`: `unknown` when no token has it, `already` when it was revoked before. */
export async function revokeToken(archive: Archive, clock: Clock, id: string): Promise<'revoked' | 'already' | 'unknown'> {
  if (!isTokenId(id) || !(await archive.head(grantKey(id)))) return 'unknown';
  const { created } = await archive.putIfAbsent(revocationKey(id), json({ id, revokedAt: clock.now().toISOString() }));
  return created ? 'revoked' : 'already';
}

/** Every grant, oldest first, with when it was revoked, if it was; never a token. */
export async function listGrants(archive: Archive): Promise<(Grant & { revokedAt?: string })[]> {
  const ids = async (prefix: string) => (await Array.fromAsync(listAll(archive, prefix))).flat().map((key) => key.slice(prefix.length, -'.json'.length)).filter(isTokenId);
  const [granted, revoked] = await Promise.all([ids(TOKENS), ids(REVOKED)]);
  const revocations = new Map(
    await Promise.all(revoked.map(async (id) => [id, (await readStoredJson(archive, revocationKey(id), revocationSchema, 'revocation'))?.revokedAt] as const)),
  );
  const grants = await Promise.all(granted.map((id) => readStoredJson(archive, grantKey(id), grantSchema, 'token')));
  return grants
    .filter((grant): grant is Grant => grant !== null)
    .map((grant) => ({ ...grant, ...(revocations.get(grant.id) ? { revokedAt: revocations.get(grant.id) } : {}) }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
