/**
 * Bearer-token guard for the writing routes (publish, drafts). The token comes from
 * configuration; the comparison is constant-time (hono's timingSafeEqual hashes both sides
 * first), and every failure is the same 401, so a caller learns nothing about the token.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { timingSafeEqual } from 'hono/utils/buffer';

export function requireToken(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const ok = token !== undefined && match !== null && (await timingSafeEqual(match[1]!, token));
    if (!ok) {
      const detail = token === undefined ? 'publishing is not configured on this server (set NIANBAO_TOKEN)' : 'send "Authorization: Bearer <token>"';
      throw new HTTPException(401, {
        message: detail,
        res: new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="nianbao"' } }),
      });
    }
    await next();
  };
}
