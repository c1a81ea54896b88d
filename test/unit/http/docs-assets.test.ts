/**
 * The API reference page's files (functions/http/docs-assets.ts): the generated module matches
 * the installed swagger-ui-dist, each file is served byte for byte with its type, the start
 * script keeps Swagger UI off the network, and anything else is NotFound.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFound } from '../../../functions/errors';
import { docsAssetResponse } from '../../../functions/http/docs-assets';
import { generate, GENERATED_FILE, SWAGGER_UI_FILES, swaggerUiDir } from '../../../scripts/gen-swagger-ui';

describe('the generated module', () => {
  it('is what the generator makes from the installed swagger-ui-dist (else run scripts/gen-swagger-ui.ts)', async () => {
    expect(await readFile(GENERATED_FILE, 'utf8')).toBe(await generate());
  });
});

describe('serving', () => {
  it.each(SWAGGER_UI_FILES)('serves %s byte for byte', async (file) => {
    const response = await docsAssetResponse(file);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(await readFile(join(swaggerUiDir(), file))));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names the type of scripts and stylesheets', async () => {
    expect((await docsAssetResponse('swagger-ui-bundle.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await docsAssetResponse('swagger-ui.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await docsAssetResponse('LICENSE')).headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('starts Swagger UI on this server’s document with the online validator off', async () => {
    const script = await (await docsAssetResponse('start.js')).text();
    expect(script).toContain("url: '/openapi.json'");
    expect(script).toContain('validatorUrl: null');
  });

  it.each(['index.html', 'swagger-ui-bundle.js.map', '__proto__', 'constructor', '../package.json', ''])('answers NotFound for %j', async (file) => {
    await expect(docsAssetResponse(file)).rejects.toThrow(NotFound);
  });
});
