/**
 * Domain errors of the publishing flow. Core code throws these; the edges map them once
 * (http/problem.ts to HTTP statuses, the CLI to exit codes), keeping client messages apart from
 * logged detail.
 */
import type { Problem } from './report';

/** The report failed the schema or an unacknowledged consistency rule; nothing was printed or stored. */
export class ReportInvalid extends Error {
  override readonly name = 'ReportInvalid';
  constructor(readonly problems: Problem[]) {
    super(`the report has ${problems.length} problem(s)`);
  }
}

/** The archive holds no such object or record. */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}
