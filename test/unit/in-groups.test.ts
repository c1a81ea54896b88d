import { describe, expect, it } from 'vitest';
import { bytesToBase64, bytesToBase64url } from '../../functions/bytes';
import { mapInGroups } from '../../functions/in-groups';

describe('mapInGroups', () => {
  it('keeps the input order and never has more than a group in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapInGroups([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });
});

describe('base64', () => {
  it('encodes more bytes than one call of String.fromCharCode may take, as Node does', () => {
    const bytes = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
  });
});
