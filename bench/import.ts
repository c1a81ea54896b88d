/**
 * `npm run bench -- import`: the importer on the corpus of real published reports
 * (test/fixtures/real/<slug>/: source.txt or source.html in, report.json the hand-checked answer).
 * Per report and overall: table cells right / cells total, paragraphs found / total, and reports
 * per second for each kind of file, once its library is loaded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../functions/import/adapters';
import { compareImport } from '../test/helpers/import-compare';

const CORPUS = 'test/fixtures/real';
const ROUNDS = 5;

export async function benchImport(): Promise<void> {
  const slugs = readdirSync(CORPUS).sort();
  let cells = 0, cellsRight = 0, paragraphs = 0, paragraphsFound = 0, paragraphsJoined = 0;
  const speed: Record<string, { reports: number; ms: number }> = {};
  console.log('report                     input  cells right/total   paragraphs found/total (joined)  needs a person');
  for (const slug of slugs) {
    const dir = join(CORPUS, slug);
    const expected = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const inputs = ['source.txt', 'source.html', 'source.pdf', 'source.docx'].filter((f) => existsSync(join(dir, f)));
    for (const input of inputs) {
      const bytes = new Uint8Array(readFileSync(join(dir, input)));
      const kind = input.split('.').pop()!;
      // The first import of a kind loads its library (pdf.js takes seconds): not timed.
      let result = await importFile(bytes, input);
      const started = performance.now();
      for (let i = 0; i < ROUNDS; i++) result = await importFile(bytes, input);
      const ms = performance.now() - started;
      (speed[kind] ??= { reports: 0, ms: 0 }).reports += ROUNDS;
      speed[kind]!.ms += ms;
      const score = compareImport(result.report, expected);
      if (kind === 'txt' || kind === 'html') {
        cells += score.cells;
        cellsRight += score.cellsRight;
        paragraphs += score.paragraphs;
        paragraphsFound += score.paragraphsFound;
        paragraphsJoined += score.paragraphsJoined;
      }
      console.log(
        `${slug.padEnd(26)} ${kind.padEnd(5)}  ${`${score.cellsRight}/${score.cells}`.padStart(9)}  ${pct(score.cellsRight, score.cells)}   ${`${score.paragraphsFound}/${score.paragraphs}`.padStart(7)}  ${pct(score.paragraphsFound, score.paragraphs)} (${score.paragraphsJoined})   ${result.summary.needsPerson.length}`,
      );
      if (process.env.IMPORT_DETAIL) for (const miss of score.misses) console.log(`    ${miss}`);
    }
  }
  console.log(`overall (source.txt/.html)        ${cellsRight}/${cells} cells ${pct(cellsRight, cells)}, ${paragraphsFound}/${paragraphs} paragraphs ${pct(paragraphsFound, paragraphs)}; of the ${paragraphs - paragraphsFound} missed, ${paragraphsJoined} joined where the source prints no break`);
  for (const [kind, s] of Object.entries(speed)) console.log(`speed ${kind}: ${((s.reports * 1000) / s.ms).toFixed(1)} reports/s (${s.reports} imports)`);
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`.padStart(7);
