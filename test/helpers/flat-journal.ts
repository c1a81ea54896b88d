/**
 * The catalog's journal as releases before its buckets wrote it (keys.ts `journalStartAfter`):
 * every line straight under its journal's prefix. For the tests and the benchmark of archives that
 * hold such lines.
 */
import type { Archive } from '../../functions/archive/archive';

const BUCKETED_LINE = /^(catalog\/journal\/[^/]+\/)\d{5}\//;

/** A journal key in the flat layout: `catalog/journal/{journal}/{line}`; any other key as it is. */
export function flatJournalKey(key: string): string {
  return key.replace(BUCKETED_LINE, '$1');
}

/** The archive as an older release's publisher writes to it: its journal lines flat. */
export function writingFlatJournal(archive: Archive): Archive {
  return { ...archive, putIfAbsent: (key, body, options) => archive.putIfAbsent(flatJournalKey(key), body, options) };
}
