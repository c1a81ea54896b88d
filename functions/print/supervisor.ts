/**
 * Keeps one browser alive for the printer, as Gotenberg's supervisor does (pkg/gotenberg/
 * supervisor.go): launched lazily on first use (the caller's `launch` serialises launches: two at
 * once crash with ETXTBSY), retired after `recycleAfter` documents
 * (Gotenberg's chromium-restart-after, 100, against slow memory growth) or when it
 * disconnects or hangs. A retired browser takes no new documents and is closed once the ones it
 * holds are done, while new documents already go to its successor, so no queued work is lost. A
 * successor to a browser retired for its age is launched only once that browser has closed: the
 * two side by side held ~100–230 MiB more for a moment every hundred documents, above the
 * printer's memory goal. One that crashed or hangs is not waited for (its close may take seconds).
 * A failed launch is not cached: the next caller tries again. Closing waits for the documents in
 * flight, then for every browser to close. Runtime-neutral.
 */
import { PrinterClosed } from './printer';

/** What the supervisor needs from a launched browser; chromium.ts adapts puppeteer to it. */
export interface SupervisedBrowser<B> {
  browser: B;
  /** Registers the callback for an unexpected exit (crash, kill). */
  onExit(callback: () => void): void;
  /** Closes (or kills) the browser and removes its user-data folder. Never rejects. */
  dispose(): Promise<void>;
}

export interface Lease<B> {
  browser: B;
  /** Whether this browser exited while in use (a failure then is worth one retry elsewhere). */
  exited(): boolean;
  /** Hands the browser back; `broken` retires it (a timeout suggests it hangs). */
  release(broken?: boolean): void;
}

interface Generation<B> {
  launched: Promise<SupervisedBrowser<B>>;
  served: number;
  inFlight: number;
  ready: boolean;
  retired: boolean;
  /** Retired for having served recycleAfter documents, not for a fault. */
  aged: boolean;
  exited: boolean;
}

function releaseSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

export class Supervisor<B> {
  #current: Generation<B> | undefined;
  readonly #disposals = new Set<Promise<void>>();
  /** The closing of the last browser retired for its age: its successor launches after it. */
  #agedDisposal: Promise<void> = Promise.resolve();
  #closed = false;
  /** Leases not yet released, on any generation. */
  #leases = 0;
  /** Settles when the next lease is released (close waits on it). */
  #released: { promise: Promise<void>; resolve: () => void } | undefined;
  #launchedOnce = false;
  #restarts = 0;

  constructor(
    private readonly launch: () => Promise<SupervisedBrowser<B>>,
    private readonly recycleAfter: number,
  ) {}

  /** Browsers launched to replace one that had launched (crashed, hung or aged), for /metrics. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Starts a launch now if none is running or done, so a later `acquire` finds it ready. */
  async warm(): Promise<void> {
    if (this.#closed) throw new PrinterClosed();
    await this.#generation().launched;
  }

  async acquire(): Promise<Lease<B>> {
    if (this.#closed) throw new PrinterClosed();
    const generation = this.#generation();
    generation.served++;
    generation.inFlight++;
    this.#leases++;
    if (generation.served >= this.recycleAfter) {
      generation.aged = true;
      this.#retire(generation);
    }
    let launched: SupervisedBrowser<B>;
    try {
      launched = await generation.launched;
    } catch (error) {
      generation.inFlight--;
      this.#leaseEnded();
      throw error;
    }
    let released = false;
    return {
      browser: launched.browser,
      exited: () => generation.exited,
      release: (broken = false) => {
        if (released) return;
        released = true;
        generation.inFlight--;
        if (broken) {
          generation.aged = false; // a hung browser may take seconds to close: not waited for
          this.#retire(generation);
        }
        this.#disposeIfIdle(generation);
        this.#leaseEnded();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    if (current) {
      this.#retire(current);
      await current.launched.catch(() => {});
    }
    while (this.#leases > 0) await (this.#released ??= releaseSignal()).promise;
    while (this.#disposals.size > 0) await Promise.all(this.#disposals);
  }

  #leaseEnded(): void {
    this.#leases--;
    const released = this.#released;
    this.#released = undefined;
    released?.resolve();
  }

  #generation(): Generation<B> {
    if (this.#current && !this.#current.retired) return this.#current;
    const generation: Generation<B> = { launched: undefined!, served: 0, inFlight: 0, ready: false, retired: false, aged: false, exited: false };
    if (this.#launchedOnce) this.#restarts++;
    generation.launched = this.#agedDisposal.then(() => this.launch()).then(
      (supervised) => {
        this.#launchedOnce = true;
        generation.ready = true;
        supervised.onExit(() => {
          generation.exited = true;
          this.#retire(generation);
        });
        this.#disposeIfIdle(generation);
        return supervised;
      },
      (error: unknown) => {
        if (this.#current === generation) this.#current = undefined;
        throw error;
      },
    );
    generation.launched.catch(() => {});
    this.#current = generation;
    return generation;
  }

  #retire(generation: Generation<B>): void {
    generation.retired = true;
    if (this.#current === generation) this.#current = undefined;
    this.#disposeIfIdle(generation);
  }

  #disposeIfIdle(generation: Generation<B>): void {
    if (!generation.retired || generation.inFlight > 0 || !generation.ready) return;
    generation.ready = false;
    // dispose never rejects (SupervisedBrowser); the catch keeps a broken promise from stopping
    // every later launch behind #agedDisposal.
    const disposal = generation.launched.then((supervised) => supervised.dispose()).catch(() => {});
    if (generation.aged && !generation.exited) this.#agedDisposal = disposal;
    this.#disposals.add(disposal);
    void disposal.finally(() => this.#disposals.delete(disposal));
  }
}
