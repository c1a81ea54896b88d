/**
 * The audit log over HTTP: `audited(action)` records each write a route makes (audit/log.ts), and
 * GET /v1/audit lists the log for operators (all of it) and region admins (the entries of their
 * region's agencies, by the register).
 *
 * What is logged: a write that stored something (`written`), one that found its content there
 * already (`unchanged`), and one refused because the credential does not cover it (403,
 * `refused`): who tried to write for whom is what an audit is for. Not logged: a request without a
 * valid credential (401; anyone could fill the log with those, and there is nobody to name), and a
 * request that failed on its content (an invalid report, a draft conflict) or on the server
 * (5xx): nothing was written and the log of requests has them.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { mayActFor, type Principal } from '../access/principal';
import type { Archive } from '../archive/archive';
import { decodeCursor, encodeCursor } from '../archive/cursor';
import { parseYear } from '../archive/keys';
import { appendAudit, readAudit, type AuditAction, type AuditEntry } from '../audit/log';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { readRegister } from '../register/store';
import type { Register } from '../register/model';
import { forbidden } from './auth';
import { operations } from './operations';
import { parameter } from './parameters';
import { RequestRefused } from './problem';

declare module 'hono' {
  interface ContextVariableMap {
    /** What a write route wrote, for its audit entry. */
    auditSubject: { key?: string; agency?: string; unchanged?: boolean };
  }
}

export interface AuditPorts {
  archive: Archive;
  clock: Clock;
  logger: Logger;
  clientOf?: (c: Context) => string | undefined;
}

/** Records the write of the route it wraps, once the route has answered. */
export function auditor(ports: AuditPorts): (action: AuditAction) => MiddlewareHandler {
  return (action) => async (c, next) => {
    await next();
    const principal = c.get('principal') as Principal | undefined;
    const status = c.res.status;
    if (!principal || !(status < 300 || status === 403)) return;
    const subject = c.get('auditSubject') ?? {};
    const entry: Omit<AuditEntry, 'schema' | 'at'> = {
      action,
      outcome: status === 403 ? 'refused' : subject.unchanged ? 'unchanged' : 'written',
      actor: { id: principal.id, role: principal.role, via: principal.via, ...(principal.name ? { name: principal.name } : {}) },
      target: status === 403 ? c.req.path : subject.key,
      agency: subject.agency,
      client: { address: ports.clientOf?.(c), userAgent: c.req.header('user-agent') },
    };
    try {
      await appendAudit(ports.archive, ports.clock, entry);
    } catch (error) {
      // The write itself is done and answered; the operator learns of the missing entry here.
      ports.logger.error({ msg: 'audit entry not written', entry, error: (error as Error).message });
    }
  };
}

const PAGE_SIZE = 100;

function sinceOf(value: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new RequestRefused('invalid-parameter', `since 应为日期或时间，如 2026-01-20 或 2026-01-20T08:00:00Z，而不是“${value}”`, `since must be a date or an instant such as 2026-01-20 or 2026-01-20T08:00:00Z, not "${value}"`);
  return new Date(time);
}

/** Operators see every entry; a region admin those of the agencies its region covers. */
function visibility(principal: Principal, archive: Archive): (entry: AuditEntry) => Promise<boolean> {
  let register: Promise<Register | null> | undefined;
  const registerOnce = () => (register ??= readRegister(archive));
  return async (entry) => principal.role === 'operator' || (entry.agency !== undefined && (await mayActFor(principal, entry.agency, registerOnce)));
}

export function registerAuditRoute(app: Hono, archive: Archive, signedIn: MiddlewareHandler): void {
  app.get('/v1/audit', operations.listAudit, signedIn, async (c) => {
    const principal = c.get('principal');
    if (principal.role !== 'operator' && principal.role !== 'region-admin') throw forbidden(c, '只有运维人员和地区管理员可以查看审计日志', 'only operators and region admins read the audit log');
    const { year, since, cursor } = c.req.query();
    const page = await readAudit(archive, {
      year: year === undefined ? undefined : parameter(parseYear, year),
      since: since === undefined ? undefined : sinceOf(since),
      after: cursor === undefined ? undefined : parameter(decodeCursor, cursor),
      limit: PAGE_SIZE,
    });
    const visible = visibility(principal, archive);
    const shown = await Promise.all(page.entries.map(visible));
    return c.json({ entries: page.entries.filter((_, i) => shown[i]), cursor: page.more && page.last ? encodeCursor(page.last) : undefined }, 200, { 'cache-control': 'no-store' });
  });
}
