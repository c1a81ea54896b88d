// The CLI as plain JavaScript in dist/, bundled from functions/cli.ts with esbuild (a production
// dependency, ~10 MB), so that production runs on plain Node and no run pays tsx's loader or
// transpiling ~80 TypeScript modules (~0.5 s of a cold `render`, bench/cold.ts).
//
// `npm ci` (with or without --omit=dev) builds it through the `prepare` script, and `npm run build`
// (this file run directly) builds it again. A run rebuilds it too when one of the bundle's own
// input files, or this file, is newer than the build (the inputs come from esbuild's metafile), so
// an edited source never runs stale. Each build is a folder of its own, named by dist/current.json
// and replaced by rename, so concurrent runs never see half a build.
// Packages stay external (but see externalPackages) and the commands stay separate chunks, so
// `validate` still never loads Chromium or the AWS SDK. Node-only.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const POINTER = join(DIST, 'current.json');
const ENTRY = 'functions/cli.ts';
/** Older builds are removed once they are this old (a process started just before may still read them). */
const STALE_BUILD_MS = 60_000;

function mtimeMs(file) {
  try {
    return statSync(join(ROOT, file)).mtimeMs;
  } catch {
    return Infinity;
  }
}

function currentBuild() {
  try {
    const build = JSON.parse(readFileSync(POINTER, 'utf8'));
    const inputs = [...build.inputs, relative(ROOT, fileURLToPath(import.meta.url))];
    return inputs.every((file) => mtimeMs(file) < build.builtAt) ? build : undefined;
  } catch {
    return undefined;
  }
}

function removeOldBuilds(keep) {
  for (const name of readdirSync(DIST)) {
    const folder = join(DIST, name);
    if (name === keep || !name.startsWith('build-')) continue;
    if (Date.now() - statSync(folder).mtimeMs > STALE_BUILD_MS) rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Every dependency stays an import of node_modules, except handlebars: the templates import
 * `handlebars/runtime`, a file of a package without an exports map, which only a bundler or
 * CommonJS resolves (Node's ESM loader wants `runtime.js`), so its small runtime is bundled in.
 */
function externalPackages() {
  const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.keys({ ...dependencies, ...devDependencies })
    .filter((name) => name !== 'handlebars')
    .flatMap((name) => [name, `${name}/*`]);
}

async function build() {
  const { build: esbuild, stop } = await import('esbuild');
  const builtAt = Date.now();
  const name = `build-${builtAt}-${process.pid}`;
  // stop(): esbuild's service process would otherwise live as long as the server it built.
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir: join(DIST, name),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: externalPackages(),
    metafile: true,
    logLevel: 'silent',
  }).finally(stop);
  const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/')), 'package.json'];
  const temporary = `${POINTER}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ name, builtAt, inputs }));
  renameSync(temporary, POINTER);
  removeOldBuilds(name);
  return { name };
}

/** The URL of the bundled CLI entry, building it first when it is missing or stale. */
export async function cliBundle() {
  mkdirSync(DIST, { recursive: true });
  const { name } = currentBuild() ?? (await build());
  return pathToFileURL(join(DIST, name, 'cli.js')).href;
}

// `node bin/cli-bundle.js` (npm run build, npm's prepare): build now, whether or not one is current.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(DIST, { recursive: true });
  const { name } = await build();
  process.stdout.write(`built ${relative(ROOT, join(DIST, name, 'cli.js'))}\n`);
}
