/**
 * The batch driven through a queue, whatever the queue (issue 7: SQS on AWS, Queues on
 * Cloudflare): the planner stores the plan and sends one message per pending report through a
 * `QueueSender`; each consumer settles a delivered batch with `publishDelivered`, which publishes
 * each report and then assembles the summary of every run it touched (summary.ts stores it once
 * the last result is in). Messages the queue gave up on reach `settleDeadLetters` from the
 * dead-letter queue, which records their reports as failed, so that every run's summary completes.
 * Only delivery and acknowledgement differ per cloud (aws/queued-run.ts, cloudflare/queues.ts).
 */
import type { Logger } from '../logger';
import { batchMessageSchema, handleBatchMessage, messagesOf, settleDeadLetter } from './message';
import type { BatchPlan, ReportResult } from './model';
import { planBatch, readPlan, savePlan } from './plan';
import { resultKeys } from './results';
import { planKey, resultKey } from './keys';
import { appendAudit } from '../audit/log';
import { ArchiveCorrupt, InvalidArchiveKey } from '../archive/errors';
import { NotFound } from '../errors';
import type { BatchPorts } from './report';
import { assembleSummary } from './summary';

/** Sends batch messages on the cloud's own queue. */
export interface QueueSender {
  send(messages: readonly unknown[]): Promise<void>;
}

export interface StartedRun {
  year: number;
  runId: string;
  queued: number;
  already: number;
  rejected: number;
}

/**
 * Plans the year and queues one message per pending report. Given a `runId` (a scheduled run's,
 * derived from its fire time: keys.ts `scheduledRunId`), a planner invoked again for the same fire
 * (the scheduler's and Lambda's own retries after a failure part-way through sending) takes up the
 * plan stored the first time and queues again every report that has no result yet, instead of
 * starting a second run and leaving the first without a summary. Duplicate messages are harmless:
 * a report's result is stored once (message.ts).
 */
export async function startQueuedRun(year: number, ports: Omit<BatchPorts, 'printer'>, queue: QueueSender, runId?: string): Promise<StartedRun> {
  const { plan, fresh } = await planOnce(year, ports, runId);
  // The schedule (EventBridge, a cron trigger) starts these runs: the audit log names it as the actor.
  if (fresh) await appendAudit(ports.archive, ports.clock, { action: 'batch.start', outcome: 'written', actor: { id: 'schedule', role: 'batch-operator', via: 'schedule' }, target: planKey(year, plan.runId) });
  const settled = fresh ? new Set<string>() : await resultKeys(ports.archive, year, plan.runId);
  const messages = messagesOf({ ...plan, pending: plan.pending.filter(({ agencyId }) => !settled.has(resultKey(year, plan.runId, agencyId))) });
  await queue.send(messages);
  // Nothing (left) to print: no worker will run, so the summary is written now.
  if (messages.length === 0) await assembleSummary(year, plan.runId, ports);
  return { year, runId: plan.runId, queued: messages.length, already: plan.already.length, rejected: plan.rejected.length };
}

/**
 * The run's plan: the one already stored under `runId`, or a new one, stored. When two planners of
 * one fire race, the plan stored first is the run's. `fresh`: no report of it can have a result yet.
 */
async function planOnce(year: number, ports: Omit<BatchPorts, 'printer'>, runId?: string): Promise<{ plan: BatchPlan; fresh: boolean }> {
  const stored = runId === undefined ? null : await readPlan(ports.archive, year, runId);
  if (stored) return { plan: stored, fresh: false };
  const plan = await planBatch(year, ports, runId);
  if (await savePlan(plan, ports.archive)) return { plan, fresh: true };
  return { plan: (await readPlan(ports.archive, year, plan.runId)) ?? plan, fresh: false };
}

/** A message as a queue delivered it. */
export interface DeliveredMessage {
  id: string;
  /** The parsed JSON body; undefined when the body was not JSON. */
  body: unknown;
  /** Deliveries so far, this one included. */
  deliveries: number;
  /** The queue will not deliver it again: after this, it goes to the dead-letter queue. */
  final: boolean;
}

/** What the queue should do with a delivered message: delete it, or deliver it again later. */
export type Settlement = 'ack' | 'retry';

interface Run {
  year: number;
  runId: string;
}

const runKey = ({ year, runId }: Run) => `${year}/${runId}`;

/**
 * Settles a delivered batch message by message with `settle`, then assembles the summary of each
 * run it touched. A malformed message fails the same way on every delivery: it is logged and
 * acknowledged. One that throws (a transient failure while the queue will deliver it again,
 * storage failing) is delivered again; so are the messages of a run whose summary was due but
 * could not be stored (unless the run has no readable plan), so that their next delivery, which
 * finds their results stored, stores it.
 */
async function settleDelivered(
  messages: readonly DeliveredMessage[],
  ports: Pick<BatchPorts, 'archive' | 'clock'>,
  logger: Logger,
  settle: (message: DeliveredMessage) => Promise<ReportResult>,
): Promise<Map<string, Settlement>> {
  const settled = new Map<string, Settlement>();
  const runOfMessage = new Map<string, string>();
  const runs = new Map<string, Run>();
  for (const message of messages) {
    const parsed = batchMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      logger.error({ msg: 'queue message malformed', messageId: message.id, error: parsed.error.message });
      settled.set(message.id, 'ack');
      continue;
    }
    const run = { year: parsed.data.year, runId: parsed.data.runId };
    try {
      const result = await settle(message);
      logger.info({ msg: 'batch report', ...run, agencyId: result.agencyId, outcome: result.outcome });
      runs.set(runKey(run), run);
      runOfMessage.set(message.id, runKey(run));
      settled.set(message.id, 'ack');
    } catch (error) {
      logger.error({ msg: 'queue message failed', messageId: message.id, deliveries: message.deliveries, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      settled.set(message.id, 'retry');
    }
  }
  const unassembled = await assembleRuns(runs.values(), ports, logger);
  for (const [id, run] of runOfMessage) if (unassembled.has(run)) settled.set(id, 'retry');
  return settled;
}

/** Publishes the report of each message (the batch queue's consumer). */
export function publishDelivered(messages: readonly DeliveredMessage[], ports: BatchPorts, logger: Logger): Promise<Map<string, Settlement>> {
  return settleDelivered(messages, ports, logger, (message) => handleBatchMessage(message.body, ports, { finalAttempt: message.final }));
}

/**
 * Records the report of each dead-lettered message as failed (the dead-letter queue's consumer);
 * `deliveries` is how many times the batch queue delivered each before giving up.
 */
export function settleDeadLetters(messages: readonly DeliveredMessage[], ports: Pick<BatchPorts, 'archive' | 'clock'>, logger: Logger, deliveries: number): Promise<Map<string, Settlement>> {
  return settleDelivered(messages, ports, logger, (message) => settleDeadLetter(message.body, ports, deliveries));
}

/**
 * Tries to assemble the summary of each run; a run whose last result just came in gets its
 * summary stored. Answers the runs (`year/runId`) whose summary could not be stored.
 */
async function assembleRuns(runs: Iterable<Run>, ports: Pick<BatchPorts, 'archive' | 'clock'>, logger: Logger): Promise<Set<string>> {
  const unassembled = new Set<string>();
  for (const run of runs) {
    try {
      const assembled = await assembleSummary(run.year, run.runId, ports);
      if (assembled.complete) logger.info({ msg: 'batch summary stored', ...run, summary: assembled.keys.html });
    } catch (error) {
      // A run with no plan, or a damaged one, never assembles, however often its messages come;
      // anything else (storage failing, a read cut short) may pass: deliver them again.
      const never = error instanceof NotFound || error instanceof ArchiveCorrupt || error instanceof InvalidArchiveKey;
      if (!never) unassembled.add(runKey(run));
      logger.error({ msg: 'batch summary not assembled', ...run, error: String(error), retrying: !never });
    }
  }
  return unassembled;
}
