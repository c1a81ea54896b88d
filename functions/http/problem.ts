/**
 * Problem details (RFC 9457) for every error the HTTP app returns, and the one place where domain
 * errors become statuses. Clients get a title, a detail and the report's problems; stack traces
 * and storage detail go to the log only.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { NotFound, ReportInvalid } from '../errors';
import { PrinterBusy, PrinterClosed, PrintFailed, PrintTimeout } from '../print/printer';
import type { Problem } from '../report';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  problems?: Problem[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://nianbao.dev/problems/';

/** `type` is the short name of the problem; it becomes a URI under TYPE_BASE. */
export function problemResponse(c: Context, details: ProblemDetails, headers: Record<string, string> = {}): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body: ProblemDetails = { ...details, type: TYPE_BASE + details.type, instance: requestId ? `urn:request:${requestId}` : undefined };
  return c.body(JSON.stringify(body), details.status as ContentfulStatusCode, { 'content-type': 'application/problem+json', ...headers });
}

/** Seconds a client should wait before retrying when the printer queue is full. */
export const RETRY_AFTER_SECONDS = 5;

/** Maps any thrown value to a problem response; `log` receives what the client must not see. */
export function errorToProblem(c: Context, error: unknown, log: (detail: Record<string, unknown>) => void): Response {
  if (error instanceof ReportInvalid) {
    return problemResponse(c, { type: 'invalid-report', title: 'The report is invalid', status: 422, detail: `${error.problems.length} problem(s); each names its JSON path`, problems: error.problems });
  }
  if (error instanceof NotFound) return problemResponse(c, { type: 'not-found', title: 'Not found', status: 404, detail: error.message });
  if (error instanceof InvalidArchiveKey) return problemResponse(c, { type: 'not-found', title: 'Not found', status: 404, detail: error.message });
  if (error instanceof PrinterBusy) {
    const [type, title] = error instanceof PrinterClosed ? ['shutting-down', 'The server is shutting down'] : ['busy', 'Too many documents in progress'];
    return problemResponse(c, { type, title, status: 503, detail: 'retry after the Retry-After delay' }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
  if (error instanceof PrintTimeout) {
    log({ error: error.message, step: error.step });
    return problemResponse(c, { type: 'timeout', title: 'The document took too long', status: 504, detail: `the ${error.step} step exceeded ${error.ms} ms` });
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const type = status === 401 ? 'unauthorized' : status === 413 ? 'too-large' : 'http';
    const headers: Record<string, string> = {};
    error.res?.headers.forEach((value, key) => { if (key !== 'content-type' && key !== 'content-length') headers[key] = value; });
    return problemResponse(c, { type, title: error.message || 'Request failed', status }, headers);
  }
  if (error instanceof ArchiveUnavailable) {
    log({ error: error.message, cause: String((error as Error).cause ?? '') });
    return problemResponse(c, { type: 'storage-unavailable', title: 'The archive storage is unavailable', status: 503, detail: 'nothing was stored; retry later' }, { 'retry-after': String(RETRY_AFTER_SECONDS * 6) });
  }
  const kind = error instanceof PrintFailed ? 'print-failed' : error instanceof ArchiveCorrupt ? 'archive-corrupt' : 'internal';
  const cause = error instanceof Error && error.cause !== undefined ? String((error.cause as Error)?.stack ?? error.cause) : undefined;
  log({ error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined, cause, kind });
  return problemResponse(c, { type: kind, title: 'Internal error', status: 500, detail: 'the request id identifies the logged cause' });
}
