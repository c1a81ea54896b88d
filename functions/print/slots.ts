/**
 * A bounded number of tasks at once with a bounded queue behind them: the printer's back-pressure.
 * When the queue is full a new task is refused at once with PrinterBusy (HTTP 503 at the edge)
 * rather than piling up until the machine falls over (Gotenberg and
 * Browserless bound both). Each running task holds a numbered slot (0 … limit-1), so the
 * printer can keep one browser per slot. A caller's AbortSignal takes its task out of the queue.
 * Runtime-neutral.
 */
import { abortError, PrinterBusy } from './printer';

interface Waiter {
  start(slot: number): void;
}

export class Slots {
  readonly #free: number[];
  readonly #queue: Waiter[] = [];

  constructor(readonly limit: number, readonly maxQueued: number) {
    this.#free = Array.from({ length: limit }, (_, slot) => limit - 1 - slot);
  }

  get running(): number {
    return this.limit - this.#free.length;
  }

  get queued(): number {
    return this.#queue.length;
  }

  async run<T>(task: (slot: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    const slot = this.#free.pop() ?? (await this.#wait(signal));
    try {
      return await task(slot);
    } finally {
      const next = this.#queue.shift();
      if (next) next.start(slot);
      else this.#free.push(slot);
    }
  }

  /** Resolves with the slot a finishing task hands over. */
  #wait(signal?: AbortSignal): Promise<number> {
    if (this.#queue.length >= this.maxQueued) {
      throw new PrinterBusy(`${this.running} documents printing and ${this.#queue.length} queued`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      const onAbort = () => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }
}
