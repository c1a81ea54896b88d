/**
 * A process and all its descendants, from /proc (Linux only). Chromium's launcher starts the
 * browser in its own process group, so a group kill of a CLI does not reach it; tests that kill
 * a CLI with SIGKILL use this to kill (and then check) every process it started, and the
 * benchmarks use it to sum the memory of the whole tree.
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

/** `root` first, then every descendant, parents before their children. */
export function processTree(root: number): number[] {
  const children = childrenByParent();
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Whether a process still exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
