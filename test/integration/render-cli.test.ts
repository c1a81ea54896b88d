/**
 * `nianbao render FILE -o OUT.pdf` end to end: real Chromium and the bundled fonts. The printer's
 * own behaviour is tested in chromium.test.ts; this checks the command writes the report's PDF,
 * with the six section headings, the tables' labels and the page numbers in its text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS_HEADER, SECTION_HEADINGS } from '../../functions/report';
import { cli } from '../helpers/cli';
import { EXAMPLES } from '../helpers/examples';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-render-pdf-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('nianbao render to PDF', () => {
  it('prints the 2021 example to the file -o names', async () => {
    const file = join(folder, 'jianghai.pdf');
    const { code, out } = await cli('render', EXAMPLES.consistent2021, '-o', file);
    expect(code).toBe(0);
    const pdf = await readFile(file);
    expect(out).toEqual([`${file}: ${pdf.length} bytes`]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const heading of Object.values(SECTION_HEADINGS)) expect(text).toContain(heading);
    expect(text).toContain('行政规范性文件');
    expect(text).toContain('385.62');
    expect(text).toContain(REQUESTS_HEADER.applicants);
    expect(text).toContain('—1—');
  });
});
