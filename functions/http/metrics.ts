/**
 * What an operator watches (GET /metrics, Prometheus text): documents printed and how long each
 * took, the printer's queue and its browser restarts, the archive's failures and the HTTP
 * answers by status. The printer and the archive are measured by wrapping the app's ports, so
 * every route that prints or stores is counted without knowing it. Counts are per process: on
 * Lambda and Workers each container or isolate keeps its own. Runtime-neutral.
 */
import type { Archive } from '../archive/archive';
import { ArchiveCorrupt, ArchiveUnavailable } from '../archive/errors';
import { PrinterBusy, PrintTimeout, type Printer } from '../print/printer';
import { Counter, exposition, Histogram, Sampled } from './prometheus';

/** Seconds: a one-page report prints in ~0.3 s, fifty pages in ~1 s, a full queue waits seconds more. */
const PRINT_SECONDS_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']);

export interface AppMetrics {
  /** The printer and the archive, counted as they are used. */
  measured<P extends { printer: Printer; archive: Archive }>(ports: P): P;
  /** One answered request: its method and its status (499 when the client went away). */
  answered(method: string, status: number): void;
  /** The Prometheus text of every metric. */
  expose(): string;
}

export function createMetrics(printer: Printer): AppMetrics {
  const printed = new Counter('nianbao_documents_printed_total', 'Documents asked of the printer, by outcome: printed, failed, timeout, refused (queue full or closed), abandoned (the client went away).');
  const printSeconds = new Histogram('nianbao_print_duration_seconds', 'Seconds from asking the printer to the PDF, the wait in its queue included, for printed documents.', PRINT_SECONDS_BUCKETS);
  const archiveErrors = new Counter('nianbao_archive_errors_total', 'Archive operations that failed, by operation and kind: unavailable (storage down, disk full or read-only) or corrupt.');
  const responses = new Counter('nianbao_http_responses_total', 'HTTP answers by method and status code; 499 is a client that closed the connection first.');
  const families = [
    printed,
    printSeconds,
    new Sampled('nianbao_print_queue_depth', 'Documents waiting for a browser.', 'gauge', () => printer.stats?.().queued),
    new Sampled('nianbao_documents_printing', 'Documents being printed now.', 'gauge', () => printer.stats?.().printing),
    new Sampled('nianbao_browser_restarts_total', 'Browsers started to replace one that crashed, hung or had served its number of documents.', 'counter', () => printer.stats?.().browserRestarts),
    archiveErrors,
    responses,
  ];

  const measuredPrinter: Printer = {
    ...printer,
    async print(doc, signal) {
      const started = performance.now();
      try {
        const pdf = await printer.print(doc, signal);
        printed.inc({ outcome: 'printed' });
        printSeconds.observe((performance.now() - started) / 1000);
        return pdf;
      } catch (error) {
        const outcome = signal?.aborted ? 'abandoned' : error instanceof PrinterBusy ? 'refused' : error instanceof PrintTimeout ? 'timeout' : 'failed';
        printed.inc({ outcome });
        throw error;
      }
    },
    close: () => printer.close(),
  };

  const measuredArchive = (archive: Archive): Archive => {
    const counted = <A extends unknown[], R>(operation: string, method: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      try {
        return await method.apply(archive, args);
      } catch (error) {
        if (error instanceof ArchiveUnavailable) archiveErrors.inc({ operation, kind: 'unavailable' });
        if (error instanceof ArchiveCorrupt) archiveErrors.inc({ operation, kind: 'corrupt' });
        throw error;
      }
    };
    const methods = Object.entries(archive).filter(([, value]) => typeof value === 'function') as [string, (...args: unknown[]) => Promise<unknown>][];
    return Object.fromEntries(methods.map(([operation, method]) => [operation, counted(operation, method)])) as unknown as Archive;
  };

  return {
    measured: (ports) => ({ ...ports, printer: measuredPrinter, archive: measuredArchive(ports.archive) }),
    answered: (method, status) => responses.inc({ method: METHODS.has(method) ? method : 'other', code: String(status) }),
    expose: () => exposition(families),
  };
}
