/**
 * Issue 20, "every miss explained": each real report's text or web page (and the PDF and Word files
 * LibreOffice made from two of the pages) imported and compared with its hand-checked report.json; every cell or paragraph the importer misses must be explained by
 * the fixture's import-misses.json (why the source does not allow it), and every explanation must
 * still match a miss (one the importer now finds is removed, not kept).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../functions/import/adapters';
import { compareImport, corpusInputs, explainMisses } from '../../helpers/import-compare';

const CORPUS = 'test/fixtures/real';

describe('the real corpus (text, web pages, and PDF and Word files made from them)', () => {
  for (const slug of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, slug);
    for (const input of corpusInputs(dir)) {
      it(`${slug}/${input}: every miss explained, no explanation stale`, async () => {
        const { report } = await importFile(new Uint8Array(readFileSync(join(dir, input))), input);
        const score = compareImport(report, JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
        const explanations = existsSync(join(dir, 'import-misses.json')) ? JSON.parse(readFileSync(join(dir, 'import-misses.json'), 'utf8'))[input] ?? [] : [];
        const { unexplained, stale } = explainMisses(score.misses, explanations);
        expect(unexplained).toEqual([]);
        expect(stale).toEqual([]);
      }, 30_000);
    }
  }
});
