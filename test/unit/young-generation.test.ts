/**
 * functions/young-generation.ts in a Node process of its own (a flag set in this worker would
 * stay set for it): under a stream of short-lived strings and buffers like a printing process's,
 * V8's new space keeps its starting size with the module loaded, and grows without it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const child = new URL('../fixtures/young-generation-child.ts', import.meta.url).pathname;
const newSpaceMiB = (mode: 'with' | 'without') => Number(execFileSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8' }));

describe('young-generation', () => {
  it("keeps V8's new space at its starting size, which it outgrows otherwise", () => {
    const kept = newSpaceMiB('with');
    const grown = newSpaceMiB('without');
    expect(kept).toBeLessThanOrEqual(8);
    expect(grown).toBeGreaterThanOrEqual(4 * kept);
  });
});
