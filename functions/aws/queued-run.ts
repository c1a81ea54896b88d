/**
 * The batch worker on SQS (issue 7, "a worker consuming them"): settles one delivered batch of
 * SQS records with partial batch responses, then assembles the summary of each run it touched
 * (batch/queued.ts). Planning is queue-neutral: batch/queued.ts `startQueuedRun`.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { Logger } from '../app';
import { batchMessageSchema, handleBatchMessage } from '../batch/message';
import type { BatchPorts } from '../batch/report';
import { assembleRuns } from '../batch/queued';
import { settleSqsBatch } from './sqs-batch';

export async function consumeBatchMessages(
  records: readonly SQSRecord[],
  ports: BatchPorts,
  options: { maxReceives: number; logger: Logger },
): Promise<SQSBatchResponse> {
  const runs = new Map<string, { year: number; runId: string }>();
  const response = await settleSqsBatch(
    records,
    async (body, delivery) => {
      const result = await handleBatchMessage(body, ports, { finalAttempt: delivery.final });
      const { year, runId } = batchMessageSchema.parse(body);
      runs.set(`${year}/${runId}`, { year, runId });
      options.logger.info({ msg: 'batch report', year, runId, agencyId: result.agencyId, outcome: result.outcome });
    },
    options,
  );
  await assembleRuns(runs.values(), ports, options.logger);
  return response;
}
