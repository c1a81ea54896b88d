/**
 * The real printer (bundled Chromium and fonts, one document at a time) and a temp folder for the
 * PDFs a test file prints, both opened before its tests and closed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createChromiumPrinter, type ChromiumPrinter } from '../../functions/print/chromium';
import { createFontAssets } from '../../functions/fonts/node-assets';

export function usePdfPrinter(name: string): { printer: () => ChromiumPrinter; folder: string } {
  let printer: ChromiumPrinter | undefined;
  const folder = mkdtempSync(join(tmpdir(), `nianbao-${name}-`));
  beforeAll(() => {
    printer = createChromiumPrinter({ assets: createFontAssets(), concurrency: 1 });
  });
  afterAll(async () => {
    await printer?.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { printer: () => printer!, folder };
}
