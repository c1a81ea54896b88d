/**
 * Per-client rate limiting for the preview and render routes, which cost a Chromium print each.
 * The port lets each runtime bring its own limiter (Workers: the Rate Limiting binding); Node gets
 * this in-memory token bucket, which is right for one process and bounded in memory.
 */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token for `client`; when none is left, says how long until one is. */
  take(client: string): RateVerdict | Promise<RateVerdict>;
}

export interface TokenBucketOptions {
  /** Requests a client may burst. @default 20 */
  capacity?: number;
  /** Tokens added per second. @default 2 */
  refillPerSecond?: number;
  /** Clients remembered at once; the least recently seen are forgotten first. @default 10000 */
  maxClients?: number;
  now?: () => number;
}

export function createTokenBucketLimiter(options: TokenBucketOptions = {}): { take(client: string): RateVerdict } {
  const { capacity = 20, refillPerSecond = 2, maxClients = 10_000, now = () => performance.now() } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client) {
      const t = now();
      const bucket = buckets.get(client) ?? { tokens: capacity, at: t };
      buckets.delete(client);
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond);
      bucket.at = t;
      buckets.set(client, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerSecond) };
    },
  };
}
