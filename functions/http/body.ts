/**
 * Reading a JSON request body: content type first (415), then size (413, enforced while
 * streaming so a lying Content-Length cannot get past it), then syntax (400). The report itself
 * is validated later (422), so each failure has its own status (issue 5, "Limits and errors").
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

export async function readJson(c: Context, limitBytes: number): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HTTPException(415, { message: `send the report as application/json (got ${type ? `"${type}"` : 'no content type'})` });
  }
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const body = c.req.raw.body;
  if (!body) throw new HTTPException(400, { message: 'the request has no body' });

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
  const text = new TextDecoder('utf-8', { fatal: false }).decode(concat(chunks, size));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HTTPException(400, { message: `malformed JSON: ${(error as Error).message}` });
  }
}

function tooLarge(limitBytes: number): HTTPException {
  return new HTTPException(413, { message: `the body exceeds the limit of ${limitBytes} bytes` });
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
