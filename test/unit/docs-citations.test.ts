/**
 * The repository explains itself: every `format.md §N` and every quoted section of design.md
 * that the code, the templates and the README cite is a section docs/ has, and nothing points at
 * notes kept outside the repository.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const FILES = execFileSync('git', ['ls-files', 'functions', 'templates', 'scripts', 'bench', 'infra', 'test', 'README.md', 'docs'], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(ts|hbs|css|md|js)$/.test(file) && !file.startsWith('test/fixtures/'));

/** Each line of each file, with where it is. */
const LINES = FILES.flatMap((file) => readFileSync(file, 'utf8').split('\n').map((text, i) => ({ at: `${file}:${i + 1}`, text })));

const headings = (doc: string) => readFileSync(doc, 'utf8').split('\n').filter((line) => line.startsWith('#')).map((line) => line.replace(/^#+\s*/, ''));

describe('citations of docs/', () => {
  it('name sections of docs/format.md that exist', () => {
    const sections = new Set(headings('docs/format.md').map((heading) => heading.split(' ')[0]));
    const cited = LINES.filter((line) => line.text.includes('format.md §')).flatMap((line) => [...line.text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => ({ at: line.at, section: `§${m[1]}` })));
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((c) => !sections.has(c.section))).toEqual([]);
  });

  it('name sections of docs/design.md that exist', () => {
    const sections = new Set(headings('docs/design.md'));
    const cited = LINES.flatMap((line) => [...line.text.matchAll(/design\.md,? "([^"]+)"/g)].map((m) => ({ at: line.at, section: m[1]! })));
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((c) => !sections.has(c.section))).toEqual([]);
  });

  it('never point at notes outside the repository', () => {
    const outside = LINES.filter((line) => /\.\.\/shared|\/work\/shared|shared\/docs|anchors\.md|conventions\.md/.test(line.text));
    expect(outside.map((line) => line.at)).toEqual([]);
  });
});
