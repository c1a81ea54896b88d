/**
 * Memory of a process tree from /proc: the sum of PSS (proportional set size, smaps_rollup) over a
 * process and every descendant, so Node and all of Chromium's processes count once each and the
 * pages they share are not counted twice (perf-anchors.md measured the same way). Linux only.
 */
import { readFileSync } from 'node:fs';
import { processTree } from '../test/helpers/process-tree';

/** Fields of a process's smaps_rollup in MiB (`Pss`, `Pss_Anon`, …); 0 once it has ended. */
function rollupMiB(pid: number, fields: readonly string[]): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return fields.reduce((sum, field) => sum + Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0), 0) / 1024;
  } catch {
    return 0;
  }
}

/** One process's PSS; 0 once it has ended. */
export const pssMiB = (pid: number): number => rollupMiB(pid, ['Pss']);

/**
 * One process's PSS without file pages: its heaps, stacks and shared memory, what a leak grows.
 * File pages (the code of node and Chromium, files read) come and go with the page cache: on the
 * machine this project was measured on, the host pages out whatever was not touched for a minute
 * (DAMON `pageout`, /sys/kernel/mm/damon), and a process faults its code back in as it runs.
 */
export const anonymousMiB = (pid: number): number => rollupMiB(pid, ['Pss_Anon', 'Pss_Shmem']);

/** Each process of the tree by its command name (`node`, `chromium`, …) with its PSS. */
function treeParts(root: number): { name: string; mib: number }[] {
  return processTree(root).map((pid) => {
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // ended meanwhile; its PSS reads as 0 too
    }
    return { name, mib: pssMiB(pid) };
  });
}

const sumMiB = (parts: { mib: number }[]) => parts.reduce((sum, part) => sum + part.mib, 0);

export function treePssMiB(root: number): number {
  return sumMiB(treeParts(root));
}

/**
 * Samples the tree every `everyMs` while `work` runs; resolves with the work's result, the peak,
 * and the processes at the peak (e.g. "node 181 + chromium 226 + chromium 229").
 */
export async function peakWhile<T>(root: number, everyMs: number, work: () => Promise<T>): Promise<{ result: T; peakMiB: number; peakParts: string }> {
  let peakMiB = 0;
  let peakParts = '';
  const sample = () => {
    const parts = treeParts(root);
    const total = sumMiB(parts);
    if (total <= peakMiB) return;
    peakMiB = total;
    peakParts = parts.map((part) => `${part.name} ${part.mib.toFixed(0)}`).join(' + ');
  };
  sample();
  const sampler = setInterval(sample, everyMs);
  try {
    return { result: await work(), peakMiB, peakParts };
  } finally {
    clearInterval(sampler);
  }
}
