/**
 * The time, as a port (docs/design.md "Ports and adapters"): core code asks a `Clock` passed in
 * and never reads the global `Date`, so tests fix the time and records are reproducible.
 */
export interface Clock {
  now(): Date;
}

/** The real time; built in entry files only. */
export const systemClock: Clock = { now: () => new Date() };
