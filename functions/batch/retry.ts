/**
 * Retrying the errors that pass by themselves: storage that is briefly unavailable (after the
 * adapter's own retries, e.g. S3 throttling for longer than the SDK waits) and a printer whose
 * queue is full. Anything else (a report the printer cannot print, a corrupt archive) fails the
 * same way every time, so it is reported at once. The wait doubles per try, with jitter, so many
 * workers hitting the same throttled bucket do not retry in step.
 */
import { ArchiveUnavailable } from '../archive/errors';
import { PrinterBusy, PrinterClosed } from '../print/printer';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; each later wait doubles. */
  firstDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 1000 };

/** A closed printer stays closed: the run is stopping, and a later run publishes what is left. */
export function isTransient(error: unknown): boolean {
  return error instanceof ArchiveUnavailable || (error instanceof PrinterBusy && !(error instanceof PrinterClosed));
}

export type Tried<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

/** Runs `work` until it succeeds, fails for good, or the tries run out; never throws. */
export async function withRetry<T>(work: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<Tried<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await work(), attempts: attempt };
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.attempts || signal?.aborted) return { ok: false, error, attempts: attempt };
      const delay = policy.firstDelayMs * 2 ** (attempt - 1);
      await sleep(delay / 2 + Math.random() * delay / 2, signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
