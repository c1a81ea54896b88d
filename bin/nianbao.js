#!/usr/bin/env node
// The `nianbao` command: runs the CLI built to plain JavaScript in dist/ (cli-bundle.js), which
// `npm ci` builds and a run rebuilds whenever a source is newer.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  // Node 20 would start, then fail deep inside a command (Array.fromAsync, esbuild's node22 target).
  process.stderr.write(`nianbao: needs Node.js 22 or later; this is ${process.version} (${process.execPath})\n`);
  process.exit(1);
}
let entry;
try {
  entry = await (await import('./cli-bundle.js')).cliBundle();
} catch (error) {
  // A source that does not compile, or a read-only install whose sources changed after its build.
  process.stderr.write(`nianbao: cannot build the CLI into dist/: ${error.message ?? error}\n(an install the service cannot write to is built by \`npm ci\` or \`npm run build\`)\n`);
  process.exit(1);
}
await import(entry);
