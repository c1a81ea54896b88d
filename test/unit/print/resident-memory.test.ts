/**
 * resident-memory.ts against this very process's /proc: Node's resident memory as Node itself
 * reports it, and a process that is gone (or was never there) counting for nothing.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { residentMiB } from '../../../functions/print/resident-memory';

describe('residentMiB', () => {
  it("counts Node's resident memory, as Node reports it", () => {
    const rssMiB = process.memoryUsage.rss() / 2 ** 20;
    expect(residentMiB([])).toBeGreaterThan(rssMiB * 0.9);
    expect(residentMiB([])).toBeLessThan(rssMiB * 1.1);
  });

  it("adds a browser's private pages and counts a gone process as nothing", () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const alone = residentMiB([])!;
    expect(residentMiB([gone])).toBeCloseTo(alone, 0);
    // This process in the browsers' place: its private pages again, and its shared ones once.
    expect(residentMiB([process.pid])).toBeGreaterThan(alone + 10);
  });
});
