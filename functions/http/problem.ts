/**
 * Problem details (RFC 9457) for every error the HTTP app returns, and the one place where domain
 * errors become statuses. Clients get a title, a detail and the report's problems; stack traces
 * and storage detail go to the log only.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { IdentityProviderUnavailable } from '../access/jwt';
import { NotFound, ReportInvalid } from '../errors';
import { PrinterBusy, PrinterClosed, PrinterUnavailable, PrintFailed, PrintTimeout } from '../print/printer';
import { problemCount, type Problem } from '../report';

export interface ProblemDetails {
  type: string;
  /** Fixed per type, in English (RFC 9457). */
  title: string;
  status: number;
  /** What happened here, in Chinese and in English; `detail` repeats the English (RFC 9457). */
  zh: string;
  en: string;
  instance?: string;
  problems?: Problem[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://nianbao.dev/problems/';

/** The JSON of a problem; `type` is its short name, which becomes a URI under TYPE_BASE. */
export function problemBody(details: ProblemDetails, requestId: string | undefined): string {
  return JSON.stringify({ ...details, type: TYPE_BASE + details.type, detail: details.en, instance: requestId ? `urn:request:${requestId}` : undefined });
}

export function problemResponse(c: Context, details: ProblemDetails, headers: Record<string, string> = {}): Response {
  const body = problemBody(details, c.get('requestId') as string | undefined);
  return c.body(body, details.status as ContentfulStatusCode, { 'content-type': 'application/problem+json', ...headers });
}

/**
 * A request refused before its report is looked at (its body, its token, its parameters): each
 * kind has a type and a title of its own, and says what to do in both languages.
 */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly type: keyof typeof REFUSALS,
    readonly zh: string,
    readonly en: string,
    /** `fields`: members of the problem beside the usual ones (a 403's path and agency). */
    readonly extra: { headers?: Record<string, string>; problems?: Problem[]; fields?: Record<string, unknown> } = {},
  ) {
    super(en);
  }
}

/** Each kind of refusal: its status and its fixed title. */
const REFUSALS = {
  'unsupported-media-type': { status: 415, title: 'The body must be UTF-8 JSON' },
  'too-large': { status: 413, title: 'The body is too large' },
  'body-timeout': { status: 408, title: 'The body did not arrive in time' },
  'empty-body': { status: 400, title: 'The request has no body' },
  'not-utf8': { status: 400, title: 'The body is not UTF-8' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  unauthorized: { status: 401, title: 'A publishing token is required' },
  forbidden: { status: 403, title: 'The credential does not cover this' },
  'invalid-parameter': { status: 400, title: 'A parameter of the URL is invalid' },
  'unsupported-file': { status: 415, title: 'The file is not a kind the importer reads' },
  'unreadable-file': { status: 422, title: 'The file could not be read' },
} as const;

/** The 422 of a report with problems, wherever it was found invalid. */
export function invalidReportResponse(c: Context, problems: Problem[], warnings: Problem[] = []): Response {
  const count = problemCount(problems);
  return problemResponse(c, {
    type: 'invalid-report',
    title: 'The report is invalid',
    status: 422,
    zh: `报告有 ${count} 个问题，每个问题都注明了 JSON 路径`,
    en: `${count} problem(s); each names its JSON path`,
    problems,
    warnings,
  });
}

/** Seconds a client should wait before retrying when the printer queue is full. */
export const RETRY_AFTER_SECONDS = 5;

/** Maps any thrown value to a problem response; `log` receives what the client must not see. */
export function errorToProblem(c: Context, error: unknown, log: (detail: Record<string, unknown>) => void): Response {
  // The client closed the connection first (its body broke off, or it stopped waiting for the
  // PDF): nothing failed here, and nobody reads this answer. The request line logs it as 499.
  if (c.req.raw.signal.aborted) {
    return problemResponse(c, { type: 'client-closed-request', title: 'The client closed the request', status: 499, zh: '客户端已断开连接', en: 'the client closed the connection' });
  }
  if (error instanceof ReportInvalid) return invalidReportResponse(c, error.problems);
  if (error instanceof RequestRefused) {
    const { type, zh, en, extra } = error;
    return problemResponse(c, { ...extra.fields, type, ...REFUSALS[type], zh, en, problems: extra.problems }, extra.headers);
  }
  if (error instanceof NotFound || error instanceof InvalidArchiveKey) {
    return problemResponse(c, { type: 'not-found', title: 'Not found', status: 404, zh: `没有找到：${error.message}`, en: error.message });
  }
  if (error instanceof PrinterBusy) {
    const headers = { 'retry-after': String(RETRY_AFTER_SECONDS) };
    if (error instanceof PrinterUnavailable) {
      log({ error: error.message, cause: String(error.cause ?? '') });
      return problemResponse(c, { type: 'printer-unavailable', title: 'No browser to print with', status: 503, zh: '暂时无法启动浏览器，请按 Retry-After 的时间稍后重试', en: `${error.message}; retry after the Retry-After delay` }, headers);
    }
    if (error instanceof PrinterClosed) {
      return problemResponse(c, { type: 'shutting-down', title: 'The server is shutting down', status: 503, zh: '服务器正在关闭，请稍后重试', en: 'retry after the Retry-After delay' }, headers);
    }
    return problemResponse(c, { type: 'busy', title: 'Too many documents in progress', status: 503, zh: '正在处理的文档过多，请按 Retry-After 的时间稍后重试', en: 'retry after the Retry-After delay' }, headers);
  }
  if (error instanceof PrintTimeout) {
    log({ error: error.message, step: error.step });
    return problemResponse(c, { type: 'timeout', title: 'The document took too long', status: 504, zh: `${error.step} 步骤超过 ${error.ms} 毫秒`, en: `the ${error.step} step exceeded ${error.ms} ms` });
  }
  if (error instanceof HTTPException) {
    const headers: Record<string, string> = {};
    error.res?.headers.forEach((value, key) => { if (key !== 'content-type' && key !== 'content-length') headers[key] = value; });
    return problemResponse(c, { type: 'http', title: 'Request failed', status: error.status, zh: '请求失败', en: error.message || 'request failed' }, headers);
  }
  if (error instanceof IdentityProviderUnavailable) {
    log({ error: error.message, cause: String(error.cause ?? '') });
    return problemResponse(c, { type: 'identity-provider-unavailable', title: 'The identity provider is unavailable', status: 503, zh: '暂时无法读取身份提供方的密钥（JWKS），请稍后重试', en: 'the identity provider’s keys (JWKS) cannot be read now; retry later' }, { 'retry-after': String(RETRY_AFTER_SECONDS * 6) });
  }
  if (error instanceof ArchiveUnavailable) {
    log({ error: error.message, cause: String((error as Error).cause ?? '') });
    return problemResponse(c, { type: 'storage-unavailable', title: 'The archive storage is unavailable', status: 503, zh: '未存储任何内容，请稍后重试', en: 'nothing was stored; retry later' }, { 'retry-after': String(RETRY_AFTER_SECONDS * 6) });
  }
  const kind = error instanceof PrintFailed ? 'print-failed' : error instanceof ArchiveCorrupt ? 'archive-corrupt' : 'internal';
  const cause = error instanceof Error && error.cause !== undefined ? String((error.cause as Error)?.stack ?? error.cause) : undefined;
  log({ error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined, cause, kind });
  return problemResponse(c, { type: kind, title: 'Internal error', status: 500, zh: '内部错误；请求编号对应日志中记录的原因', en: 'the request id identifies the logged cause' });
}
