/**
 * The files behind the API reference page at /docs (functions/http/openapi.ts): Swagger UI's
 * standalone bundle and stylesheet, its licence files, and a small start-up script. Government
 * intranets often reach no CDN, so the page loads all of it from this server (issue 5).
 *
 * Why Swagger UI, measured on 2025-11 releases: swagger-ui-dist@5.35.0 is 1.73 MB of JS
 * (458 KB gzip) plus 188 KB of CSS (27 KB gzip), about 485 KB gzip in all, one self-contained
 * file; @scalar/api-reference@1.76.0's standalone.js is 4.86 MB (1.40 MB gzip), and its ESM
 * build splits into 230 lazily loaded chunks. A Worker upload is capped at 3 MB compressed on
 * the free plan (10 MB paid), so Swagger UI fits with room for the rest of the app, and it gives
 * archivists and form-tool developers the "try it out" forms a static page could not.
 *
 * The bytes come from the generated _swagger-ui.ts (gzip + base64, because Workers have no
 * filesystem): 657 KB of source, 497 KB gzip in an upload. They are unpacked with the
 * Web-standard DecompressionStream once per file per process. The module is imported on the first
 * request for a file, so a server nobody asks for /docs never holds it (1.5 MiB on Node).
 */
import { NotFound } from '../errors';

export const DOCS_ASSETS_PATH = '/docs/assets';

/**
 * `validatorUrl: null` keeps Swagger UI from sending the document to validator.swagger.io,
 * which an intranet cannot reach and which should not see it anyway.
 */
const START_SCRIPT = `SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

const unpacked = new Map<string, Promise<ArrayBuffer>>();

function gunzipBase64(base64: string): Promise<ArrayBuffer> {
  const packed = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}

async function bytesOf(file: string, packed: Record<string, string>): Promise<ArrayBuffer | Uint8Array<ArrayBuffer> | undefined> {
  if (file === 'start.js') return new TextEncoder().encode(START_SCRIPT);
  const base64 = Object.hasOwn(packed, file) ? packed[file] : undefined;
  if (base64 === undefined) return undefined;
  let bytes = unpacked.get(file);
  if (!bytes) unpacked.set(file, (bytes = gunzipBase64(base64)));
  return bytes;
}

/** GET /docs/assets/:file — the file's bytes, or NotFound (a problem+json 404 at the edge). */
export async function docsAssetResponse(file: string): Promise<Response> {
  const { SWAGGER_UI_GZIP_BASE64, SWAGGER_UI_VERSION } = await import('./_swagger-ui');
  const bytes = await bytesOf(file, SWAGGER_UI_GZIP_BASE64);
  if (!bytes) throw new NotFound(`no documentation asset ${JSON.stringify(file.slice(0, 100))}`);
  const extension = file.slice(file.lastIndexOf('.') + 1);
  return new Response(bytes, {
    headers: {
      'content-type': CONTENT_TYPES[extension] ?? 'text/plain; charset=utf-8',
      // The URL does not name the version, so caches keep a file for a day, not forever.
      'cache-control': 'public, max-age=86400',
      etag: `"swagger-ui-${SWAGGER_UI_VERSION}-${file}"`,
      'x-content-type-options': 'nosniff',
    },
  });
}
