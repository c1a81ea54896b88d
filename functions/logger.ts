/**
 * Where the app and the batch write their structured log lines, as a port: the Node server
 * writes JSON lines to stdout and stderr, Lambda and Workers to their platform's log, tests to
 * an array. Fields are one flat object per line, so a log query can select on any of them.
 */
export interface Logger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}
