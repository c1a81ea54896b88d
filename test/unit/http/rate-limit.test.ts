import { describe, expect, it } from 'vitest';
import { createTokenBucketLimiter } from '../../../functions/http/rate-limit';

describe('the token bucket limiter', () => {
  it('allows a burst, then one request per refill, per client', () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ capacity: 2, refillPerSecond: 1, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 1 }]);
    expect(limiter.take('b')).toEqual({ allowed: true });
    now = 500;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1000;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('remembers a bounded number of clients, forgetting the least recently seen', () => {
    const limiter = createTokenBucketLimiter({ capacity: 1, refillPerSecond: 0.001, maxClients: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // forgets "a"
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('c')).toMatchObject({ allowed: false });
  });
});
