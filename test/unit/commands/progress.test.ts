/**
 * The batch's progress output: a bar redrawn in place with rate and ETA on a terminal, one plain
 * line per report in logs. Time is injected, so the figures are exact.
 */
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../functions/batch/run';
import { createProgressReporter } from '../../../functions/commands/progress';

const result = (agencyId: string) => ({ agencyId, outcome: 'published', ms: 1500 }) as Progress['result'];

function reporter(isTTY: boolean) {
  let now = 0;
  const written: string[] = [];
  const progress = createProgressReporter({ isTTY, columns: 80, write: (text) => written.push(text) }, () => now);
  return { progress, written, advance: (ms: number) => (now += ms) };
}

describe('batch progress', () => {
  it('writes one plain line per report when stderr is not a terminal', () => {
    const { progress, written, advance } = reporter(false);
    advance(2000);
    progress.update({ done: 11, total: 20, result: result('gen-0001') }); // 10 already archived at the start
    advance(2000);
    progress.update({ done: 12, total: 20, result: result('gen-0002') });
    progress.finish();
    expect(written).toEqual([
      '[11/20] published gen-0001 1.5 s · 0.50 reports/s · ETA 0:18\n',
      '[12/20] published gen-0002 1.5 s · 0.50 reports/s · ETA 0:16\n',
    ]);
  });

  it('redraws one bar in place on a terminal, at most every 100 ms, and ends its line', () => {
    const { progress, written, advance } = reporter(true);
    advance(1000);
    progress.update({ done: 1, total: 4, result: result('a') });
    advance(10);
    progress.update({ done: 2, total: 4, result: result('b') }); // too soon: not drawn
    advance(1000);
    progress.update({ done: 4, total: 4, result: result('c') }); // the last one is always drawn
    progress.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r\x1b\[K\[█{10}░{30}\] 1\/4 25% · 1\.0\/s · ETA 0:03$/);
    expect(written[1]).toMatch(/^\r\x1b\[K\[█{40}\] 4\/4 100% · 1\.5\/s · ETA 0:00$/);
    expect(written[2]).toBe('\n');
  });
});
