/**
 * `npm run bench -- prose`: the prose-against-tables check (functions/report/prose.ts) on real
 * published reports, against the disagreements found in them by hand. Each report is a folder of
 * test/fixtures/real/ with report.json, prose.json (the labelled disagreements:
 * [{sentence, quoted, cell, value, note}]) and SOURCE.md. Prints, per report and overall, the
 * labelled disagreements flagged (recall), the warnings that are right (precision), the false
 * warnings per 10 reports, and the warnings on the examples (none expected for the two consistent ones).
 *
 * A report the schema refuses is listed, not checked. NIANBAO_PROSE_CORPUS names another folder of
 * the same layout, e.g. a held-out set gathered after the check was written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProse } from '../functions/report/prose';
import type { Problem } from '../functions/report/problems';
import { parseReport } from '../functions/report/schema';

const CORPUS = process.env.NIANBAO_PROSE_CORPUS ?? 'test/fixtures/real';
const CLEAN_EXAMPLES = ['examples/suqian-cdpf-2020.json', 'examples/jianghai-nrp-2021.json'];

interface Label {
  sentence: string;
  quoted: string;
  cell: string;
  value: number | string | null;
  note?: string;
}

const squeeze = (text: string) => text.replace(/\s+/g, '');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** A label and a warning are one disagreement when they quote the same number (or words) from the same sentence. */
function sameDisagreement(label: Label, warning: Problem): boolean {
  const said = squeeze(warning.sentence?.text ?? '');
  const labelled = squeeze(label.sentence);
  if (!said || !(said.includes(labelled) || labelled.includes(said))) return false;
  const quoted = squeeze(String(label.quoted)).replace(/%$/, '');
  const found = squeeze(String(warning.found)).replace(/%$/, '');
  // A statement's words ("未收到") are labelled as briefly as the reader quoted them.
  const words = Number.isNaN(Number(quoted)) && (found.includes(quoted) || quoted.includes(found));
  return quoted === found || Number(quoted) === Number(found) || words;
}

/** Each label takes one warning, the one naming its cell if there is one. */
function match(labels: Label[], warnings: Problem[]) {
  const unused = new Set(warnings);
  const missed: Label[] = [];
  for (const label of labels) {
    const candidates = [...unused].filter((w) => sameDisagreement(label, w));
    const chosen = candidates.find((w) => w.path === label.cell || w.paths?.includes(label.cell)) ?? candidates[0];
    if (chosen) unused.delete(chosen);
    else missed.push(label);
  }
  return { flagged: labels.length - missed.length, missed, falseWarnings: [...unused] };
}

const short = (text: string, length = 70) => (text.length > length ? `${text.slice(0, length)}…` : text);

export async function benchProse(): Promise<void> {
  const slugs = existsSync(CORPUS)
    ? readdirSync(CORPUS, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(CORPUS, entry.name, 'report.json')) && existsSync(join(CORPUS, entry.name, 'prose.json')))
        .map((entry) => entry.name)
        .sort()
    : [];
  console.log(`\nprose: the narrative against the tables, ${slugs.length} real reports in ${CORPUS}`);
  console.log(`  ${'report'.padEnd(28)} labelled  flagged  warnings  right  false`);
  let labelled = 0;
  let flagged = 0;
  let warned = 0;
  let falseCount = 0;
  const unparsed: string[] = [];
  const details: string[] = [];
  for (const slug of slugs) {
    const parsed = parseReport(readJson(join(CORPUS, slug, 'report.json')));
    if (!parsed.ok) {
      unparsed.push(`  not checked ${slug}: ${parsed.problems[0]!.path}: ${parsed.problems[0]!.en}`);
      continue;
    }
    const { report } = parsed;
    const labels = readJson(join(CORPUS, slug, 'prose.json')) as Label[];
    const warnings = checkProse(report);
    const result = match(labels, warnings);
    labelled += labels.length;
    flagged += result.flagged;
    warned += warnings.length;
    falseCount += result.falseWarnings.length;
    const right = warnings.length - result.falseWarnings.length;
    console.log(
      `  ${slug.padEnd(28)} ${String(labels.length).padStart(8)} ${String(result.flagged).padStart(8)} ${String(warnings.length).padStart(9)} ${String(right).padStart(6)} ${String(result.falseWarnings.length).padStart(6)}`,
    );
    for (const label of result.missed) details.push(`  missed  ${slug}: "${label.quoted}" (${label.cell} = ${label.value}) in 「${short(label.sentence)}」`);
    for (const w of result.falseWarnings) details.push(`  false   ${slug}: "${w.found}" vs ${w.path} = ${w.expected} in 「${short(w.sentence?.text ?? '')}」`);
  }
  const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(1)}%`);
  const right = warned - falseCount;
  console.log(`  ${'all'.padEnd(28)} ${String(labelled).padStart(8)} ${String(flagged).padStart(8)} ${String(warned).padStart(9)} ${String(right).padStart(6)} ${String(falseCount).padStart(6)}`);
  console.log(`  recall ${percent(flagged, labelled)} (${flagged}/${labelled}), precision ${percent(right, warned)} (${right}/${warned}), false warnings per 10 reports ${slugs.length === 0 ? 'n/a' : ((falseCount / slugs.length) * 10).toFixed(2)} (goal: recall 100%, at most 1)`);
  for (const line of details) console.log(line);
  for (const line of unparsed) console.log(line);

  console.log('  examples:');
  for (const path of CLEAN_EXAMPLES) {
    const parsed = parseReport(readJson(path));
    if (!parsed.ok) throw new Error(`${path} does not parse: ${parsed.problems[0]!.path}: ${parsed.problems[0]!.en}`);
    const warnings = checkProse(parsed.report);
    console.log(`    ${path}: ${warnings.length} warning(s)${warnings.length === 0 ? '' : ' (expected none)'}`);
    for (const w of warnings) console.log(`      ${w.path}: ${w.en}`);
    if (warnings.length > 0) process.exitCode = 1;
  }
}
