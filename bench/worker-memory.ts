/**
 * `npm run bench -- worker`: the memory that font subsetting takes on the Workers path, in the
 * local workerd that `wrangler dev` runs. Each preview subsets every face the report uses, from
 * the whole faces in the static assets (fonts/cloudflare-assets.ts), and prints no PDF, so the
 * growth of the Worker's workerd process while it answers is the subsetting's. Measured as the
 * process's resident memory: its peak (VmHWM, reset before each preview through
 * /proc/PID/clear_refs, and sampled every millisecond, since the kernel updates VmHWM lazily)
 * above its resident memory just before. The first preview of an isolate also compiles code (the
 * app's and hb-subset's), which stays; the other simulated bindings in the process stay idle. An
 * isolate on Cloudflare may use 128 MB
 * (https://developers.cloudflare.com/workers/platform/limits/#memory). Linux only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { loadExample } from '../test/helpers/examples';
import { processTree } from '../test/helpers/process-tree';

const ISOLATE_LIMIT_MIB = 128 / 1.048576;
/** Each example twice: the first preview of an isolate, then warm ones. */
const DOCUMENTS = ['seed2020', 'consistent2021', 'seed2020', 'consistent2021'] as const;

const statusMiB = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** The process started for the Worker itself: the newest workerd (wrangler's dev proxy runs in an older one). */
function workerdPid(): number {
  const startTime = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
  const pids = processTree(process.pid).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd');
  if (pids.length === 0) throw new Error('no workerd process under this one');
  return pids.sort((a, b) => startTime(b) - startTime(a))[0]!;
}

export async function benchWorkerMemory(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'nianbao-worker-memory-'));
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    dev: { persist: join(folder, 'state'), inspector: false, watch: false, logLevel: 'warn', server: { hostname: '127.0.0.1', port: 0 } },
  });
  try {
    await worker.ready;
    // The Worker's own runtime starts with the first request; this one touches no font.
    await (await worker.fetch('http://nianbao.test/v1/schema.json')).arrayBuffer();
    const pid = workerdPid();
    console.log(`\nFont subsetting on the Workers path (workerd ${pid}, preview = every face of the report subset)`);
    console.log('| document | ms | RSS before, MiB | peak, MiB | peak − before, MiB |');
    console.log('|---|---|---|---|---|');
    let worst = 0;
    for (const name of DOCUMENTS) {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      const before = statusMiB(pid, 'VmRSS');
      let sampled = before;
      const sampler = setInterval(() => (sampled = Math.max(sampled, statusMiB(pid, 'VmRSS'))), 1);
      const started = performance.now();
      const response = await worker.fetch('http://nianbao.test/v1/reports/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(loadExample(name)) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`preview of ${name} answered ${response.status}`);
      const ms = performance.now() - started;
      clearInterval(sampler);
      const peak = Math.max(sampled, statusMiB(pid, 'VmHWM'));
      worst = Math.max(worst, peak - before);
      console.log(`| ${name} | ${ms.toFixed(0)} | ${before.toFixed(1)} | ${peak.toFixed(1)} | ${(peak - before).toFixed(1)} |`);
    }
    console.log(`peak growth while subsetting: ${worst.toFixed(1)} MiB (an isolate may use ${ISOLATE_LIMIT_MIB.toFixed(0)} MiB)`);
  } finally {
    await worker.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}
