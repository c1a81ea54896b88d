/** The example reports, read fresh for each caller so tests can mutate their copy. */
import { readFileSync } from 'node:fs';

export const EXAMPLES = {
  seed2020: 'examples/suqian-cdpf-2020.json',
  consistent2021: 'examples/jianghai-nrp-2021.json',
  violations2021: 'examples/invalid-arithmetic-2021.json',
} as const;

export function loadExample(name: keyof typeof EXAMPLES): any {
  return JSON.parse(readFileSync(new URL(`../../${EXAMPLES[name]}`, import.meta.url), 'utf8'));
}
