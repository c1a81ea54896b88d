/**
 * The workspace's calls to the app's own API. Sign-in is one bearer credential: a token issued to
 * the agency's author or to a region's admin (`nianbao token add`), or the server's own token.
 * GET /v1/me says whom it stands for; the agency the author then writes for goes with it as the
 * `Credential` of every call, and the server checks on each that the credential acts for it.
 */
export interface Credential {
  agencyId: string;
  token: string;
}

/** Whom a credential stands for (GET /v1/me). */
export interface Identity {
  role: 'author' | 'region-admin' | 'batch-operator' | 'operator';
  name: string | null;
  /** An author's agencies. */
  agencies: string[] | null;
  /** A region admin's 行政区划代码. */
  region: string | null;
}

/** An agency to write for, with its name where the register gives one. */
export interface AgencyChoice {
  id: string;
  name?: string;
}

export interface AgencyYear {
  year: number;
  draft?: { storedAt: string; sourceSha256: string };
  published: number;
}

/** An answer the API refused: its status and its problem document (bilingual). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { zh?: string; en?: string; problems?: { path: string; zh: string; en: string }[]; [key: string]: unknown },
    /** The current draft's sourceSha256, from the answer's ETag (a 412 names the other editor's). */
    readonly etag: string | null,
  ) {
    super(problem.en ?? `HTTP ${status}`);
  }
}

const SESSION_KEY = 'nianbao:session';

/** What this tab remembers of its sign-in: the token, and the agency chosen, once chosen. */
export interface Session {
  token: string;
  agencyId?: string;
}

const etagValue = (etag: string | null) => etag?.replace(/^W\//, '').replace(/"/g, '') ?? null;

async function call(credential: Pick<Credential, 'token'> | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (credential) headers.set('authorization', `Bearer ${credential.token}`);
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ en: `HTTP ${response.status}` }));
    throw new ApiError(response.status, problem, etagValue(response.headers.get('etag')));
  }
  return response;
}

/** Whom the token stands for; ApiError 401 when it is wrong or revoked. */
export async function whoAmI(token: string): Promise<Identity> {
  return (await (await call({ token }, '/v1/me')).json()) as Identity;
}

/** Checks the token against the server and remembers it for this tab; whom it stands for. */
export async function signIn(token: string): Promise<Identity> {
  const identity = await whoAmI(token);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token } satisfies Session));
  return identity;
}

/** The agency this tab writes for from now on. */
export function chooseAgency(token: string, agencyId: string): Credential {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, agencyId } satisfies Session));
  return { token, agencyId };
}

export function signedIn(): Session | null {
  const stored = sessionStorage.getItem(SESSION_KEY);
  return stored ? (JSON.parse(stored) as Session) : null;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * The agencies `identity` may write for, to choose from: an author's own; a region admin's, from the
 * register (GET /v1/agencies?region=); null for an operator, who may write for any agency (and types
 * its id); none for a batch operator, who runs batches and writes no report.
 */
async function registerAgencies(region: string): Promise<AgencyChoice[]> {
  const response = await call(null, region ? `/v1/agencies?region=${encodeURIComponent(region)}` : '/v1/agencies');
  return ((await response.json()) as { agencies: AgencyChoice[] }).agencies.map(({ id, name }) => ({ id, name }));
}

export async function agenciesFor(identity: Identity): Promise<AgencyChoice[] | null> {
  switch (identity.role) {
    case 'author': {
      const ids = identity.agencies ?? [];
      if (ids.length < 2) return ids.map((id) => ({ id }));
      // Several agencies are chosen by name; the register has the names, and without one the ids do.
      const named = new Map((await registerAgencies('').catch(() => [])).map(({ id, name }) => [id, name]));
      return ids.map((id) => { const name = named.get(id); return name === undefined ? { id } : { id, name }; });
    }
    case 'region-admin':
      return registerAgencies(identity.region ?? '');
    case 'operator':
      return null;
    case 'batch-operator':
      return [];
  }
}

export async function agencyYears(credential: Credential): Promise<AgencyYear[]> {
  const response = await call(credential, `/v1/agencies/${encodeURIComponent(credential.agencyId)}/years`);
  return ((await response.json()) as { years: AgencyYear[] }).years;
}

const draftPath = (credential: Credential, year: number) => `/v1/drafts/${year}/${encodeURIComponent(credential.agencyId)}`;

export async function loadDraft(credential: Credential, year: number): Promise<{ report: Record<string, unknown>; sha: string | null }> {
  const response = await call(credential, draftPath(credential, year));
  return { report: await response.json(), sha: etagValue(response.headers.get('etag')) };
}

export async function prefill(credential: Credential, year: number): Promise<Record<string, unknown>> {
  return (await call(credential, `${draftPath(credential, year)}/prefill`)).json();
}

/** A published report's file (PDF, Word, web page, text) read by the server's importer (POST /v1/imports). */
export async function importReport(credential: Credential, file: File): Promise<{ report: Record<string, unknown>; complete: boolean }> {
  const type = file.type || (/\.html?$/i.test(file.name) ? 'text/html' : /\.txt$/i.test(file.name) ? 'text/plain' : 'application/octet-stream');
  return (await call(credential, '/v1/imports', { method: 'POST', body: file, headers: { 'content-type': type } })).json();
}

/**
 * Stores the report as the current draft, on condition that the current draft is still `basedOn`
 * (null: there is none). An ApiError of status 412 means someone else stored one meanwhile.
 */
export async function saveDraft(credential: Credential, year: number, report: unknown, basedOn: string | null): Promise<string> {
  const condition: Record<string, string> = basedOn ? { 'if-match': `"${basedOn}"` } : { 'if-none-match': '*' };
  const response = await call(credential, `${draftPath(credential, year)}?incomplete=true`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...condition },
    body: JSON.stringify(report),
  });
  return etagValue(response.headers.get('etag'))!;
}

/** The credential goes along: a server may require it on the checking routes too (checksNeedToken). */
export async function renderPdf(credential: Credential, report: unknown): Promise<Blob> {
  const response = await call(credential, '/v1/reports/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
  return response.blob();
}

export interface Published {
  created: boolean;
  record: { sha256: string; pages: number; bytes: number; createdAt: string; keys: Record<string, string> };
  links: { pdf: string; source: string; record: string };
}

export async function publishReport(credential: Credential, report: unknown): Promise<Published> {
  const response = await call(credential, '/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
  return response.json();
}
