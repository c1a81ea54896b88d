/**
 * What two busy cores give on this machine, apart from printing: a CPU-bound loop (SHA-256 over
 * 1 MiB) and a page-fault-bound loop (fresh 8 MiB buffers, one write per 4 KiB page), each run
 * alone and then twice at once in separate processes, for 3 s, with the minor page faults each
 * loop took. The fault loop runs with V8's garbage collection on its main thread
 * (--single-threaded-gc): with collector threads, a lone process got its freed buffers back
 * before the next allocation and hardly faulted, while two processes starved each other's
 * collector threads, faulted every buffer, and did 0.03–0.25× the work of one. An earlier version
 * of this benchmark took that for page faults growing dearer on a busy machine; with faults in
 * every round in both cases, two processes do ~1.9× the work of one here, each fault costing
 * ~12 µs (a trip through the hypervisor). Linux; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SECONDS = 3;

/** `faultBound`: the loop does little but fault, so its time over its faults bounds what one costs. */
const LOOPS: Record<string, { code: string; flags: string[]; faultBound?: boolean }> = {
  cpu: {
    code: `const {createHash}=require('node:crypto');const b=Buffer.alloc(1<<20,7);let n=0;const t=Date.now();while(Date.now()-t<${SECONDS * 1000}){createHash('sha256').update(b).digest();n++}`,
    flags: [],
  },
  faults: {
    code: `let n=0;const t=Date.now();while(Date.now()-t<${SECONDS * 1000}){const a=new Uint8Array(8<<20);for(let i=0;i<a.length;i+=4096)a[i]=1;n++}`,
    flags: ['--single-threaded-gc'],
    faultBound: true,
  },
};

const REPORT = `;console.log(JSON.stringify({rounds:n,faults:process.resourceUsage().minorPageFault}))`;

async function rounds({ code, flags }: { code: string; flags: string[] }, processes: number) {
  const outputs = await Promise.all(Array.from({ length: processes }, () => run(process.execPath, [...flags, '-e', code + REPORT])));
  const counts = outputs.map(({ stdout }) => JSON.parse(stdout) as { rounds: number; faults: number });
  return { rounds: counts.reduce((sum, count) => sum + count.rounds, 0), faults: counts.reduce((sum, count) => sum + count.faults, 0) };
}

export async function benchMachine(): Promise<void> {
  console.log(`\nmachine: work done in ${SECONDS} s by one process, and by two at once`);
  for (const [name, loop] of Object.entries(LOOPS)) {
    const one = await rounds(loop, 1);
    const two = await rounds(loop, 2);
    const perFault = loop.faultBound ? `, ${((SECONDS * 1e6) / one.faults).toFixed(1)} µs each at most` : '';
    console.log(
      `  ${name.padEnd(6)}  one ${String(one.rounds).padStart(6)} (${one.faults} faults${perFault})  ` +
        `two ${String(two.rounds).padStart(6)} (${two.faults} faults)  = ${(two.rounds / one.rounds).toFixed(2)}× of one`,
    );
  }
}
