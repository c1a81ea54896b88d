/**
 * What a browser launched as the printer launches it (launchBrowser, chromium-args.ts) keeps in
 * memory after printing distinct reports with the printing steps (steps.ts), read from Chromium's
 * own memory-infra dump: no closed document's fonts in Blink's memory cache (the `no-store`
 * answers), and Oilpan, where Blink keeps DOM, styles and layout, collected early (V8's low first
 * limit) rather than left to grow for ~20 documents.
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_OPTIONS, launchBrowser } from '../../functions/print/chromium';
import { createFontAssets } from '../../functions/fonts/node-assets';
import { PRINT_STEPS, type PrintJob } from '../../functions/print/steps';
import type { SupervisedBrowser } from '../../functions/print/supervisor';
import { pdfMetaOf } from '../../functions/publish';
import { renderHtml } from '../../functions/render/html';
import { validateReport } from '../../functions/report';
import { generateReports } from '../helpers/generated-reports';

const DOCUMENTS = 15;
const MiB = 1 << 20;

/** Sizes in bytes of the dump's top-level allocators (`blink_gc`, `web_cache/Font_resources`, …). */
async function memoryDump(browser: Browser): Promise<Map<string, number>> {
  const session = await browser.target().createCDPSession();
  try {
    const complete = new Promise<{ stream?: string }>((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.start', {
      traceConfig: { includedCategories: ['disabled-by-default-memory-infra'] },
      transferMode: 'ReturnAsStream',
    });
    const { success } = await session.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
    expect(success).toBe(true);
    await session.send('Tracing.end');
    const { stream } = await complete;
    let text = '';
    for (let eof = false; !eof; ) {
      const chunk = await session.send('IO.read', { handle: stream! });
      text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
      eof = chunk.eof;
    }
    const parsed = JSON.parse(text);
    const sizes = new Map<string, number>();
    // A dump comes as several events (its browser and renderer parts) sharing one id: the last one's.
    const dumps = (parsed.traceEvents ?? parsed).filter((event: any) => event.ph === 'v');
    for (const event of dumps.filter((event: any) => event.id === dumps.at(-1)?.id)) {
      for (const [name, dump] of Object.entries<any>(event.args?.dumps?.allocators ?? {})) {
        if (name.split('/').length > 2 || !dump.attrs?.size) continue;
        sizes.set(name, (sizes.get(name) ?? 0) + parseInt(dump.attrs.size.value, 16));
      }
    }
    return sizes;
  } finally {
    await session.detach();
  }
}

describe(`a browser after ${DOCUMENTS} distinct reports`, () => {
  const logger = { info: () => {}, warn: () => {} };
  let launched: SupervisedBrowser<Browser>;
  let sizes: Map<string, number>;

  beforeAll(async () => {
    const assets = createFontAssets();
    launched = await launchBrowser({ ...DEFAULT_PRINTER_OPTIONS, logger });
    for (const json of generateReports(DOCUMENTS)) {
      const report = validateReport(json).report!;
      const doc = { html: renderHtml(report), meta: pdfMetaOf(report) };
      const job: PrintJob = { doc, assets: assets.forDocument(doc.html), browser: launched.browser, timeouts: DEFAULT_PRINTER_OPTIONS, logger };
      for (const step of PRINT_STEPS) await step(job);
      expect(job.printed!.pages).toBeGreaterThan(5);
    }
    sizes = await memoryDump(launched.browser);
  }, 60_000);

  afterAll(() => launched?.dispose());

  it('keeps none of their fonts in the memory cache', () => {
    expect(sizes.get('blink_gc')).toBeGreaterThan(5 * MiB); // the dump has Blink's allocators at all
    expect(sizes.get('web_cache/Font_resources') ?? 0).toBeLessThan(MiB / 2);
  });

  it('has collected their DOM and layout as it went', () => {
    // Left to V8's default first limit, Oilpan held 73 MB here (98 MB a few documents later); collected early, 40.
    expect(sizes.get('blink_gc')).toBeLessThan(60 * MiB);
  });
});
