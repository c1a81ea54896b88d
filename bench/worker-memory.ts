/**
 * `npm run bench -- worker`: the memory that font subsetting takes on the Workers path, in the
 * local workerd that `wrangler dev` runs. Each preview subsets every face the report uses
 * (fonts/cloudflare-assets.ts): from the reduced faces when the report's characters are all
 * common ones, from the whole faces when one is not (here: the seed report with 镕, outside
 * GB 2312, in its title and in a heading of each level, so that all six faces are whole). A
 * preview prints no PDF, so the growth of the Worker's workerd process while it answers is the
 * subsetting's; a validation first, which touches no font, shows what the app's own first request
 * adds. Each case runs in a Worker of its own, so both paths are measured on an isolate's first
 * preview, the one that also compiles code (the app's and hb-subset's), which stays.
 * Measured as the whole process's resident memory: its peak (VmHWM, reset before each request
 * through /proc/PID/clear_refs, and sampled every millisecond, since the kernel updates VmHWM
 * lazily) above its resident memory just before the request, and above the process's memory
 * once the runtime had started (after a first request for the report schema), which is what the
 * isolate has taken by then. The other simulated bindings in the process stay idle. An isolate on
 * Cloudflare may use 128 MB (https://developers.cloudflare.com/workers/platform/limits/#memory).
 * Linux only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { loadExample, RARE_CHARACTER, withRareCharacter } from '../test/helpers/examples';
import { processTree } from '../test/helpers/process-tree';

const ISOLATE_LIMIT_MIB = 128 / 1.048576;
interface Request {
  label: string;
  route: 'validate' | 'preview';
  report: unknown;
}

const common = (name: 'seed2020' | 'consistent2021', route: Request['route'] = 'preview'): Request => ({ label: `${name} ${route}`, route, report: loadExample(name) });
const rareReport = loadExample('seed2020');
withRareCharacter(rareReport);
const rare: Request = { label: `seed2020 + ${RARE_CHARACTER} preview`, route: 'preview', report: rareReport };

/** One Worker each: the first preview of an isolate with common characters only, then with a rare one. */
const CASES: { name: string; requests: Request[] }[] = [
  { name: 'common characters first', requests: [common('seed2020', 'validate'), common('seed2020'), common('consistent2021'), common('seed2020'), common('consistent2021'), rare, common('seed2020')] },
  { name: 'a rare character first', requests: [common('seed2020', 'validate'), rare, common('seed2020'), rare, common('consistent2021')] },
];

const statusMiB = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** The process started for the Worker itself: the newest workerd (wrangler's dev proxy runs in an older one). */
function workerdPid(): number {
  const startTime = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
  const pids = processTree(process.pid).filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd');
  if (pids.length === 0) throw new Error('no workerd process under this one');
  return pids.sort((a, b) => startTime(b) - startTime(a))[0]!;
}

/** Runs one case in a fresh Worker; returns its first preview's growth over the started runtime, and the largest of any request. */
async function runCase(name: string, requests: Request[]): Promise<{ firstPreview: number; largest: number }> {
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
    const started = statusMiB(pid, 'VmRSS');
    console.log(`\nFont subsetting on the Workers path, ${name} (workerd ${pid}, ${started.toFixed(1)} MiB once started; preview = every face of the report subset)`);
    console.log('| request | ms | RSS before, MiB | peak, MiB | peak − before, MiB | peak − started, MiB |');
    console.log('|---|---|---|---|---|---|');
    let firstPreview: number | undefined;
    let largest = 0;
    for (const { label, route, report } of requests) {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      const before = statusMiB(pid, 'VmRSS');
      let sampled = before;
      const sampler = setInterval(() => (sampled = Math.max(sampled, statusMiB(pid, 'VmRSS'))), 1);
      const start = performance.now();
      const response = await worker.fetch(`http://nianbao.test/v1/reports/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${label} answered ${response.status}`);
      const ms = performance.now() - start;
      clearInterval(sampler);
      const peak = Math.max(sampled, statusMiB(pid, 'VmHWM'));
      if (route === 'preview') firstPreview ??= peak - started;
      largest = Math.max(largest, peak - started);
      console.log(`| ${label} | ${ms.toFixed(0)} | ${before.toFixed(1)} | ${peak.toFixed(1)} | ${(peak - before).toFixed(1)} | ${(peak - started).toFixed(1)} |`);
    }
    return { firstPreview: firstPreview!, largest };
  } finally {
    await worker.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

export async function benchWorkerMemory(): Promise<void> {
  const firstPreviews = [];
  let largest = 0;
  for (const { name, requests } of CASES) {
    const measured = await runCase(name, requests);
    firstPreviews.push(`${measured.firstPreview.toFixed(1)} MiB with ${name.replace(/ first$/, '')}`);
    largest = Math.max(largest, measured.largest);
  }
  console.log(`\nworkerd's growth over its started runtime up to an isolate's first preview's peak: ${firstPreviews.join(', ')}; after later requests up to ${largest.toFixed(1)} MiB (an isolate may use ${ISOLATE_LIMIT_MIB.toFixed(0)} MiB)`);
}
