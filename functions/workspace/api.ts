/**
 * The workspace's calls to the app's own API. The credential is the one place sign-in lives:
 * today the server's single bearer token; per-agency credentials (issue 19) change `signIn` and
 * nothing else.
 */
export interface Credential {
  agencyId: string;
  token: string;
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

const SESSION_KEY = 'nianbao:credential';

const etagValue = (etag: string | null) => etag?.replace(/^W\//, '').replace(/"/g, '') ?? null;

async function call(credential: Credential | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (credential) headers.set('authorization', `Bearer ${credential.token}`);
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ en: `HTTP ${response.status}` }));
    throw new ApiError(response.status, problem, etagValue(response.headers.get('etag')));
  }
  return response;
}

/** Checks the credential against the server; the agency's years on success. */
export async function signIn(credential: Credential): Promise<AgencyYear[]> {
  const years = await agencyYears(credential);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(credential));
  return years;
}

export function signedIn(): Credential | null {
  const stored = sessionStorage.getItem(SESSION_KEY);
  return stored ? (JSON.parse(stored) as Credential) : null;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
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
