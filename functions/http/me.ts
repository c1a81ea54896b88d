/**
 * GET /v1/me: who the credential belongs to (role, agencies or region, name), for a client such as
 * the workspace to sign in with and to offer only the agencies it may write for. Never the secret.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { operations } from './operations';

export function registerMeRoute(app: Hono, signedIn: MiddlewareHandler): void {
  app.get('/v1/me', operations.whoAmI, signedIn, (c) => {
    const { role, id, name, agencies, region, via } = c.get('principal');
    return c.json({ role, id, name: name ?? null, agencies: agencies ?? null, region: region ?? null, via }, 200, { 'cache-control': 'no-store' });
  });
}
