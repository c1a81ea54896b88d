/**
 * Without poppler-utils the test run stops before any test, with one line naming the package
 * (test/helpers/poppler.ts). A vitest run in a child process whose PATH holds no poppler tool.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('stops npm test at once, naming poppler-utils, when its tools are missing', async () => {
  const emptyPath = await mkdtemp(join(tmpdir(), 'nianbao-no-poppler-'));
  try {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/unit/fonts/charset.test.ts'], {
      env: { ...process.env, PATH: emptyPath },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('npm test needs poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages, pdftoppm not found): apt-get install poppler-utils');
    expect(run.stdout).not.toMatch(/✓|passed/);
  } finally {
    await rm(emptyPath, { recursive: true, force: true });
  }
});
