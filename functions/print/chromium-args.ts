/**
 * The Chromium command line, chosen flag by flag from @sparticuz/chromium's defaults
 * (source/index.ts, shared/docs/anchors.md §0 S). Runtime-neutral (strings only).
 */

/**
 * Dropped on purpose. --disable-web-security and --allow-running-insecure-content turn off the
 * same-origin and mixed-content checks: harmless while interception holds, but they are the
 * second line of defence (anchors §4c #6). --single-process is added back only when asked
 * (see PrinterOptions.singleProcess).
 */
const DROPPED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

/**
 * Added. The proxy is a dead end on the loopback's discard port, and `<-loopback>` removes
 * Chromium's implicit loopback bypass: anything that escaped request interception (a preconnect,
 * a DNS prefetch, a WebSocket) still reaches no server. --dns-prefetch-disable for the same reason.
 */
const ADDED = ['--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>', '--dns-prefetch-disable'];

export function chromiumArgs(defaults: readonly string[], options: { singleProcess: boolean }): string[] {
  const args = defaults.filter((flag) => !DROPPED.has(flag));
  if (options.singleProcess) args.push('--single-process');
  return [...args, ...ADDED];
}
