/**
 * The app's RateLimiter on Workers: the Rate Limiting binding (`[[ratelimits]]` in wrangler.toml,
 * https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/), whose counters
 * Cloudflare keeps per location, so every isolate there counts against the same limit (an
 * in-memory bucket per isolate would limit little). The client is the address Cloudflare puts in
 * CF-Connecting-IP, which a client cannot set.
 */
import type { RateLimit } from '@cloudflare/workers-types/latest';
import type { Context } from 'hono';
import type { RateLimiter } from '../http/rate-limit';

/** `periodSeconds`: the binding's `simple.period`; its counters start afresh at most that long after a refusal. */
export function bindingRateLimiter(binding: RateLimit, periodSeconds: number): RateLimiter {
  return {
    async take(client) {
      const { success } = await binding.limit({ key: client });
      return success ? { allowed: true } : { allowed: false, retryAfterSeconds: periodSeconds };
    },
  };
}

/** Cloudflare sets the header on every request it forwards; without it, all such requests share one count. */
export const connectingClient = (c: Context): string => c.req.header('cf-connecting-ip') ?? 'unknown';
