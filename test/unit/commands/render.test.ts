/**
 * `nianbao render` without Chromium: --html to stdout or to a file, exactly the preview's page
 * (the printed HTML with its fonts inlined);
 * an invalid report renders nothing and lists its problems with paths; usage errors exit 2.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPreviewHtml } from '../../../functions/render/preview';
import { sharedFonts } from '../../helpers/app';
import { cli } from '../../helpers/cli';
import { EXAMPLES } from '../../helpers/examples';
import { parsedExample } from '../render/html-reading';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cli-render-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('nianbao render --html', () => {
  it('writes the HTML the PDF is printed from to stdout, its fonts inlined so that it stands alone', async () => {
    const { code, out, err } = await cli('render', EXAMPLES.seed2020, '--html');
    // The seed's one row label printed as published is a warning on stderr, never in the HTML.
    expect({ code, err }).toEqual({ code: 0, err: [expect.stringContaining('warning [label]')] });
    expect(out).toEqual([await renderPreviewHtml(parsedExample('seed2020'), sharedFonts)]);
    expect(out[0]).not.toContain('url(fonts/');
    expect(out[0]).toContain('url(data:font/ttf;base64,');
  });

  it('writes it to the file -o names', async () => {
    const file = join(folder, 'report.html');
    const { code, out } = await cli('render', EXAMPLES.consistent2021, '--html', '-o', file);
    expect(code).toBe(0);
    expect(out).toEqual([`${file}: ${(await stat(file)).size} bytes`]);
    expect(await readFile(file, 'utf8')).toBe(await renderPreviewHtml(parsedExample('consistent2021'), sharedFonts));
  });
});

describe('nianbao render on bad input', () => {
  it('renders nothing from an invalid report and names every problem with its path', async () => {
    const file = join(folder, 'invalid.pdf');
    const { code, out, err } = await cli('render', EXAMPLES.violations2021, '-o', file);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.length).toBeGreaterThan(0);
    for (const line of err) expect(line).toMatch(/^examples\/invalid-arithmetic-2021\.json: sections\.\S+: \[R-\d\] /);
    await expect(stat(file)).rejects.toThrow();
  });

  it('reports a missing file', async () => {
    const { code, err } = await cli('render', join(folder, 'missing.json'), '--html');
    expect(code).toBe(1);
    expect(err).toEqual([`${join(folder, 'missing.json')}: 文件不存在 / no such file`]);
  });

  it.each([[[]], [['a.json', 'b.json']], [['a.json', '--pdf']]])('is a usage error for %j', async (args) => {
    const { code, err } = await cli('render', ...args);
    expect(code).toBe(2);
    expect(err.at(-1)).toBe('usage: nianbao render FILE [-o OUT.pdf] [--html] [--json]');
  });
});
