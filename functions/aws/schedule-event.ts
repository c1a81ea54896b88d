/**
 * Which year the planner plans, from the event that invoked it. The EventBridge Scheduler
 * schedule (infra/lib/nianbao-stack.ts) passes its own fire time as `scheduledTime` through the
 * `<aws.scheduler.scheduled-time>` context attribute
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html);
 * the reports published by 31 January cover the calendar year before (政府信息公开条例 第五十条),
 * so a run fired in February plans the previous year. An operator who invokes the function by hand
 * names the year instead: `{"year": 2025}`.
 */
import { z } from 'zod';
import { parseYear } from '../archive/keys';
import { scheduledRunId } from '../batch/keys';

const CHINA_OFFSET_MS = 8 * 3600_000;

const plannerEvent = z.union([
  z.object({ year: z.number().int() }),
  z.object({ scheduledTime: z.iso.datetime({ offset: true }) }),
]);

function parsePlannerEvent(event: unknown) {
  const parsed = plannerEvent.safeParse(event);
  if (!parsed.success) throw new TypeError('the planner expects {"year": 2025} or {"scheduledTime": "2026-01-31T18:00:00Z"}');
  return parsed.data;
}

/** A scheduled fire's run id (batch/keys.ts), so a retried fire takes up its run; none for a run by hand. */
export function scheduledRunIdOf(event: unknown): string | undefined {
  const parsed = parsePlannerEvent(event);
  return 'scheduledTime' in parsed ? scheduledRunId(new Date(parsed.scheduledTime)) : undefined;
}

export function yearToPlan(event: unknown): number {
  const parsed = parsePlannerEvent(event);
  if ('year' in parsed) return parseYear(parsed.year);
  // The year as it is in China (UTC+8 all year, no summer time), whatever zone the schedule uses.
  const inChina = new Date(Date.parse(parsed.scheduledTime) + CHINA_OFFSET_MS);
  return parseYear(inChina.getUTCFullYear() - 1);
}
