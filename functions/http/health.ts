/**
 * Liveness and readiness, as Kubernetes and most load balancers ask them: GET /livez says the
 * process answers (restart it when this fails); GET /readyz says it can do its work now (send it
 * no traffic while this fails): the archive takes a write (a probe written and removed, where the
 * storage can remove one; elsewhere a read round trip) and the browser starts.
 */
import type { Hono } from 'hono';
import type { Archive } from '../archive/archive';
import type { Logger } from '../logger';
import { operations } from './operations';
import { requestLogFields } from './trace-context';

export function registerHealthRoutes(app: Hono, archive: Archive, extraChecks: Record<string, () => Promise<unknown>>, logger: Logger): void {
  app.get('/livez', operations.liveness, (c) => c.json({ status: 'ok' }));

  app.get('/readyz', operations.readiness, async (c) => {
    // A HEAD of a key that need not exist: one cheap round trip that fails when storage does.
    const archiveCheck = archive.probeWrite ? () => archive.probeWrite!() : () => archive.head('readyz');
    const checks: Record<string, () => Promise<unknown>> = { archive: archiveCheck, ...extraChecks };
    const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (error) {
        logger.error({ msg: 'readiness check failed', ...requestLogFields(c), check: name, error: (error as Error).message });
        return [name, 'failed'] as const;
      }
    }));
    const ready = results.every(([, state]) => state === 'ok');
    return c.json({ status: ready ? 'ok' : 'degraded', checks: Object.fromEntries(results) }, ready ? 200 : 503);
  });
}
