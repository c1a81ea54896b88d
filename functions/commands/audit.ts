/**
 * `nianbao audit ls [--year YEAR | --since DATE] [--json]`: the audit log (audit/log.ts) of the
 * archive named by NIANBAO_ARCHIVE, oldest first, one entry a line, tab-separated: time, action,
 * outcome, actor (id, role), agency (or -), target, client. Also `recordCliWrite`, through which
 * the commands that write (publish, batch, agencies import, token add and revoke) log themselves:
 * the CLI works with the storage's own credentials, so its actor is the operator at the terminal.
 */
import { hostname, userInfo } from 'node:os';
import type { Archive } from '../archive/archive';
import { ArchiveCorrupt, ArchiveUnavailable, InvalidArchiveKey } from '../archive/errors';
import { openArchive } from '../archive/from-config';
import { parseYear } from '../archive/keys';
import { appendAudit, readAudit, type AuditAction, type AuditEntry } from '../audit/log';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { defineCommand, JSON_OPTION, UsageError } from './index';

/** Logs a write made from the command line. */
export function recordCliWrite(archive: Archive, action: AuditAction, written: { target?: string; agency?: string; unchanged?: boolean }): Promise<string> {
  return appendAudit(archive, systemClock, {
    action,
    outcome: written.unchanged ? 'unchanged' : 'written',
    actor: { id: `cli:${userInfo().username}@${hostname()}`, role: 'operator', via: 'cli' },
    ...(written.target ? { target: written.target } : {}),
    ...(written.agency ? { agency: written.agency } : {}),
  });
}

function line(entry: AuditEntry): string {
  const client = [entry.client?.address, entry.client?.userAgent].filter(Boolean).join(' ') || '-';
  return [entry.at, entry.action, entry.outcome, `${entry.actor.id} (${entry.actor.role})`, entry.agency ?? '-', entry.target ?? '-', client].join('\t');
}

const OPTIONS = {
  year: { type: 'string', value: 'YEAR', help: 'only the entries of YEAR' },
  since: { type: 'string', value: 'DATE', help: 'only the entries from DATE on (2026-01-20 or 2026-01-20T08:00:00Z)' },
  ...JSON_OPTION,
} as const;

export const auditCommand = defineCommand({
  usage: 'ls [--year YEAR | --since DATE] [--json]',
  details: [
    'Every write, oldest first: time, action, outcome (written, unchanged, refused), actor (id and',
    'role), agency, what was written (or the refused request path), client address and user agent.',
    'The archive is NIANBAO_ARCHIVE (default ./archive).',
  ],
  options: OPTIONS,
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if (sub !== 'ls') throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    let year: number | undefined;
    try {
      year = values.year === undefined ? undefined : parseYear(values.year);
    } catch (error) {
      if (error instanceof InvalidArchiveKey) throw new UsageError(error.message);
      throw error;
    }
    const since = values.since === undefined ? undefined : new Date(/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(values.since) ? values.since : NaN);
    if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since must be a date or an instant such as 2026-01-20 or 2026-01-20T08:00:00Z, got "${values.since}"`);
    try {
      const { entries } = await readAudit(await openArchive(loadConfig(process.env).archive), { year, since });
      if (values.json) io.out(JSON.stringify(entries, null, 2));
      else entries.forEach((entry) => io.out(line(entry)));
      return 0;
    } catch (error) {
      if (!(error instanceof ArchiveUnavailable || error instanceof ArchiveCorrupt)) throw error;
      io.err(`nianbao audit: ${error.message}`);
      return 1;
    }
  },
});
