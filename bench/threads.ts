/**
 * Where a printed document's CPU goes, thread by thread (issue 3, "throughput"): the seed report
 * printed 60 times with 1 and then 2 documents in flight, and for each thread name of Node and
 * of the browsers (Chrome_InProcRendererThread, the browser's main thread "chromium", its pools)
 * the CPU time per document, user and kernel, from /proc/<pid>/task/<tid>/stat. It shows why two
 * documents in flight cannot print at twice the rate of one on two cores: one document alone
 * already keeps more than one core busy, because its renderer, browser and Node threads work at
 * once. For scale it then runs one and two printers in separate processes (serial-printer.ts),
 * which share nothing but the cores. Linux only; asserts nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { createChromiumPrinter } from '../functions/print/chromium';
import { createFontAssets } from '../functions/fonts/node-assets';
import type { PrintDocument, Printer } from '../functions/print/printer';
import { processTree } from '../test/helpers/process-tree';
import { MS_PER_TICK } from './cpu';
import { seedDocument } from './reports';
import { throughput } from './throughput';

const DOCUMENTS = 60;

interface ThreadTimes {
  user: number;
  kernel: number;
  /** Minor page faults: each one is a trip through the kernel (a world switch under a hypervisor). */
  faults: number;
  /**
   * Times the thread went to sleep or was preempted: each a trip through the scheduler, and, when
   * another process runs next, an emptied TLB here (PTI without PCID).
   */
  switches: number;
}

/** CPU milliseconds so far of every thread of the tree, summed by process kind and thread name. */
function threadTimes(root: number): Map<string, ThreadTimes> {
  const times = new Map<string, ThreadTimes>();
  for (const pid of processTree(root)) {
    try {
      const kind = pid === root ? 'node' : readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${kind}: ${name}`;
        const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
        const sum = times.get(key) ?? { user: 0, kernel: 0, faults: 0, switches: 0 };
        sum.user += Number(fields[11]) * MS_PER_TICK;
        sum.kernel += Number(fields[12]) * MS_PER_TICK;
        sum.faults += Number(fields[7]);
        for (const [, count] of status.matchAll(/ctxt_switches:\s+(\d+)/g)) sum.switches += Number(count);
        times.set(key, sum);
      }
    } catch {
      // The process or thread ended while the tree was read.
    }
  }
  return times;
}

async function measure(printer: Printer, doc: PrintDocument, inFlight: number) {
  let before = new Map<string, ThreadTimes>();
  const rate = await throughput(printer, doc, inFlight, DOCUMENTS, () => (before = threadTimes(process.pid)));
  const perDocument = [...threadTimes(process.pid)].map(([key, after]) => {
    const earlier = before.get(key) ?? { user: 0, kernel: 0, faults: 0, switches: 0 };
    return {
      key,
      user: (after.user - earlier.user) / DOCUMENTS,
      kernel: (after.kernel - earlier.kernel) / DOCUMENTS,
      faults: (after.faults - earlier.faults) / DOCUMENTS,
      switches: (after.switches - earlier.switches) / DOCUMENTS,
    };
  });
  return { rate, perDocument: perDocument.filter((thread) => thread.user + thread.kernel >= 1) };
}

/**
 * Documents per second of `processes` printers in processes of their own, each with one browser
 * and one document at a time, started together: nothing is shared but the machine, so two of them
 * show what two documents in flight can reach on these cores at best.
 */
async function separateProcesses(processes: number, documents: number): Promise<number> {
  const children: ChildProcess[] = Array.from({ length: processes }, () =>
    fork(new URL('./serial-printer.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] }),
  );
  try {
    await Promise.all(children.map((child) => once(child, 'message')));
    const took = children.map((child) => once(child, 'message').then(([ms]) => ms as number));
    for (const child of children) child.send(documents);
    return (processes * documents) / (Math.max(...(await Promise.all(took))) / 1000);
  } finally {
    for (const child of children) if (child.connected) child.kill();
  }
}

export async function benchThreads(): Promise<void> {
  const doc = seedDocument();
  const printer = createChromiumPrinter({ assets: createFontAssets(), maxQueued: 1000 });
  try {
    console.log(`\nthreads: CPU per seed document by thread, ${DOCUMENTS} documents each (ms of user + kernel time)`);
    for (const inFlight of [1, 2]) {
      const { rate, perDocument } = await measure(printer, doc, inFlight);
      const total = perDocument.reduce((sum, thread) => sum + thread.user + thread.kernel, 0);
      const kernel = perDocument.reduce((sum, thread) => sum + thread.kernel, 0);
      const faults = perDocument.reduce((sum, thread) => sum + thread.faults, 0);
      const switches = perDocument.reduce((sum, thread) => sum + thread.switches, 0);
      console.log(
        `  ${inFlight} in flight: ${rate.toFixed(2)} docs/s; CPU ${total.toFixed(0)} ms per document (${kernel.toFixed(0)} of it in the kernel, ${faults.toFixed(0)} minor faults, ${switches.toFixed(0)} context switches); ` +
          `${((total * rate) / 1000).toFixed(2)} of the 2 cores busy`,
      );
      for (const thread of perDocument.sort((a, b) => b.user + b.kernel - (a.user + a.kernel)).slice(0, 8)) {
        console.log(`    ${thread.key.padEnd(40)} ${(thread.user + thread.kernel).toFixed(1).padStart(6)} ms  (kernel ${thread.kernel.toFixed(1)}, ${thread.faults.toFixed(0)} faults, ${thread.switches.toFixed(0)} switches)`);
      }
    }
  } finally {
    await printer.close();
  }
  const alone = await separateProcesses(1, DOCUMENTS);
  const pair = await separateProcesses(2, DOCUMENTS);
  console.log(
    `  2 printers in 2 processes, 1 in flight each: ${pair.toFixed(2)} docs/s, ${(pair / alone).toFixed(2)}× of one such process alone ` +
      `(${alone.toFixed(2)} docs/s): the most two documents in flight can gain on these cores`,
  );
}
