/**
 * `npm run bench -- import`: the importer on the corpus of real published reports
 * (test/fixtures/real/<slug>/: source.txt, source.html, and PDF and Word files LibreOffice made
 * from the pages (source.pdf, source.docx, source-<page setup>.pdf), in; report.json the hand-checked answer). Per report and input, then per kind
 * of file: table cells right / cells total, paragraphs found / total, misses explained (by the
 * fixture's import-misses.json: why the source does not allow it) and unexplained, and reports per
 * second once the kind's library is loaded. Then the hostile files: peak memory and time of each,
 * in a child process of its own (bench/import-hostile.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../functions/import/adapters';
import { compareImport, corpusInputs, explainMisses, type MissExplanation } from '../test/helpers/import-compare';
import { benchHostileImports } from './import-hostile';

const CORPUS = 'test/fixtures/real';
const ROUNDS = 5;

interface Totals {
  cells: number;
  cellsRight: number;
  paragraphs: number;
  paragraphsFound: number;
  explained: number;
  unexplained: number;
  reports: number;
  ms: number;
}

export async function benchImport(): Promise<void> {
  const totals: Record<string, Totals> = {};
  let stale = 0;
  console.log('report                     input  cells right/total   paragraphs found/total   misses explained/unexplained');
  for (const slug of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, slug);
    const expected = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const explanations: Record<string, MissExplanation[]> = existsSync(join(dir, 'import-misses.json')) ? JSON.parse(readFileSync(join(dir, 'import-misses.json'), 'utf8')) : {};
    for (const input of corpusInputs(dir)) {
      const bytes = new Uint8Array(readFileSync(join(dir, input)));
      const kind = input.split('.').pop()!;
      // The first import of a kind loads its library (pdf.js takes seconds): not timed.
      let result = await importFile(bytes, input);
      const started = performance.now();
      for (let i = 0; i < ROUNDS; i++) result = await importFile(bytes, input);
      const ms = performance.now() - started;
      const score = compareImport(result.report, expected);
      const misses = explainMisses(score.misses, explanations[input] ?? []);
      const total = (totals[kind] ??= { cells: 0, cellsRight: 0, paragraphs: 0, paragraphsFound: 0, explained: 0, unexplained: 0, reports: 0, ms: 0 });
      total.cells += score.cells;
      total.cellsRight += score.cellsRight;
      total.paragraphs += score.paragraphs;
      total.paragraphsFound += score.paragraphsFound;
      total.explained += misses.explained.length;
      total.unexplained += misses.unexplained.length;
      total.reports += ROUNDS;
      total.ms += ms;
      console.log(
        `${slug.padEnd(26)} ${(input === `source.${kind}` ? kind : input.slice('source-'.length)).padEnd(5)}  ${`${score.cellsRight}/${score.cells}`.padStart(9)}  ${pct(score.cellsRight, score.cells)}   ${`${score.paragraphsFound}/${score.paragraphs}`.padStart(7)}  ${pct(score.paragraphsFound, score.paragraphs)}   ${String(misses.explained.length).padStart(3)} / ${misses.unexplained.length}`,
      );
      for (const miss of misses.unexplained) console.log(`    UNEXPLAINED ${miss}`);
      for (const explanation of misses.stale) console.log(`    STALE explanation (matches no miss): ${explanation.miss}`);
      stale += misses.stale.length;
      if (process.env.IMPORT_DETAIL) for (const { miss, reason } of misses.explained) console.log(`    ${miss}\n      ↳ ${reason}`);
    }
  }
  for (const [kind, t] of Object.entries(totals)) {
    console.log(
      `overall ${kind.padEnd(5)} ${t.cellsRight}/${t.cells} cells ${pct(t.cellsRight, t.cells)}, ${t.paragraphsFound}/${t.paragraphs} paragraphs ${pct(t.paragraphsFound, t.paragraphs)}, misses ${t.explained} explained, ${t.unexplained} unexplained; ${((t.reports * 1000) / t.ms).toFixed(1)} reports/s (${t.reports} imports)`,
    );
  }
  if (stale > 0) console.log(`${stale} stale explanations`);
  await benchHostileImports();
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`.padStart(7);
