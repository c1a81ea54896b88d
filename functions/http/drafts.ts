/**
 * The drafts API (issue 7, issue 21). Each route takes a credential that acts for the agency in
 * its URL (http/auth.ts): its author, its region's admin, or an operator.
 * - PUT /v1/drafts/{year}/{agency}: a form tool or the workspace stores a report as the agency's
 *   draft for the year. The body must be a valid report of that year and agency (422 with every
 *   problem otherwise), unless `?incomplete=true` (the workspace's autosave: any report of that
 *   year and agency, its problems returned). 201 when stored, 200 when this exact report already
 *   is the current draft. `If-Match: "<sha256>"` (the ETag last read) or `If-None-Match: *`
 *   refuse with 412 a store over a draft someone else stored meanwhile, so two editors never
 *   silently overwrite each other.
 * - GET /v1/drafts/{year}/{agency}: the current draft, with its ETag.
 * - GET /v1/drafts/{year}/{agency}/prefill: a new year's draft from last year's published report.
 * - GET /v1/agencies/{agency}/years: which years the agency has drafts and published reports for.
 * Registered by createApp; the core is drafts/store.ts and drafts/next-year.ts.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { listAll } from '../archive/archive';
import { catalogYears } from '../archive/catalog';
import { parseAgencyId, parseYear } from '../archive/keys';
import { recordKeysOf } from '../archive/versions';
import type { AppPorts } from '../app';
import { draftFromArchive } from '../drafts/next-year';
import type { AuditAction } from '../audit/log';
import { DRAFTS_ROOT, parseDraftKey, type DraftRef } from '../drafts/keys';
import { currentDraft, DraftConflict, readDraft, storeDraft, type DraftPlace } from '../drafts/store';
import { NotFound } from '../errors';
import { assertActsFor } from './auth';
import { readJson } from './body';
import { operations } from './operations';
import { parameter } from './parameters';
import { problemResponse } from './problem';

function placeOf(year: string, agency: string): DraftPlace {
  return { year: parameter(parseYear, year), agencyId: parameter(parseAgencyId, agency) };
}

const etagOf = (draft: Pick<DraftRef, 'sourceSha256'>) => `"${draft.sourceSha256}"`;

/** If-Match / If-None-Match as the draft the writer based its edit on (undefined: unconditional). */
function basedOn(c: Context): string | null | undefined {
  const ifMatch = c.req.header('if-match');
  if (ifMatch !== undefined) return ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return c.req.header('if-none-match')?.trim() === '*' ? null : undefined;
}

function conflictResponse(c: Context, conflict: DraftConflict): Response {
  const current = conflict.current;
  return problemResponse(
    c,
    {
      type: 'draft-conflict',
      title: 'Someone else stored this draft meanwhile',
      status: 412,
      zh: current ? `草稿已被他人于 ${current.storedAt} 保存；您的修改未保存，请先查看对方的版本` : '草稿尚不存在；您的修改未保存',
      en: current ? `another draft was stored at ${current.storedAt}; yours was not stored: look at theirs first` : 'there is no draft yet; yours was not stored',
      current: current ? { storedAt: current.storedAt, sourceSha256: current.sourceSha256 } : null,
    },
    current ? { etag: etagOf(current) } : {},
  );
}

/** `signedIn`: any valid credential; each route then checks that it acts for the agency in the URL. */
export function registerDraftRoutes(app: Hono, ports: AppPorts, signedIn: MiddlewareHandler, audited: (action: AuditAction) => MiddlewareHandler): void {
  const forTheAgency: MiddlewareHandler = (c, next) => signedIn(c, async () => {
    await assertActsFor(c, ports.archive, parameter(parseAgencyId, c.req.param('agency') ?? ''));
    await next();
  });

  app.put('/v1/drafts/:year/:agency', operations.storeDraft, audited('draft.store'), forTheAgency, async (c) => {
    const place = placeOf(c.req.param('year'), c.req.param('agency'));
    const input = await readJson(c);
    try {
      const draft = await storeDraft(input, ports, place, { incomplete: c.req.query('incomplete') === 'true', basedOn: basedOn(c) });
      const { validation } = draft;
      c.set('auditSubject', { key: draft.key, agency: place.agencyId, unchanged: !draft.created });
      const body = { created: draft.created, key: draft.key, storedAt: draft.storedAt, sourceSha256: draft.sourceSha256, errors: validation.errors, warnings: validation.warnings };
      return c.json(body, draft.created ? 201 : 200, { etag: etagOf(draft) });
    } catch (error) {
      if (error instanceof DraftConflict) return conflictResponse(c, error);
      throw error;
    }
  });

  app.get('/v1/drafts/:year/:agency', operations.readDraft, forTheAgency, async (c) => {
    const place = placeOf(c.req.param('year'), c.req.param('agency'));
    const draft = await currentDraft(ports.archive, place.year, place.agencyId);
    if (!draft) throw new NotFound(`no draft of ${place.agencyId} for ${place.year}`);
    return c.json(await readDraft(ports.archive, draft.key), 200, { etag: etagOf(draft), 'cache-control': 'no-store', 'x-stored-at': draft.storedAt });
  });

  app.get('/v1/drafts/:year/:agency/prefill', operations.prefillDraft, forTheAgency, async (c) => {
    const place = placeOf(c.req.param('year'), c.req.param('agency'));
    return c.json(await draftFromArchive(ports.archive, place.year, place.agencyId), 200, { 'cache-control': 'no-store' });
  });

  app.get('/v1/agencies/:agency/years', operations.agencyYears, forTheAgency, async (c) => {
    const agencyId = parameter(parseAgencyId, c.req.param('agency'));
    return c.json({ agency: agencyId, years: await yearsOf(ports, agencyId) }, 200, { 'cache-control': 'no-store' });
  });
}

interface AgencyYear {
  year: number;
  draft?: { storedAt: string; sourceSha256: string };
  /** How many versions of the year's report are archived. */
  published: number;
}

/** The agency's years with a draft or a published version, newest first. */
async function yearsOf({ archive }: AppPorts, agencyId: string): Promise<AgencyYear[]> {
  const years = new Map<number, AgencyYear>();
  const yearOf = (year: number) => years.get(year) ?? years.set(year, { year, published: 0 }).get(year)!;
  const draftYears = new Set<number>();
  for await (const keys of listAll(archive, DRAFTS_ROOT)) {
    for (const draft of keys.map(parseDraftKey)) if (draft?.agencyId === agencyId) draftYears.add(draft.year);
  }
  for (const year of draftYears) {
    const draft = (await currentDraft(archive, year, agencyId))!;
    yearOf(year).draft = { storedAt: draft.storedAt, sourceSha256: draft.sourceSha256 };
  }
  // The catalog names the years with published reports: then one listing of the agency's prefix
  // in each, never a listing of the whole archive.
  const catalogued = await catalogYears(archive);
  const counts = await Promise.all(catalogued.map(async (year) => (await recordKeysOf(archive, year, agencyId)).length));
  catalogued.forEach((year, i) => {
    if (counts[i]! > 0) yearOf(year).published = counts[i]!;
  });
  return [...years.values()].sort((a, b) => b.year - a.year);
}
