/** The printer a batch asks for (commands/batch.ts): a browser per report in flight, no more than cores, pinned when several. */
import { describe, expect, it } from 'vitest';
import { batchPrinterOptions } from '../../../functions/commands/batch';

describe('batchPrinterOptions', () => {
  it('gives a browser to each report in flight up to the cores, queues the rest, and pins browsers only when there are several', () => {
    expect(batchPrinterOptions(1, 2)).toEqual({ concurrency: 1, maxQueued: 1, pinBrowsers: false });
    expect(batchPrinterOptions(2, 2)).toEqual({ concurrency: 2, maxQueued: 2, pinBrowsers: true });
    expect(batchPrinterOptions(4, 2)).toEqual({ concurrency: 2, maxQueued: 4, pinBrowsers: true });
    expect(batchPrinterOptions(4, 1)).toEqual({ concurrency: 1, maxQueued: 4, pinBrowsers: false });
  });
});
