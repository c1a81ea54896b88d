// The CLI as plain JavaScript, bundled from functions/cli.ts with esbuild on demand and kept under
// node_modules/.cache/nianbao-cli/, so that a run pays neither tsx's loader nor transpiling ~80
// TypeScript modules (~0.5 s of a cold `render`, bench/cold.ts). A fresh clone needs no build
// step: the first run builds (~0.3 s), and any later run rebuilds when one of the bundle's own
// input files, or this file, is newer than the bundle (the inputs come from esbuild's metafile).
// Packages stay external (but see externalPackages) and the commands stay separate chunks, so `validate` still never loads
// Chromium or the AWS SDK. Node-only.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'nianbao-cli');
/** Names the current build; replaced by rename, so concurrent runs never see half a build. */
const POINTER = join(CACHE, 'current.json');
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
  for (const name of readdirSync(CACHE)) {
    const folder = join(CACHE, name);
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
  const { build: esbuild } = await import('esbuild');
  const builtAt = Date.now();
  const name = `build-${builtAt}-${process.pid}`;
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir: join(CACHE, name),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: externalPackages(),
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/')), 'package.json'];
  const temporary = `${POINTER}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ name, builtAt, inputs }));
  renameSync(temporary, POINTER);
  removeOldBuilds(name);
  return { name };
}

/** The URL of the bundled CLI entry, building it first when it is missing or stale. */
export async function cliBundle() {
  mkdirSync(CACHE, { recursive: true });
  const { name } = currentBuild() ?? (await build());
  return pathToFileURL(join(CACHE, name, 'cli.js')).href;
}
