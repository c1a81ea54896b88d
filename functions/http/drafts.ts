/**
 * PUT /v1/drafts/{year}/{agency}: a form tool stores a validated report as the agency's draft for
 * the year-end batch (issue 7). Token required, like publishing. The body must be a valid report
 * of that year and agency (422 with every problem otherwise); 201 when stored, 200 when this exact
 * report already is the current draft. Registered by createApp; the core is drafts/store.ts.
 */
import type { Hono } from 'hono';
import { parseAgencyId, parseYear } from '../archive/keys';
import type { AppPorts } from '../app';
import { storeDraft, type DraftPlace } from '../drafts/store';
import { requireToken } from './auth';
import { readJson } from './body';
import { operations } from './operations';
import { parameter } from './parameters';

function placeOf(year: string, agency: string): DraftPlace {
  return { year: parameter(parseYear, year), agencyId: parameter(parseAgencyId, agency) };
}

export function registerDraftRoutes(app: Hono, ports: AppPorts): void {
  app.put('/v1/drafts/:year/:agency', operations.storeDraft, requireToken(ports.config.token), async (c) => {
    const place = placeOf(c.req.param('year'), c.req.param('agency'));
    const draft = await storeDraft(await readJson(c), ports, place);
    const body = { created: draft.created, key: draft.key, storedAt: draft.storedAt, sourceSha256: draft.sourceSha256, warnings: draft.validation.warnings };
    return c.json(body, draft.created ? 201 : 200);
  });
}
