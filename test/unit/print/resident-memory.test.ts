/**
 * resident-memory.ts against real processes' /proc: this process's own memory is most of its
 * resident memory and grows with what it allocates; a process that is gone has none to tell.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { privateMiB } from '../../../functions/print/resident-memory';

describe('privateMiB', () => {
  it('counts the anonymous memory of a process, which grows with what it allocates', () => {
    const before = privateMiB(process.pid)!;
    expect(before).toBeGreaterThan(10);
    expect(before).toBeLessThan(process.memoryUsage.rss() / 2 ** 20);
    const held = Buffer.alloc(64 * 2 ** 20, 1);
    expect(privateMiB(process.pid)!).toBeGreaterThan(before + 48);
    expect(held.byteLength).toBe(64 * 2 ** 20);
  });

  it('knows nothing of a process that is gone', () => {
    expect(privateMiB(spawnSync(process.execPath, ['-e', '']).pid)).toBeUndefined();
  });
});
