/**
 * Bearer-token guard for the writing routes (publish, drafts). The token comes from
 * configuration, or is read each time from a secret store (AWS: aws/secret-token.ts); the
 * comparison is constant-time (hono's timingSafeEqual hashes both sides first), and every failure
 * is the same 401, so a caller learns nothing about the token.
 */
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { RequestRefused } from './problem';

/** The token itself, a function that reads the current one, or undefined when none is configured. */
export type TokenSource = string | (() => Promise<string>) | undefined;

export function requireToken(source: TokenSource): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = typeof source === 'function' ? await source() : source;
    const ok = token !== undefined && match !== null && (await timingSafeEqual(match[1]!, token));
    if (!ok) {
      const headers = { 'www-authenticate': 'Bearer realm="nianbao"' };
      if (token === undefined) {
        throw new RequestRefused('unauthorized', '本服务器未配置发布令牌（请设置 NIANBAO_TOKEN）', 'publishing is not configured on this server (set NIANBAO_TOKEN)', { headers });
      }
      throw new RequestRefused('unauthorized', '请发送 "Authorization: Bearer <令牌>"', 'send "Authorization: Bearer <token>"', { headers });
    }
    await next();
  };
}
