/**
 * What two busy cores give on this machine, apart from printing: a CPU-bound loop (SHA-256 over
 * 1 MiB) and a page-fault-bound loop (fresh 8 MiB buffers, one write per 4 KiB page), each run
 * alone and then twice at once in separate processes, for 3 s. The ratio of the pair's work to
 * one's says what a second core adds. On the machine this project was measured on, the CPU loop
 * gained 1.9–2.0× and the fault loop did 0.04–0.25× the work of one: page faults are world
 * switches to its PVM hypervisor and got far dearer while the other core was busy, which is why
 * the printer's scaling goal hinges on faults. Linux; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SECONDS = 3;

const LOOPS = {
  cpu: `const {createHash}=require('node:crypto');const b=Buffer.alloc(1<<20,7);let n=0;const t=Date.now();while(Date.now()-t<${SECONDS * 1000}){createHash('sha256').update(b).digest();n++}console.log(n)`,
  faults: `let n=0;const t=Date.now();while(Date.now()-t<${SECONDS * 1000}){const a=new Uint8Array(8<<20);for(let i=0;i<a.length;i+=4096)a[i]=1;n++}console.log(n)`,
};

async function rounds(code: string, processes: number): Promise<number> {
  const outputs = await Promise.all(Array.from({ length: processes }, () => run(process.execPath, ['-e', code])));
  return outputs.reduce((sum, { stdout }) => sum + Number(stdout), 0);
}

export async function benchMachine(): Promise<void> {
  console.log(`\nmachine: work done in ${SECONDS} s by one process, and by two at once`);
  for (const [name, code] of Object.entries(LOOPS)) {
    const one = await rounds(code, 1);
    const two = await rounds(code, 2);
    console.log(`  ${name.padEnd(6)}  one ${String(one).padStart(6)}  two ${String(two).padStart(6)}  = ${(two / one).toFixed(2)}× of one`);
  }
}
