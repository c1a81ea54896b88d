/** Which year the planner plans (functions/aws/schedule-event.ts): the scheduled run plans the year before, as counted in China. */
import { describe, expect, it } from 'vitest';
import { yearToPlan } from '../../../functions/aws/schedule-event';

describe('yearToPlan', () => {
  it('plans the year before the scheduled time, counted in China (UTC+8)', () => {
    expect(yearToPlan({ scheduledTime: '2026-01-31T18:00:00Z' })).toBe(2025);
    // 31 December 16:30 UTC is already 1 January in Shanghai.
    expect(yearToPlan({ scheduledTime: '2026-12-31T16:30:00Z' })).toBe(2026);
    expect(yearToPlan({ scheduledTime: '2026-12-31T15:59:59Z' })).toBe(2025);
  });

  it('takes the year an operator names', () => {
    expect(yearToPlan({ year: 2021 })).toBe(2021);
  });

  it('refuses other events, saying what it expects', () => {
    expect(() => yearToPlan({})).toThrow('{"year": 2025}');
    expect(() => yearToPlan({ scheduledTime: 'yesterday' })).toThrow('scheduledTime');
    expect(() => yearToPlan({ year: 1999 })).toThrow(/year/);
  });
});
