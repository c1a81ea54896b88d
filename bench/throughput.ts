/**
 * Documents per second with a number of documents in flight: each in-flight loop takes the next
 * document as soon as its own is printed. One round is printed first, so that every slot's browser
 * is up before the clock starts; `atStart` runs just before it does (the thread benchmark reads
 * its CPU counters there).
 */
import type { PrintDocument, Printer } from '../functions/print/printer';

export async function throughput(printer: Printer, doc: PrintDocument, inFlight: number, total: number, atStart: () => void = () => {}): Promise<number> {
  await Promise.all(Array.from({ length: inFlight }, () => printer.print(doc)));
  atStart();
  let started = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started++ < total) await printer.print(doc);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}
