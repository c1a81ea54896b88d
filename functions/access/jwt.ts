/**
 * JWTs from a province's identity provider as credentials (issue 19, point 4): verified by hono's
 * JWK middleware (hono/jwk) against the keys of the provider's JWKS URL, then read as a principal
 * from its claims. Which claims carry the role, the agencies and the region is configured, since
 * each provider names its own; by default `nianbao_role`, `nianbao_agencies` (an array, or one id,
 * or ids separated by commas) and `nianbao_region`, with `sub` as the id and `name` as the label.
 * A JWT must name a role of the three an issued token can have (an operator is the server's token
 * alone), carry `exp`, and, where configured, the issuer and audience.
 *
 * The key set is fetched once and kept for ten minutes, and fetched again at most every 30 s when a
 * token names a key id it lacks (the provider rotated its keys), so a request costs no fetch. A
 * provider that stops answering (or hangs: each fetch has a time limit) leaves the keys already
 * known in use, asked again every 30 s; only while no key was ever read do JWTs get 503.
 */
import type { Context } from 'hono';
import { jwk } from 'hono/jwk';
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws';
import type { AsymmetricAlgorithm } from 'hono/utils/jwt/jwa';
import { decodeHeader } from 'hono/utils/jwt/jwt';
import { parseAgencyId } from '../archive/keys';
import { isRegionCode } from '../register/model';
import type { Principal } from './principal';

export interface JwtSettings {
  jwksUrl: string;
  issuer?: string;
  audience?: string;
  claims: { role: string; agencies: string; region: string };
  algorithms: AsymmetricAlgorithm[];
  /** How long a fetch of the key set may take. @default 5000 */
  fetchTimeoutMs?: number;
}

export const DEFAULT_JWT_CLAIMS = { role: 'nianbao_role', agencies: 'nianbao_agencies', region: 'nianbao_region' };
export const DEFAULT_JWT_ALGORITHMS: AsymmetricAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

const KEEP_MS = 10 * 60_000;
const REFETCH_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

/** The identity provider's key set could not be read: no JWT can be checked now (503, not 401). */
export class IdentityProviderUnavailable extends Error {
  override readonly name = 'IdentityProviderUnavailable';
}

export function isJwtShaped(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
}

function jwksCache(url: string, fetcher: typeof fetch, timeoutMs: number) {
  let keys: HonoJsonWebKey[] | undefined;
  let fetchedAt = -Infinity;
  let triedAt = -Infinity;
  const refresh = async () => {
    triedAt = Date.now();
    let body: { keys?: unknown };
    try {
      const response = await fetcher(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as { keys?: unknown };
    } catch (error) {
      throw new IdentityProviderUnavailable(`the JWKS at ${url} could not be read: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(body.keys)) throw new IdentityProviderUnavailable(`the JWKS at ${url} has no "keys" array`);
    keys = body.keys as HonoJsonWebKey[];
    fetchedAt = Date.now();
  };
  return async (kid: string | undefined): Promise<HonoJsonWebKey[]> => {
    const now = Date.now();
    const due = now - fetchedAt > KEEP_MS || (kid !== undefined && !keys?.some((key) => key.kid === kid));
    if (keys && !(due && now - triedAt > REFETCH_MS)) return keys;
    try {
      await refresh();
    } catch (error) {
      if (!keys) throw error;
    }
    return keys!;
  };
}

/** The principal a verified payload stands for, or null when its claims do not make one. */
function principalOfClaims(payload: Record<string, unknown>, claims: JwtSettings['claims']): Principal | null {
  const { sub, name, exp } = payload;
  const role = payload[claims.role];
  if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number') return null;
  const label = typeof name === 'string' ? { name } : {};
  if (role === 'batch-operator') return { role, id: sub, ...label, via: 'jwt' };
  if (role === 'region-admin') {
    const region = payload[claims.region];
    return isRegionCode(region) ? { role, id: sub, ...label, region, via: 'jwt' } : null;
  }
  if (role === 'author') {
    const listed = payload[claims.agencies];
    const ids = typeof listed === 'string' ? listed.split(',').map((id) => id.trim()) : listed;
    if (!Array.isArray(ids) || ids.length === 0) return null;
    try {
      return { role, id: sub, ...label, agencies: ids.map((id) => parseAgencyId(id)), via: 'jwt' };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Verifies the request's bearer JWT with hono's JWK middleware and answers its principal, or null
 * for a JWT that is not valid (its signature, key, algorithm, time, issuer, audience or claims).
 */
export function jwtVerifier(settings: JwtSettings, fetcher: typeof fetch = fetch): (c: Context, credential: string) => Promise<Principal | null> {
  const keysFor = jwksCache(settings.jwksUrl, fetcher, settings.fetchTimeoutMs ?? FETCH_TIMEOUT_MS);
  return async (c, credential) => {
    let kid: string | undefined;
    try {
      kid = decodeHeader(credential).kid;
    } catch {
      return null;
    }
    const keys = await keysFor(kid);
    const middleware = jwk({ keys, alg: settings.algorithms, verification: { iss: settings.issuer, aud: settings.audience } });
    let payload: Record<string, unknown> | undefined;
    try {
      await middleware(c, async () => {
        payload = c.get('jwtPayload') as Record<string, unknown>;
      });
    } catch {
      return null;
    }
    return payload ? principalOfClaims(payload, settings.claims) : null;
  };
}
