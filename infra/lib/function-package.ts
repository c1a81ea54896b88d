/**
 * Builds the functions' deployment package exactly as a deploy does (the stack's NodejsFunction
 * bundling: esbuild, `npm ci` of @sparticuz/chromium, the copied fonts) into a folder, for the
 * package-size report and the test that runs the bundled handler. The three functions share one
 * asset, so there is one folder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { NianbaoStack } from './nianbao-stack';

export function buildFunctionPackage(outdir: string): string {
  const app = new App({ outdir });
  new NianbaoStack(app, 'Nianbao');
  app.synth();
  // The bundled asset is the one folder holding index.mjs.
  const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  const bundled = assets.filter((name) => readdirSync(join(outdir, name)).includes('index.mjs'));
  if (bundled.length !== 1) throw new Error(`expected one bundled asset in ${outdir}, found ${bundled.length}`);
  return join(outdir, bundled[0]!);
}
