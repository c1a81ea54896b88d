/**
 * Faults around real adapters, for the batch tests: a real Chromium printer that refuses one
 * agency's report, and a real archive whose writes fail, the first few or every one under a
 * prefix, with the archive's own ArchiveUnavailable, as an unreachable bucket would.
 */
import type { Archive } from '../../functions/archive/archive';
import { ArchiveUnavailable } from '../../functions/archive/errors';
import { PrintFailed, type Printer } from '../../functions/print/printer';

/** Prints with `printer`, except the report of `agencyName`, which fails as a browser crash would. */
export function printerFailingFor(printer: Printer, agencyName: string): Printer {
  return {
    print: (doc, signal) => (doc.meta.author === agencyName ? Promise.reject(new PrintFailed(`the browser crashed printing ${agencyName}`)) : printer.print(doc, signal)),
    close: () => printer.close(),
  };
}

export interface WriteFaults {
  /** Only writes of keys starting with this fail. */
  prefix: string;
  /** How many matching writes fail before the rest pass; Infinity for a permanent outage. */
  failures: number;
}

export function archiveFailingWrites(archive: Archive, faults: WriteFaults): Archive & { failed: number } {
  let failed = 0;
  return {
    get failed() {
      return failed;
    },
    putIfAbsent(key, body, options) {
      if (key.startsWith(faults.prefix) && failed < faults.failures) {
        failed++;
        return Promise.reject(new ArchiveUnavailable(`storage unavailable writing ${key} (injected)`));
      }
      return archive.putIfAbsent(key, body, options);
    },
    get: (key) => archive.get(key),
    head: (key) => archive.head(key),
    list: (prefix, options) => archive.list(prefix, options),
    readDocument: (key, known) => archive.readDocument(key, known),
    replaceDocument: (key, body, expected, options) => archive.replaceDocument(key, body, expected, options),
  };
}
