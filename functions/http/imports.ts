/**
 * `POST /v1/imports`: a published report (PDF, Word, web page or text) as the body, with its
 * content type → the report JSON as read and the import summary. Rate limited like render: the
 * work is the same order. 415 for a kind of file it does not read, 413 past the body limit, 422
 * for a file that cannot be read (a scan without text, a damaged file).
 */
import type { Context, Hono } from 'hono';
import { fileKind, importFile, ImportInputError } from '../import/adapters';
import { operations } from './operations';
import { RequestRefused } from './problem';

type Middleware = (c: Context, next: () => Promise<void>) => Promise<Response | void>;

/** `checks`: the credential the checking routes take where each request is paid for (app.ts checksNeedToken). */
export function registerImportRoutes(app: Hono, checks: Middleware, rateLimited: Middleware): void {
  app.post('/v1/imports', operations.importReport, checks, rateLimited, async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!fileKind(type)) {
      const got = type ? `"${type}"` : 'no content type';
      throw new RequestRefused('unsupported-file', `请以 PDF、Word (.docx)、HTML 或纯文本的媒体类型发送文件（收到的是 ${got}）`, `send a PDF, .docx, HTML or plain-text file with its media type (got ${got})`);
    }
    // The size limit and the body's deadline are the app's, on every /v1 route (app.ts).
    if (!c.req.raw.body) throw new RequestRefused('empty-body', '请求没有正文', 'the request has no body');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    try {
      const result = await importFile(bytes, type);
      return c.json(result, 200);
    } catch (error) {
      if (error instanceof ImportInputError) throw new RequestRefused('unreadable-file', `无法读取文件：${error.zh}`, error.message);
      throw error;
    }
  });
}
