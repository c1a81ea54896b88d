/**
 * Reading a JSON request body: its arrival in time (408, `bodyDeadline`) and its size (413,
 * `limitBody`) first, on the routes, then content type and charset (415), then encoding and
 * syntax (400).
 * The report itself is validated later (422), so each failure has its own status (issue 5,
 * "Limits and errors"). JSON is UTF-8 (RFC 8259 §8.1): bytes that are not are refused rather than
 * replaced, which would archive text other than what was sent.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseJsonText } from '../report';
import { RequestRefused } from './problem';

export async function readJson(c: Context): Promise<unknown> {
  const [type = '', ...parameters] = (c.req.header('content-type') ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') {
    const got = type ? `"${type}"` : 'no content type';
    throw new RequestRefused('unsupported-media-type', `请以 application/json 发送报告（收到的是 ${got}）`, `send the report as application/json (got ${got})`);
  }
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RequestRefused('unsupported-media-type', `请以 UTF-8 编码发送（收到的是 charset=${charset}）`, `send the JSON in UTF-8 (got charset=${charset})`);
  }
  if (!c.req.raw.body) throw new RequestRefused('empty-body', '请求没有正文', 'the request has no body');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RequestRefused('not-utf8', '正文不是有效的 UTF-8 编码', 'the body is not valid UTF-8');
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new RequestRefused('malformed-json', parsed.problem.zh, parsed.problem.en, { problems: [parsed.problem] });
  return parsed.json;
}

/**
 * Bodies over `limitBytes` are refused with 413 (hono's body-limit: by Content-Length at once,
 * otherwise while streaming, so a chunked body cannot get past it).
 */
export function limitBody(limitBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: limitBytes,
    onError: () => {
      throw new RequestRefused('too-large', `正文超过 ${limitBytes} 字节的上限`, `the body exceeds the limit of ${limitBytes} bytes`);
    },
  });
}

/**
 * The body must have arrived `ms` after the request began, or the request is refused with 408: an
 * upload that stalls (a slow or hostile client) would otherwise hold its connection and the
 * megabytes read so far for as long as it likes. The body is passed on as a stream that fails at
 * the deadline, so whatever reads it (the size limit, the JSON reader) stops there.
 */
export function bodyDeadline(ms: number): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timed = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setTimeout(() => {
          controller.error(new RequestRefused('body-timeout', `正文未在 ${ms / 1000} 秒内传完`, `the body did not arrive within ${ms / 1000} s`));
          void reader.cancel().catch(() => {});
        }, ms);
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          clearTimeout(timer);
          controller.close();
        } catch (error) {
          clearTimeout(timer);
          controller.error(error);
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    c.req.raw = new Request(c.req.raw, { body: timed, duplex: 'half' } as RequestInit);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}
