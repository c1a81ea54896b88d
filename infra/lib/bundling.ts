/**
 * How the functions' deployment package is built: esbuild bundles functions/lambda.ts into one
 * ES module, @sparticuz/chromium stays an installed package beside it (its bin/*.br archives are
 * read at run time, so a bundle cannot carry them: Sparticuz/chromium#24, docs/design.md), and
 * the font files and hb-subset's wasm that fonts/node-assets.ts reads are copied into node_modules/ of
 * the package, where the Lambda entry points `createFontAssets({ nodeModules })` (/var/task).
 */
import { join } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { packageOf, SOURCES, SUBSETTER_WASM } from '../../functions/fonts/sources';

const RUNTIME_DATA = [...Object.values(SOURCES), SUBSETTER_WASM];

/**
 * Every file under node_modules/ that fonts/node-assets.ts reads at run time, relative to node_modules/: the
 * font files and the wasm, and each of their packages' package.json (the decoded-WOFF cache is
 * keyed by the package's name and version, fonts/woff-cache.ts).
 */
export const RUNTIME_FILES: readonly string[] = [...RUNTIME_DATA, ...new Set(RUNTIME_DATA.map((file) => `${packageOf(file)}/package.json`))];

/** Shell lines (CDK runs them with bash) that copy the run-time files into the package. */
function copyRuntimeFiles(inputDir: string, outputDir: string): string[] {
  return RUNTIME_FILES.map((file) => {
    const target = join(outputDir, 'node_modules', file);
    return `mkdir -p '${join(target, '..')}' && cp '${join(inputDir, 'node_modules', file)}' '${target}'`;
  });
}

export const FUNCTION_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  // Bundled CommonJS dependencies call require(); an ES module has none unless it makes one.
  banner: "import { createRequire as __nianbaoRequire } from 'node:module'; const require = __nianbaoRequire(import.meta.url);",
  mainFields: ['module', 'main'],
  // The AWS SDK is bundled, not taken from the runtime: the archive relies on conditional writes
  // and checksum settings of the pinned SDK, and the runtime's copy changes without notice
  // (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html).
  externalModules: [],
  nodeModules: ['@sparticuz/chromium'],
  minify: true,
  // puppeteer names its errors after their classes (`this.name = this.constructor.name`), and the
  // printer tells a launch timeout by `error.name === 'TimeoutError'`: minifying must keep names.
  keepNames: true,
  sourceMap: true,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // Runs after `npm ci` has filled node_modules/, which would otherwise prune files it did not install.
    afterBundling: copyRuntimeFiles,
  },
};
