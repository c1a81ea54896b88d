/**
 * How much memory a browser holds of its own, cheaply enough to look at after every document:
 * RssAnon in /proc/<pid>/status (~30 µs), where smaps_rollup's PSS costs ~14 ms. Anonymous pages
 * are what documents leave behind (heaps, caches); the rest, chiefly the Chromium binary, is
 * shared with the other browsers and does not change. Linux only: elsewhere it is unknown.
 */
import { readFileSync } from 'node:fs';

/** The process's anonymous resident memory in MiB; undefined if it is gone or /proc cannot tell. */
export function privateMiB(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = /^RssAnon:\s+(\d+) kB/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) / 1024;
}
