/**
 * Memory of a process tree from /proc: the sum of PSS (proportional set size, smaps_rollup) over a
 * process and every descendant, so Node and all of Chromium's processes count once each and the
 * pages they share are not counted twice. Linux only.
 */
import { readFileSync } from 'node:fs';
import { processTree } from '../test/helpers/process-tree';

/**
 * One process's PSS, and the part of it without file pages: its heaps, stacks and shared memory,
 * what a leak grows. File pages (the code of node and Chromium, files read) come and go with the
 * page cache: on the machine this project was measured on, the host pages out whatever was not
 * touched for a minute (DAMON `pageout`, /sys/kernel/mm/damon), and a process faults its code back
 * in as it runs. Both 0 once the process has ended; `anonymous` is 0 on kernels without Pss_Anon.
 */
export function processMemoryMiB(pid: number): { pss: number; anonymous: number } {
  let rollup: string;
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return { pss: 0, anonymous: 0 };
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0) / 1024;
  return { pss: field('Pss'), anonymous: field('Pss_Anon') + field('Pss_Shmem') };
}

/**
 * Each process of the tree by its command name (`node`, `chromium`, …) with its PSS; the root
 * first. Leaves out the esbuild service that tsx starts when a benchmark's TypeScript is not in
 * its cache (17 MiB, after any edit): the harness's, not the product's, which runs built JavaScript.
 */
function treeParts(root: number): { name: string; mib: number; anonymous: number }[] {
  return processTree(root).flatMap((pid) => {
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // ended meanwhile; its PSS reads as 0 too
    }
    if (name === 'esbuild') return [];
    const { pss, anonymous } = processMemoryMiB(pid);
    return [{ name, mib: pss, anonymous }];
  });
}

const sumMiB = <Part>(parts: Part[], pick: (part: Part) => number) => parts.reduce((sum, part) => sum + pick(part), 0);

/**
 * The tree's PSS and its anonymous part, and the root process's own memory (processMemoryMiB), from
 * one reading of each process.
 */
export function treeMemoryMiB(root: number): { tree: number; treeAnonymous: number; root: { pss: number; anonymous: number } } {
  const parts = treeParts(root);
  return {
    tree: sumMiB(parts, (part) => part.mib),
    treeAnonymous: sumMiB(parts, (part) => part.anonymous),
    root: { pss: parts[0]?.mib ?? 0, anonymous: parts[0]?.anonymous ?? 0 },
  };
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
    const total = sumMiB(parts, (part) => part.mib);
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
