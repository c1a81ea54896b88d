/**
 * Which errors the batch tries again (batch/retry.ts): a full print queue and unavailable storage
 * pass by themselves; a closed printer (the run is stopping) and a failed document do not.
 */
import { describe, expect, it } from 'vitest';
import { ArchiveUnavailable } from '../../functions/archive/errors';
import { withRetry } from '../../functions/batch/retry';
import { PrinterBusy, PrinterClosed, PrinterUnavailable, PrintFailed } from '../../functions/print/printer';

const policy = { attempts: 3, firstDelayMs: 1 };

async function triesUntilGivenUp(error: Error): Promise<number> {
  let tries = 0;
  const result = await withRetry(async () => {
    tries++;
    throw error;
  }, policy);
  expect(result).toMatchObject({ ok: false, error, attempts: tries });
  return tries;
}

describe('withRetry', () => {
  it('tries a full print queue, a browser that did not start and unavailable storage again, up to its attempts', async () => {
    expect(await triesUntilGivenUp(new PrinterBusy('2 documents printing and 1 queued'))).toBe(3);
    expect(await triesUntilGivenUp(new ArchiveUnavailable('HTTP 503'))).toBe(3);
    expect(await triesUntilGivenUp(new PrinterUnavailable('the browser did not start'))).toBe(3);
  });

  it('gives up at once on a closed printer and on a document that failed', async () => {
    expect(await triesUntilGivenUp(new PrinterClosed())).toBe(1);
    expect(await triesUntilGivenUp(new PrintFailed('the browser could not print the document'))).toBe(1);
  });

  it('returns the value once a try succeeds', async () => {
    let tries = 0;
    const result = await withRetry(async () => {
      if (++tries < 2) throw new PrinterBusy('busy');
      return 'printed';
    }, policy);
    expect(result).toEqual({ ok: true, value: 'printed', attempts: 2 });
  });
});
