/**
 * `nianbao batch` as an operator runs it: a real child process (`node bin/nianbao.js`), a folder
 * of reports, the bundled Chromium, a filesystem archive. The first run is killed with SIGKILL in
 * the middle, Chromium included, as a power cut or the OOM killer would; the rerun finishes what
 * is left and prints nothing twice; a third run, from the folder again, skips everything.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll } from '../../functions/archive/archive';
import { createFsArchive } from '../../functions/archive/fs';
import { cli } from '../helpers/cli';
import { EXAMPLES } from '../helpers/examples';
import { generatedAgencyId, generateReports, GENERATED_YEAR as YEAR, writeReportFolder } from '../helpers/generated-reports';
import { alive, processTree } from '../helpers/process-tree';

const REPORTS = 8;

let folder: string;
let archiveRoot: string;
let inbox: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-batch-cli-'));
  archiveRoot = join(folder, 'archive');
  inbox = join(folder, 'inbox');
  await writeReportFolder(inbox, generateReports(REPORTS));
  await copyFile(EXAMPLES.violations2021, join(inbox, 'zz-invalid.json'));
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

interface Child {
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
  pid: number;
}

function nianbao(...args: string[]): Child {
  return nianbaoWith(archiveRoot, ...args);
}

function nianbaoWith(archiveFolder: string, ...args: string[]): Child {
  const child = spawn(process.execPath, ['bin/nianbao.js', ...args], {
    env: { ...process.env, NIANBAO_ARCHIVE: archiveFolder, NIANBAO_CONCURRENCY: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = (stream: NodeJS.ReadableStream, into: string[]) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      into.push(...parts);
    });
  };
  const result: Child = { stdout: [], stderr: [], pid: child.pid!, exit: new Promise((done) => child.on('exit', (code) => done(code))) };
  lines(child.stdout, result.stdout);
  lines(child.stderr, result.stderr);
  return result;
}

async function until(condition: () => boolean, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 50));
  }
}

const archive = () => createFsArchive({ root: archiveRoot });
const keysUnder = async (prefix: string) => (await Array.fromAsync(listAll(archive(), prefix))).flat();

describe('nianbao batch', () => {
  it('answers usage errors with exit 2', async () => {
    for (const args of [[], ['--year', '21'], ['--year', '2021', '--concurrency', '0'], ['--year', '2021', '--concurrency', '0x2'], ['--year', '2021', '--concurrency', '1e1'], ['--year', '2021', '--bogus'], ['--year', '2021', 'extra'], ['--year', '2021', '--from', '/nonexistent/reports']]) {
      const run = await cli('batch', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err.at(-1)).toBe('usage: nianbao batch --year YEAR [--from DIR] [--concurrency N] [--json]');
    }
  });

  it('survives SIGKILL mid-run: the rerun publishes the rest, nothing twice; a third run skips everything', async () => {
    const first = nianbao('batch', '--year', String(YEAR), '--from', inbox, '--concurrency', '2');
    const finished = () => first.stderr.filter((line) => /^\[\d+\/\d+\] published /.test(line)).length;
    await until(() => finished() >= 2, 'two reports published');
    const tree = processTree(first.pid);
    expect(tree.length).toBeGreaterThan(1); // Chromium is running
    for (const pid of tree) process.kill(pid, 'SIGKILL');
    expect(await first.exit).toBeNull();
    await until(() => tree.every((pid) => !alive(pid)), 'the killed processes to end', 5_000);

    // The invalid file was reported with its problems and is not a draft; the valid ones are.
    expect(first.stderr.some((line) => line.startsWith(join(inbox, 'zz-invalid.json') + ': sections.'))).toBe(true);
    expect(first.stderr.filter((line) => /^\[\d+\/9\] /.test(line)).every((line) => !line.includes('\r'))).toBe(true);
    expect(await keysUnder('drafts/')).toHaveLength(REPORTS);
    const [firstRun] = (await keysUnder(`batches/${YEAR}/`)).map((key) => key.split('/')[2]);
    const firstResults = await keysUnder(`batches/${YEAR}/${firstRun}/results/`);
    expect(firstResults.length).toBeGreaterThanOrEqual(2);
    expect(await keysUnder(`batches/${YEAR}/${firstRun}/`)).not.toContain(`batches/${YEAR}/${firstRun}/summary.json`);
    const publishedBefore = (await keysUnder(`${YEAR}/`)).filter((key) => key.endsWith('.record.json')).length;
    expect(publishedBefore).toBeGreaterThanOrEqual(firstResults.length);
    expect(publishedBefore).toBeLessThan(REPORTS);

    const second = nianbao('batch', '--year', String(YEAR));
    expect(await second.exit).toBe(0);
    const counts = /: (\d+) published, (\d+) already archived, 0 invalid, 0 failed$/.exec(second.stdout[0] ?? '');
    expect(counts, second.stdout.join('\n')).not.toBeNull();
    expect(Number(counts![1]) + Number(counts![2])).toBe(REPORTS);
    expect(Number(counts![2])).toBe(publishedBefore);
    const summaryPath = second.stdout.find((line) => line.startsWith('summary: '))!.slice('summary: '.length);
    expect(summaryPath).toMatch(new RegExp(`^${archiveRoot}/batches/${YEAR}/\\d{8}t\\d{9}z-[0-9a-f]{8}/summary\\.html$`));

    // Nothing twice: one record, one PDF, one source per agency.
    const published = await keysUnder(`${YEAR}/`);
    expect(published).toHaveLength(3 * REPORTS);
    for (let i = 0; i < REPORTS; i++) {
      expect(published.filter((key) => key.startsWith(`${YEAR}/${generatedAgencyId(i)}/`) && key.endsWith('.record.json'))).toHaveLength(1);
    }

    const third = nianbao('batch', '--year', String(YEAR), '--from', inbox);
    expect(await third.exit).toBe(1); // the invalid file in the folder
    expect(third.stdout[0]).toMatch(/: 0 published, 8 already archived, 1 invalid, 0 failed$/);
    expect(await keysUnder(`${YEAR}/`)).toEqual(published);
    expect(await keysUnder('drafts/')).toHaveLength(REPORTS);
    const summaryJson = third.stdout.find((line) => line.startsWith('summary (JSON): '))!.slice('summary (JSON): '.length);
    const summary = JSON.parse(await readFile(summaryJson, 'utf8'));
    expect(summary.reports[0]).toMatchObject({ outcome: 'invalid', source: join(inbox, 'zz-invalid.json') });
  });

  it('refuses what a folder cannot mean: another year, different reports for one agency, no reports at all', async () => {
    const odd = join(folder, 'odd');
    const [first, second, third] = generateReports(3);
    const revised = { ...second, publishedOn: '2022-01-21' };
    await writeReportFolder(odd, [first]);
    await writeFile(join(odd, 'b.json'), JSON.stringify(second));
    await writeFile(join(odd, 'b-revised.json'), JSON.stringify(revised));
    await writeFile(join(odd, 'b-again.json'), JSON.stringify(second, null, 2)); // the same report again is no conflict by itself
    await writeFile(join(odd, 'next-year.json'), JSON.stringify({ ...third, year: YEAR + 1 }));
    await writeFile(join(odd, 'huge-number.json'), `{"year": ${YEAR}, "agency": {"id": "gen-0099"}, "x": 1e400}`); // JSON without a canonical form
    await writeFile(join(folder, 'elsewhere.json'), JSON.stringify(third));
    await symlink(join(folder, 'elsewhere.json'), join(odd, 'LINKED.JSON'));

    const root = join(folder, 'archive-odd');
    const run = nianbaoWith(root, 'batch', '--year', String(YEAR), '--from', odd);
    expect(await run.exit).toBe(1);
    expect(run.stdout[0]).toMatch(/: 2 published, 0 already archived, 5 invalid, 0 failed$/);
    const summary = JSON.parse(await readFile(run.stdout.find((line) => line.startsWith('summary (JSON): '))!.slice('summary (JSON): '.length), 'utf8'));
    const invalid = Object.fromEntries(summary.reports.filter((r: { outcome: string }) => r.outcome === 'invalid').map((r: { source: string; problems: { path: string; en: string }[] }) => [basename(r.source), r.problems.map((p) => `${p.path}: ${p.en}`)]));
    const conflict = `agency.id: agency "${generatedAgencyId(1)}" has different reports in several files of this folder`;
    expect(invalid).toEqual({
      'b.json': [expect.stringContaining(conflict)],
      'b-again.json': [expect.stringContaining(conflict)],
      'b-revised.json': [expect.stringContaining(conflict)],
      'next-year.json': [`year: the report is for ${YEAR + 1}, not for --year ${YEAR}`],
      'huge-number.json': expect.arrayContaining([expect.stringMatching(/^x: unknown field/)]),
    });
    expect((await Array.fromAsync(listAll(createFsArchive({ root }), 'drafts/'))).flat()).toHaveLength(2);

    const empty = join(folder, 'empty');
    await mkdir(empty);
    const none = await cli('batch', '--year', String(YEAR), '--from', empty);
    expect(none.code).toBe(2);
    expect(none.err[0]).toBe(`nianbao batch: --from ${empty}: the folder holds no .json files`);
  });

  it('removes the files an interrupted write left (a kill) before it starts, keeping a write in progress', async () => {
    const root = join(folder, 'archive-interrupted');
    await mkdir(join(root, String(YEAR), 'gen-0000'), { recursive: true });
    const crashed = join(root, String(YEAR), 'gen-0000', '.tmp-crashed');
    await writeFile(crashed, new Uint8Array(204_800));
    await utimes(crashed, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    await writeFile(join(root, '.tmp-in-progress'), 'another process is writing this');

    const run = nianbaoWith(root, 'batch', '--year', String(YEAR));
    expect(await run.exit).toBe(0);
    expect(run.stderr[0]).toBe(`nianbao batch: removed ${YEAR}/gen-0000/.tmp-crashed (204800 bytes), left by an interrupted write`);
    expect(await readdir(join(root, String(YEAR), 'gen-0000'))).toEqual([]);
    expect(await readdir(root)).toContain('.tmp-in-progress');
  });

  it('stops on Ctrl-C after the reports in flight, none of them recorded as failed; a rerun finishes', async () => {
    const root = join(folder, 'archive-stopped');
    const run = nianbaoWith(root, 'batch', '--year', String(YEAR), '--from', inbox, '--concurrency', '2');
    await until(() => run.stderr.some((line) => /^\[\d+\/\d+\] published /.test(line)), 'a report published');
    process.kill(run.pid, 'SIGINT');
    expect(await run.exit).toBe(1);
    expect(run.stderr).toContain('nianbao batch: stopping after the reports in flight (Ctrl-C again to quit now; a rerun finishes the rest)');
    const counts = /: (\d+) published, 0 already archived, 1 invalid, 0 failed, (\d+) not done \(stopped; run again to finish\)$/.exec(run.stdout[0] ?? '');
    expect(counts, run.stdout.join('\n')).not.toBeNull();
    expect(Number(counts![1]) + Number(counts![2])).toBe(REPORTS);

    const rerun = nianbaoWith(root, 'batch', '--year', String(YEAR));
    expect(await rerun.exit).toBe(0);
    expect(rerun.stdout[0]).toMatch(new RegExp(`: ${counts![2]} published, ${counts![1]} already archived, 0 invalid, 0 failed$`));
  });

  it('prints with no more browsers than cores when more reports are in flight', async () => {
    const run = nianbaoWith(join(folder, 'archive-wide'), 'batch', '--year', String(YEAR), '--from', inbox, '--concurrency', '4');
    const browsers = () =>
      processTree(run.pid).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'chromium';
        } catch {
          return false; // ended meanwhile
        }
      }).length;
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, browsers())), 20);
    try {
      expect(await run.exit).toBe(1); // the invalid file in the folder
    } finally {
      clearInterval(sampler);
    }
    expect(run.stdout[0]).toMatch(/: 8 published, 0 already archived, 1 invalid, 0 failed$/);
    expect(most).toBe(Math.min(4, availableParallelism()));
  });
});
