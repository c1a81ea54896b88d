/**
 * The Hono app over a given archive, for tests of its reading side (the archive page, the route
 * table, downloads): nothing is printed, so the printer refuses and fonts are empty, and a test
 * that reached them by mistake fails loudly instead of starting Chromium.
 */
import type { Hono } from 'hono';
import { createApp, DEFAULT_APP_CONFIG } from '../../functions/app';
import type { Archive } from '../../functions/archive/archive';
import { systemClock } from '../../functions/clock';
import { PrintFailed } from '../../functions/print/printer';

export function createArchiveApp(archive: Archive): Hono {
  return createApp({
    printer: { print: () => Promise.reject(new PrintFailed('this test app does not print')), close: () => Promise.resolve() },
    fonts: { forDocument: () => () => Promise.resolve(undefined) },
    archive,
    clock: systemClock,
    logger: { info: () => {}, error: () => {} },
    config: DEFAULT_APP_CONFIG,
  });
}
