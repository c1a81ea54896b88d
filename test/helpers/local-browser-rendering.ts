/**
 * Lets wrangler's local Browser Rendering binding start the bundled Chromium. Miniflare answers
 * the binding by launching Chrome for Testing through @puppeteer/browsers' `install()`, which
 * downloads nothing when the executable already sits at its cache path:
 * `$XDG_CACHE_HOME/.wrangler/chrome/linux-<build>/chrome-linux64/chrome`, with the build pinned
 * in miniflare (the Chrome that @cloudflare/puppeteer's upstream puppeteer supports). This
 * machine reaches no download host, so that path gets a small script that runs
 * @sparticuz/chromium's headless shell instead, with `--no-sandbox` (the tests run as root, and
 * miniflare adds it only when CI is set). Set before the worker starts; miniflare reads the
 * variable at launch.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** miniflare's `launchBrowser({ browserVersion })` in node_modules/miniflare/dist/src/index.js. */
async function pinnedChromeBuild(): Promise<string> {
  const source = await readFile(createRequire(import.meta.url).resolve('miniflare'), 'utf8');
  const pinned = /launchBrowser\(\{[^}]*?browserVersion: "([\d.]+)"/s.exec(source)?.[1];
  if (!pinned) throw new Error('miniflare no longer pins a Chrome build where this helper looks: update test/helpers/local-browser-rendering.ts');
  return pinned;
}

/** Seeds a cache folder of its own and points XDG_CACHE_HOME at it; returns the folder. */
export async function useBundledChromiumForBrowserBinding(cacheHome: string): Promise<string> {
  const { default: chromium } = await import('@sparticuz/chromium');
  const executable = await chromium.executablePath();
  const folder = join(cacheHome, '.wrangler', 'chrome', `linux-${await pinnedChromeBuild()}`, 'chrome-linux64');
  await mkdir(folder, { recursive: true });
  const launcher = join(folder, 'chrome');
  await writeFile(launcher, `#!/bin/sh\nexec '${executable}' --no-sandbox --no-zygote "$@"\n`);
  await chmod(launcher, 0o755);
  process.env.XDG_CACHE_HOME = cacheHome;
  return cacheHome;
}
