/**
 * Cold start as a user meets it: a new `node bin/nianbao.js render examples/suqian-cdpf-2020.json
 * -o …` process, timed from spawn to the moment the command reports the PDF written (it prints
 * that line after writeFile returns), with the browser already unpacked in /tmp. The time to the
 * process's exit is kept too: it adds closing the browser, which the user also waits for.
 */
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ColdRun {
  writtenMs: number;
  exitMs: number;
}

export function coldRender(report: string): Promise<ColdRun> {
  const out = join(tmpdir(), `nianbao-cold-${process.pid}.pdf`);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let writtenMs = 0;
    const child = spawn(process.execPath, ['bin/nianbao.js', 'render', report, '-o', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!writtenMs && chunk.toString().includes(`${out}:`)) writtenMs = performance.now() - start;
    });
    child.on('error', reject);
    child.on('exit', async (code) => {
      const exitMs = performance.now() - start;
      try {
        if (code !== 0 || !writtenMs || (await stat(out)).size === 0) throw new Error(`cold render exited ${code} without a PDF`);
        resolve({ writtenMs, exitMs });
      } catch (error) {
        reject(error);
      } finally {
        await rm(out, { force: true });
      }
    });
  });
}
