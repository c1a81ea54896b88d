/**
 * `npm run package:size`: builds the Lambda deployment package as a deploy does
 * (infra/lib/function-package.ts) and prints what it is made of — the bundle, the installed
 * @sparticuz/chromium, the fonts and wasm — and the unzipped and zipped totals against Lambda's
 * limits: 250 MB unzipped (function and layers) and 50 MB for a zip uploaded directly
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). CDK uploads the zip
 * to its asset bucket and points the function at it, so only the 250 MB limit binds here; the
 * 50 MB line is shown for anyone who would upload the zip by hand. The zipped size is computed
 * as a zip archive stores it: each file deflated (level 9) plus its headers.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { RUNTIME_FILES } from '../infra/lib/bundling';
import { buildFunctionPackage } from '../infra/lib/function-package';

const MB = 1024 * 1024;
const LIMIT_UNZIPPED = 250 * MB;
const LIMIT_ZIPPED_DIRECT = 50 * MB;
/** Local file header (30) + central directory entry (46), each with the name; the end record is 22. */
const ZIP_ENTRY_OVERHEAD = 30 + 46;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function partOf(root: string, file: string): string {
  const path = relative(root, file);
  if (RUNTIME_FILES.some((runtimeFile) => path === join('node_modules', runtimeFile))) return 'fonts and wasm (copied)';
  if (path.startsWith(join('node_modules', '@sparticuz', 'chromium'))) return '@sparticuz/chromium';
  if (path.startsWith('node_modules')) return 'chromium\'s dependencies';
  if (path.endsWith('.map')) return 'bundle source map';
  if (path.startsWith('index.')) return 'bundle (index.mjs)';
  return 'other (package.json, lock)';
}

const outdir = mkdtempSync(join(tmpdir(), 'nianbao-package-'));
try {
  const root = buildFunctionPackage(outdir);
  const parts = new Map<string, { files: number; unzipped: number; zipped: number }>();
  for (const file of filesUnder(root)) {
    const bytes = readFileSync(file);
    const name = relative(root, file);
    const part = parts.get(partOf(root, file)) ?? { files: 0, unzipped: 0, zipped: 0 };
    part.files += 1;
    part.unzipped += statSync(file).size;
    part.zipped += Math.min(bytes.length, deflateRawSync(bytes, { level: 9 }).length) + ZIP_ENTRY_OVERHEAD + 2 * Buffer.byteLength(name);
    parts.set(partOf(root, file), part);
  }
  const rows = [...parts].sort(([, a], [, b]) => b.unzipped - a.unzipped);
  const total = rows.reduce((sum, [, part]) => ({ unzipped: sum.unzipped + part.unzipped, zipped: sum.zipped + part.zipped }), { unzipped: 0, zipped: 22 });
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1).padStart(7)} MB`;
  console.log(`Lambda deployment package (one asset shared by http, worker and planner)\n`);
  console.log(`${'part'.padEnd(30)} ${'files'.padStart(6)} ${'unzipped'.padStart(10)} ${'zipped'.padStart(10)}`);
  for (const [name, part] of rows) console.log(`${name.padEnd(30)} ${String(part.files).padStart(6)} ${mb(part.unzipped)} ${mb(part.zipped)}`);
  console.log(`${'total'.padEnd(30)} ${''.padStart(6)} ${mb(total.unzipped)} ${mb(total.zipped)}\n`);
  console.log(`unzipped: ${mb(total.unzipped)} of the 250 MB limit, ${mb(LIMIT_UNZIPPED - total.unzipped)} to spare (${Math.round((100 * total.unzipped) / LIMIT_UNZIPPED)} % used)`);
  console.log(`zipped:   ${mb(total.zipped)}; over the 50 MB direct-upload limit by ${mb(Math.max(0, total.zipped - LIMIT_ZIPPED_DIRECT))}, which does not apply: CDK deploys the zip from its S3 asset bucket`);
  if (total.unzipped > LIMIT_UNZIPPED) process.exitCode = 1;
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
