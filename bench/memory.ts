/**
 * Memory of a process tree from /proc: the sum of PSS (proportional set size, smaps_rollup) over a
 * process and every descendant, so Node and all of Chromium's processes count once each and the
 * pages they share are not counted twice (perf-anchors.md measured the same way). Linux only.
 */
import { readFileSync, readdirSync } from 'node:fs';

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in parentheses may hold spaces; the parent pid is the 2nd field after it.
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while the tree was being read.
    }
  }
  return children;
}

export function treePssMiB(root: number): number {
  const children = childrenByParent();
  let kib = 0;
  const visit = (pid: number) => {
    try {
      kib += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Ended meanwhile.
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return kib / 1024;
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
