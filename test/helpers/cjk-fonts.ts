/**
 * This machine has no CJK font, so pages that rely on the system's CJK font (the archive page,
 * the workspace) would show boxes in the test browser. This gives the bundled Chromium the
 * project's own bundled sans faces (functions/fonts/sources.ts) through a fontconfig file of its
 * own (FONTCONFIG_FILE: the system's configuration plus a folder with those faces), so screenshots
 * show the text as an author's system would. Pass the result as puppeteer.launch's `env`.
 */
import { createRequire } from 'node:module';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCES } from '../../functions/fonts/sources';

export async function cjkFontEnv(): Promise<Record<string, string>> {
  const folder = join(tmpdir(), `nianbao-cjk-fonts-${process.getuid?.() ?? 0}`);
  await mkdir(folder, { recursive: true });
  const require = createRequire(import.meta.url);
  for (const face of ['nb-sans-400.ttf', 'nb-sans-700.ttf']) {
    await symlink(require.resolve(SOURCES[face]!), join(folder, face)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  const config = join(folder, 'fonts.conf');
  await writeFile(config, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${folder}</dir>\n  <cachedir>${join(folder, 'cache')}</cachedir>\n</fontconfig>\n`);
  return { ...(process.env as Record<string, string>), FONTCONFIG_FILE: config };
}
