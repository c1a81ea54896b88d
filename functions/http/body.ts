/**
 * Reading a JSON request body: content type and charset first (415), then size (413, enforced
 * while streaming so a lying Content-Length cannot get past it), then encoding and syntax (400).
 * The report itself is validated later (422), so each failure has its own status (issue 5,
 * "Limits and errors"). JSON is UTF-8 (RFC 8259 §8.1): bytes that are not are refused rather than
 * replaced, which would archive text other than what was sent.
 */
import type { Context } from 'hono';
import { parseJsonText } from '../report';
import { RequestRefused } from './problem';

export async function readJson(c: Context, limitBytes: number): Promise<unknown> {
  const [type = '', ...parameters] = (c.req.header('content-type') ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') {
    const got = type ? `"${type}"` : 'no content type';
    throw new RequestRefused('unsupported-media-type', `请以 application/json 发送报告（收到的是 ${got}）`, `send the report as application/json (got ${got})`);
  }
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RequestRefused('unsupported-media-type', `请以 UTF-8 编码发送（收到的是 charset=${charset}）`, `send the JSON in UTF-8 (got charset=${charset})`);
  }
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const body = c.req.raw.body;
  if (!body) throw new RequestRefused('empty-body', '请求没有正文', 'the request has no body');

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(concat(chunks, size));
  } catch {
    throw new RequestRefused('not-utf8', '正文不是有效的 UTF-8 编码', 'the body is not valid UTF-8');
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new RequestRefused('malformed-json', parsed.problem.zh, parsed.problem.en, { problems: [parsed.problem] });
  return parsed.json;
}

function tooLarge(limitBytes: number): RequestRefused {
  return new RequestRefused('too-large', `正文超过 ${limitBytes} 字节的上限`, `the body exceeds the limit of ${limitBytes} bytes`);
}
function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
