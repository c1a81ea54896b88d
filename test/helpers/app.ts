/**
 * The real HTTP app over real ports for tests: a filesystem archive in a fresh temp folder, the
 * bundled Chromium and fonts. Tests override what they exercise (a tiny body limit, a printer
 * with a one-document queue) and close what they started.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, DEFAULT_APP_CONFIG, type AppPorts } from '../../functions/app';
import { createFsArchive } from '../../functions/archive/fs';
import type { Clock } from '../../functions/clock';
import { createChromiumPrinter, type PrinterOptions } from '../../functions/print/chromium';
import { createFontAssets } from '../../functions/fonts/node-assets';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** One font source for the whole test process: loading the faces is the costly part. */
export const sharedFonts = createFontAssets();

export interface TestApp {
  app: ReturnType<typeof createApp>;
  ports: AppPorts;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestApp(
  overrides: Partial<Omit<AppPorts, 'config'>> & { config?: Partial<AppPorts['config']>; printerOptions?: Partial<PrinterOptions>; clock?: Clock } = {},
): Promise<TestApp> {
  const root = await mkdtemp(join(tmpdir(), 'nianbao-app-'));
  const logs: Record<string, unknown>[] = [];
  const printer = overrides.printer ?? createChromiumPrinter({ assets: sharedFonts, concurrency: 1, ...overrides.printerOptions, logger: { info: () => {}, warn: (event, fields) => logs.push({ event, ...fields }) } });
  const ports: AppPorts = {
    printer,
    fonts: sharedFonts,
    archive: overrides.archive ?? createFsArchive({ root }),
    clock: overrides.clock ?? { now: () => new Date('2026-01-20T08:00:00Z') },
    logger: { info: (fields) => logs.push(fields), error: (fields) => logs.push({ level: 'error', ...fields }) },
    config: { ...DEFAULT_APP_CONFIG, token: TEST_TOKEN, ...overrides.config },
    rateLimiter: overrides.rateLimiter,
    clientOf: overrides.clientOf,
    healthChecks: overrides.healthChecks,
  };
  return {
    app: createApp(ports),
    ports,
    logs,
    async close() {
      // A printer handed in belongs to the caller, who may share it between apps.
      if (!overrides.printer) await printer.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function jsonRequest(body: unknown, init: { token?: string; method?: string; headers?: Record<string, string> } = {}): RequestInit {
  return {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
