/**
 * What `check` says of one published report: the importer's reading of it (functions/import)
 * checked as any report is (validateReport: R-1…R-4, blanks, labels, rule P). A supervisor reads
 * the verdict first: `invalid` when a rule fails as the report was read, `incomplete` when the
 * import left something for a person (the verdict may then be the importer's, not the report's),
 * `unreadable` when the file could not be read at all, else `valid`. Pure.
 */
import type { ImportResult } from '../import';
import { validateReport, type Problem } from '../report';

export type Verdict = 'valid' | 'invalid' | 'incomplete' | 'unreadable';

export interface CheckOutcome {
  file: string;
  verdict: Verdict;
  year?: number;
  agency?: string;
  formatVersion?: string;
  errors: Problem[];
  warnings: Problem[];
  /** Cells the import read, of those the format has. */
  cells?: { read: number; expected: number };
  needsPerson: string[];
  unplaced: string[];
  /** Why an unreadable file could not be read. */
  reason?: { zh: string; en: string };
}

export function checkImported(file: string, imported: ImportResult): CheckOutcome {
  const validation = validateReport(imported.report);
  const { summary } = imported;
  const report = validation.report ?? (imported.report as { year?: number; agency?: { name?: string }; formatVersion?: string });
  const verdict: Verdict = !validation.ok ? 'invalid' : imported.complete ? 'valid' : 'incomplete';
  return {
    file,
    verdict,
    year: report.year,
    agency: report.agency?.name,
    formatVersion: report.formatVersion,
    errors: validation.errors,
    warnings: validation.warnings,
    cells: { read: summary.cellsRead, expected: summary.cellsExpected },
    needsPerson: summary.needsPerson,
    unplaced: summary.unplaced,
  };
}

export function unreadable(file: string, reason: { zh: string; en: string }): CheckOutcome {
  return { file, verdict: 'unreadable', errors: [], warnings: [], needsPerson: [], unplaced: [], reason };
}

/** Warnings counted by rule, e.g. "P 2, blank 17". */
export function warningCounts(warnings: Problem[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.rule, (counts.get(w.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ${n}`).join(', ');
}

/** A problem in a few words: its rule, its cell, and the figures it compares. */
export function shortProblem(p: Problem): string {
  const figures = p.expected !== undefined || p.found !== undefined ? ` (${String(p.expected ?? '')} ≠ ${String(p.found ?? '')})` : '';
  return `[${p.rule}] ${p.path}${figures}`;
}
