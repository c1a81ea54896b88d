/**
 * CPU time of a process tree from /proc: user + system time of a process and every live
 * descendant, plus what each has collected from its ended children (cutime + cstime), so a
 * browser that was recycled mid-run still counts once Node has reaped it. Divided by the wall
 * time it gives the cores a run kept busy, which bounds what more documents in flight can gain:
 * at most (cores) / (cores busy with one in flight). Linux only.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { processTree } from '../test/helpers/process-tree';

/** Clock ticks in /proc stat fields: USER_HZ is 100 on Linux. */
export const MS_PER_TICK = 10;

export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // utime, stime, cutime, cstime: fields 14–17, i.e. 11–14 after the command name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      for (let field = 11; field <= 14; field++) ticks += Number(fields[field]);
    } catch {
      // Ended while the tree was read: its time is in its parent's cutime/cstime once reaped.
    }
  }
  return ticks * MS_PER_TICK;
}

/**
 * The most that two documents in flight can gain over one, given the cores one kept busy: the
 * cores two can use (at most 2) over the cores one already used.
 */
export function twoInFlightBound(coresBusyWithOne: number, cores = availableParallelism()): number {
  return Math.min(2, cores) / coresBusyWithOne;
}
