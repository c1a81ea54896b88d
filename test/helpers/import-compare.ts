/**
 * How close an imported report is to the expected one: every table cell compared by its path,
 * every block (paragraph, sub-heading) of the introduction and sections looked for in the same
 * section, in order. Used by the accuracy bench and the round-trip tests.
 */
import { readdirSync } from 'node:fs';

const SECTIONS = ['overview', 'proactive', 'requests', 'reviews', 'problems', 'other'];
const TABLES = ['proactive', 'requests', 'reviews'];

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !('value' in value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, `${path}.${key}`, out);
  } else out.set(path, value !== null && typeof value === 'object' ? (value as { value: unknown }).value : value);
}

const blockKey = (block: any) => JSON.stringify([block.type, block.heading ?? null, block.text ?? null]);

export interface ImportScore {
  cells: number;
  cellsRight: number;
  paragraphs: number;
  paragraphsFound: number;
  misses: string[];
  /** Paragraphs missed because the import joined them with text around them: the source printed no break there. */
  paragraphsJoined: number;
}

export function compareImport(actual: any, expected: any): ImportScore {
  const score: ImportScore = { cells: 0, cellsRight: 0, paragraphs: 0, paragraphsFound: 0, misses: [], paragraphsJoined: 0 };
  for (const table of TABLES) {
    const want = new Map<string, unknown>();
    const got = new Map<string, unknown>();
    leaves(expected.sections[table].table, table, want);
    leaves(actual?.sections?.[table]?.table ?? {}, table, got);
    for (const [path, value] of want) {
      score.cells++;
      if (got.get(path) === value) score.cellsRight++;
      else score.misses.push(`cell ${path}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got.get(path))}`);
    }
  }
  const blocksOf = (report: any, part: string) => (part === 'introduction' ? report?.introduction : report?.sections?.[part]?.blocks) ?? [];
  for (const part of ['introduction', ...SECTIONS]) {
    const got = blocksOf(actual, part).map(blockKey);
    const texts = blocksOf(actual, part).map((b: any) => `${b.heading ?? ''}${b.text ?? ''}`);
    for (const block of blocksOf(expected, part)) {
      if (block.type === 'image') continue;
      score.paragraphs++;
      const at = got.indexOf(blockKey(block));
      if (at >= 0) {
        score.paragraphsFound++;
        got.splice(at, 1);
      } else {
        const whole = `${block.heading ?? ''}${block.text ?? ''}`;
        const joined = texts.some((text: string) => text !== whole && text.includes(whole));
        if (joined) score.paragraphsJoined++;
        score.misses.push(`${part} ${block.type} missing${joined ? ' (joined: no break in the source)' : ''}: ${JSON.stringify(block.heading ?? '')} ${(block.text ?? '').slice(0, 60)}`);
      }
    }
    for (const extra of got) score.misses.push(`${part} extra: ${extra.slice(0, 100)}`);
  }
  return score;
}

/** Why a miss is not the importer's to find: a part of its line (cell path, quoted text) and a reason. */
export interface MissExplanation {
  miss: string;
  reason: string;
}

/**
 * Misses matched with the explanations kept beside a fixture (import-misses.json, by input file):
 * each miss with the first explanation whose `miss` its line contains; explanations that match no
 * miss are stale (the importer now finds what they explained, or the text moved).
 */
export function explainMisses(misses: string[], explanations: MissExplanation[]): { explained: { miss: string; reason: string }[]; unexplained: string[]; stale: MissExplanation[] } {
  const used = new Set<MissExplanation>();
  const explained: { miss: string; reason: string }[] = [];
  const unexplained: string[] = [];
  for (const miss of misses) {
    const explanation = explanations.find((e) => miss.includes(e.miss));
    if (explanation) {
      used.add(explanation);
      explained.push({ miss, reason: explanation.reason });
    } else unexplained.push(miss);
  }
  return { explained, unexplained, stale: explanations.filter((e) => !used.has(e)) };
}

/** A fixture's inputs, text and pages first: source.txt/.html, and the files made from them (source.pdf, source.docx, source-<page setup>.pdf). */
const INPUT = /^source(?:-[a-z0-9-]+)?\.(?:txt|html|pdf|docx)$/;
const KINDS = ['txt', 'html', 'pdf', 'docx'];
export function corpusInputs(dir: string): string[] {
  const kind = (file: string) => KINDS.indexOf(file.split('.').pop()!);
  return readdirSync(dir)
    .filter((file) => INPUT.test(file))
    .sort((a, b) => kind(a) - kind(b) || a.localeCompare(b));
}
