/**
 * Memory of a process tree from /proc: the sum of PSS (proportional set size, smaps_rollup) over a
 * process and every descendant, so Node and all of Chromium's processes count once each and the
 * pages they share are not counted twice (perf-anchors.md measured the same way). Linux only.
 */
import { readFileSync } from 'node:fs';
import { processTree } from '../test/helpers/process-tree';

/** One process's PSS; 0 once it has ended. */
export function pssMiB(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export function treePssMiB(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + pssMiB(pid), 0);
}

/** Samples the tree every `everyMs` while `work` runs; resolves with the work's result and the peak. */
export async function peakWhile<T>(root: number, everyMs: number, work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peakMiB = treePssMiB(root);
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, treePssMiB(root))), everyMs);
  try {
    return { result: await work(), peakMiB };
  } finally {
    clearInterval(sampler);
  }
}
