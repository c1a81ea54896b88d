/**
 * Bearer-token guard for the writing routes (publish, drafts): hono's bearer-auth, with the token
 * from configuration, or read each time from a secret store (AWS: aws/secret-token.ts), compared
 * in constant time (hono's timingSafeEqual hashes both sides first). Every failure, a missing
 * header, a malformed one or a wrong token, is the same 401 problem, so a caller learns nothing
 * about the token.
 */
import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import { RequestRefused } from './problem';

/** The token itself, a function that reads the current one, or undefined when none is configured. */
export type TokenSource = string | (() => Promise<string>) | undefined;

export function requireToken(source: TokenSource): MiddlewareHandler {
  const headers = { 'www-authenticate': 'Bearer realm="nianbao"' };
  const refuse = (): never => {
    if (source === undefined) {
      throw new RequestRefused('unauthorized', '本服务器未配置发布令牌（请设置 NIANBAO_TOKEN）', 'publishing is not configured on this server (set NIANBAO_TOKEN)', { headers });
    }
    throw new RequestRefused('unauthorized', '请发送 "Authorization: Bearer <令牌>"', 'send "Authorization: Bearer <token>"', { headers });
  };
  const current = typeof source === 'function' ? source : async () => source;
  return bearerAuth({
    verifyToken: async (sent) => {
      const token = await current();
      return token !== undefined && (await timingSafeEqual(sent, token));
    },
    noAuthenticationHeader: { message: refuse },
    invalidAuthenticationHeader: { message: refuse },
    invalidToken: { message: refuse },
  });
}
