/**
 * The printer's memory as the kernel counts it, cheaply enough to look at after every document:
 * /proc/<pid>/status of Node and of each browser (~30 µs each), where smaps_rollup's PSS costs
 * ~14 ms. Node counts whole; each browser counts its private (anonymous) pages, and the pages the
 * browsers share, chiefly the Chromium binary itself, count once. That comes within a few percent
 * of the tree's PSS. Linux only: elsewhere (no /proc) it is unknown.
 */
import { readFileSync } from 'node:fs';

const MIB = 1024;

/** The kB fields of /proc/<pid>/status that are asked for; undefined if the process is gone. */
function statusKiB(pid: number | 'self', fields: readonly string[]): Record<string, number> | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  return Object.fromEntries(fields.map((field) => [field, Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)]));
}

/** Node's resident memory plus its browsers', in MiB; undefined where /proc cannot tell. */
export function residentMiB(browserPids: readonly number[]): number | undefined {
  const node = statusKiB('self', ['VmRSS']);
  if (!node) return undefined;
  let privatePages = 0;
  let sharedPages = 0;
  for (const pid of browserPids) {
    const browser = statusKiB(pid, ['RssAnon', 'RssFile', 'RssShmem']);
    if (!browser) continue;
    privatePages += browser.RssAnon!;
    sharedPages = Math.max(sharedPages, browser.RssFile! + browser.RssShmem!);
  }
  return (node.VmRSS! + privatePages + sharedPages) / MIB;
}
