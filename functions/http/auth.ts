/**
 * Credentials → a principal (access/principal.ts), and the guards of the routes that need one.
 *
 * A bearer credential is one of: the server's NIANBAO_TOKEN (from configuration, or read each time
 * from a secret store: aws/secret-token.ts), compared in constant time (hono's timingSafeEqual
 * hashes both sides first), which acts as an operator; or a token issued by `nianbao token add`,
 * looked up in the archive on every request (access/tokens.ts); or, where NIANBAO_JWKS_URL is set,
 * a JWT of the province's identity provider (access/jwt.ts). hono's bearer-auth reads the
 * header. Every failure, a missing header, a malformed one, a wrong, unknown or revoked
 * credential, is the same 401 problem, so a caller learns nothing about credentials; a valid
 * credential for another agency is a 403 that names the agency.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { Archive } from '../archive/archive';
import { mayActFor, SERVER_OPERATOR, type Principal } from '../access/principal';
import { isJwtShaped, jwtVerifier, type JwtSettings } from '../access/jwt';
import { principalOfToken } from '../access/tokens';
import { readRegister } from '../register/store';
import { RequestRefused } from './problem';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** The token itself, a function that reads the current one, or undefined when none is configured. */
export type TokenSource = string | (() => Promise<string>) | undefined;

/** Turns a bearer credential into the principal it proves, or null. */
export type Authenticate = (credential: string, c: Context) => Promise<Principal | null>;

export function authenticator(serverToken: TokenSource, archive: Archive, jwt?: JwtSettings): Authenticate {
  const current = typeof serverToken === 'function' ? serverToken : async () => serverToken;
  const verifyJwt = jwt ? jwtVerifier(jwt) : undefined;
  return async (credential, c) => {
    // A server token read from a secret store can be unreadable for a while (a 503 to retry):
    // issued tokens and JWTs do not depend on it, so they keep working meanwhile.
    const token = await current().then((value) => ({ value }), (error: unknown) => ({ error }));
    if ('value' in token && token.value !== undefined && (await timingSafeEqual(credential, token.value))) return SERVER_OPERATOR;
    const principal = verifyJwt && isJwtShaped(credential) ? await verifyJwt(c, credential) : await principalOfToken(archive, credential);
    if (principal === null && 'error' in token) throw token.error;
    return principal;
  };
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="nianbao"' };

function unauthorized(): never {
  throw new RequestRefused('unauthorized', '请发送 "Authorization: Bearer <令牌>"，令牌须有效（由 nianbao token add 签发，或为服务器的 NIANBAO_TOKEN）', 'send "Authorization: Bearer <token>" with a valid credential (issued by `nianbao token add`, or the server\'s NIANBAO_TOKEN)', { headers: CHALLENGE });
}

/** Any valid credential; the principal is then `c.get('principal')`. */
export function requireCredential(authenticate: Authenticate): MiddlewareHandler {
  return bearerAuth({
    verifyToken: async (sent, c) => {
      const principal = await authenticate(sent, c);
      if (principal) c.set('principal', principal);
      return principal !== null;
    },
    noAuthenticationHeader: { message: unauthorized },
    invalidAuthenticationHeader: { message: unauthorized },
    invalidToken: { message: unauthorized },
  });
}

/** 403: the credential is valid but does not cover what was asked. */
export function forbidden(c: Context, zh: string, en: string, extra: Record<string, unknown> = {}): RequestRefused {
  return new RequestRefused('forbidden', zh, en, { fields: { path: c.req.path, role: c.get('principal').role, ...extra } });
}

/** Throws 403 unless the request's principal may act for `agencyId` (drafts, publishing). */
export async function assertActsFor(c: Context, archive: Archive, agencyId: string): Promise<void> {
  c.set('auditSubject', { agency: agencyId });
  if (await mayActFor(c.get('principal'), agencyId, () => readRegister(archive))) return;
  throw forbidden(c, `此凭据无权代表机关“${agencyId}”`, `this credential does not act for agency "${agencyId}"`, { agency: agencyId });
}
