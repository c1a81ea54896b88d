/** The example reports, read fresh for each caller so tests can mutate their copy. */
import { readFileSync } from 'node:fs';
import { acknowledgementFor, validateReport } from '../../functions/report';

export const EXAMPLES = {
  seed2020: 'examples/suqian-cdpf-2020.json',
  consistent2021: 'examples/jianghai-nrp-2021.json',
  violations2021: 'examples/invalid-arithmetic-2021.json',
} as const;

export function loadExample(name: keyof typeof EXAMPLES): any {
  return JSON.parse(readFileSync(new URL(`../../${EXAMPLES[name]}`, import.meta.url), 'utf8'));
}

/** In every bundled face but not in GB 2312, so not in the reduced faces (functions/fonts/reduced-faces.ts). */
export const RARE_CHARACTER = '镕';

/** Puts RARE_CHARACTER in a report's title and in a subheading of each level, so that every bundled face draws it. */
export function withRareCharacter(json: any): void {
  json.title[0] = `${RARE_CHARACTER}${json.title[0]}`;
  json.sections.overview.blocks.unshift(
    { type: 'subheading', text: `一、${RARE_CHARACTER}` },
    { type: 'subheading', text: `（一）${RARE_CHARACTER}` },
    { type: 'subheading', text: RARE_CHARACTER },
  );
}

/** The acknowledgements of every violation a report has now, of the given rules (all by default). */
export function acknowledgementsOf(raw: unknown, rules = ['R-1', 'R-2', 'R-3', 'R-4']) {
  return validateReport(raw)
    .errors.filter((e) => rules.includes(e.rule))
    .map((e) => ({ ...acknowledgementFor(e), reason: '按原发布版本存档' }));
}
