/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): a request that arrives with a valid
 * `traceparent` joins the caller's trace, so its log lines carry the caller's trace id; one
 * without (or with a malformed one, which the spec says to ignore) starts a trace of its own. The
 * request is a span of its own with a new id. Nothing downstream takes a trace header (storage,
 * the browser), so the context goes to the log only. Runtime-neutral.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bytesToHex } from '../bytes';

export interface TraceContext {
  traceId: string;
  /** This request's span. */
  spanId: string;
  /** The caller's span, when it sent one. */
  parentId?: string;
  /** The caller's trace-flags (01 = sampled), passed on unchanged. */
  flags: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    trace: TraceContext;
  }
}

// version 00: 2 hex, 32 hex trace id, 16 hex parent id, 2 hex flags; an all-zero id is invalid.
// A later version may append fields after a "-", which a version-00 reader ignores (spec §4.3).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

const randomHex = (bytes: number) => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)));

function parseTraceparent(header: string | undefined): Omit<TraceContext, 'spanId'> | undefined {
  const match = TRACEPARENT.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, flags };
}

export function traceContext(): MiddlewareHandler {
  return async (c, next) => {
    const caller = parseTraceparent(c.req.header('traceparent'));
    c.set('trace', { traceId: caller?.traceId ?? randomHex(16), parentId: caller?.parentId, flags: caller?.flags ?? '00', spanId: randomHex(8) });
    await next();
  };
}

/** What every log line about a request carries: its id and its place in a trace. */
export function requestLogFields(c: Context): Record<string, string | undefined> {
  const trace = c.get('trace') as TraceContext | undefined;
  return { requestId: c.get('requestId'), traceId: trace?.traceId, spanId: trace?.spanId, parentSpanId: trace?.parentId };
}
