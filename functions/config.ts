/**
 * The environment → a typed `Config`, once, in entry files only (docs/design.md "Interfaces that
 * users and scripts rely on"). Every error names the variable to set and what it accepts, since
 * the reader is an operator. Empty variables count as unset, as compose
 * files and CI often define them empty.
 */
import { z } from 'zod';
import { DEFAULT_JWT_ALGORITHMS, DEFAULT_JWT_CLAIMS, type JwtSettings } from './access/jwt';
import type { ArchiveLocation } from './archive/from-config';
import { isSafeKey } from './archive/keys';

export interface Config {
  archive: ArchiveLocation;
  /** HTTP port of `nianbao serve`. */
  port: number;
  /** The server's own bearer token, an operator's; issued tokens (access/tokens.ts) work beside it. */
  token?: string;
  /** JWTs of the province's identity provider as credentials, where NIANBAO_JWKS_URL is set. */
  jwt?: JwtSettings;
  /** Documents printed at once. */
  concurrency: number;
  /** Another Chromium binary instead of the bundled one. */
  chromiumPath?: string;
  /** Documents waiting for the printer before new ones get 503; a deeper queue only means longer waits. */
  maxQueued: number;
  /** Preview and render requests per minute per client; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Address `nianbao serve` listens on; 127.0.0.1 unless exposed on purpose (0.0.0.0 in a container). */
  host: string;
  /** Origins whose pages may call the API from a browser, or ['*']; empty: none. */
  corsOrigins: string[];
  /** Seconds `nianbao serve` waits for a whole request, its body included, before answering 408. */
  requestTimeoutSeconds: number;
  /** Connections `nianbao serve` keeps open at once; further ones are closed at once. */
  maxConnections: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** S3 bucket naming rules: 3–63 of a-z, 0-9, ".", "-", starting and ending with a letter or digit. */
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const archiveLocation = z
  .string()
  .refine((value) => !value.includes('\0'), 'contains a NUL character')
  .transform((value, ctx) => {
    if (!value.startsWith('s3://')) return { kind: 'fs' as const, root: value };
    const [bucket = '', ...rest] = value.slice('s3://'.length).split('/');
    const prefix = rest.filter(Boolean).join('/');
    if (!S3_BUCKET.test(bucket)) ctx.addIssue({ code: 'custom', message: `"${bucket}" is not an S3 bucket name` });
    if (prefix && !isSafeKey(prefix)) {
      ctx.addIssue({ code: 'custom', message: `prefix "${prefix}" must be segments of a-z, 0-9, ".", "_", "-"` });
    }
    return { kind: 's3' as const, bucket, prefix: prefix ? `${prefix}/` : '' };
  });

/** "*" or a comma-separated list of origins such as https://forms.example.gov.cn (scheme, host, port). */
const origins = z.string().transform((value, ctx) => {
  const list = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of list) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin: scheme and host (and port), no path or trailing "/", e.g. https://forms.example.gov.cn` });
    }
  }
  return list;
});

/** https, or http to this machine (a provider on the same host, a test). */
const jwksUrl = z.url({ protocol: /^https?$/, error: 'expected an https URL' }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}, 'must be https (http only to 127.0.0.1 or localhost): the keys decide who may publish');

const claimName = z.string().regex(/^[\w:./-]{1,100}$/, 'expected a claim name such as nianbao_role');

const flag = z.enum(['true', 'false', '1', '0'], { error: 'expected true, false, 1 or 0' }).transform((v) => v === 'true' || v === '1');

const wholeNumber = (min: number, max: number) =>
  z.coerce.number({ error: `expected a whole number from ${min} to ${max}` }).int().min(min).max(max);

/** What a publishing token must be, wherever it comes from (the environment, a secret store). */
export const publishingToken = z
  .string()
  .min(16, 'must be at least 16 characters (a guessable token opens publishing)')
  // "Authorization: Bearer <token>" carries one b64token (RFC 6750 §2.1): a space, a line break
  // (a secret file's last newline) or other punctuation would make a token no client can send.
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'must be letters, digits and - . _ ~ + / (then any "="), without spaces or line breaks');

const environment = z.object({
  NIANBAO_ARCHIVE: archiveLocation.default({ kind: 'fs', root: './archive' }),
  NIANBAO_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  NIANBAO_S3_REGION: z.string().default('us-east-1'),
  NIANBAO_S3_FORCE_PATH_STYLE: flag.default(false),
  NIANBAO_TOKEN: publishingToken.optional(),
  NIANBAO_JWKS_URL: jwksUrl.optional(),
  NIANBAO_JWT_ISSUER: z.string().optional(),
  NIANBAO_JWT_AUDIENCE: z.string().optional(),
  NIANBAO_JWT_ROLE_CLAIM: claimName.default(DEFAULT_JWT_CLAIMS.role),
  NIANBAO_JWT_AGENCIES_CLAIM: claimName.default(DEFAULT_JWT_CLAIMS.agencies),
  NIANBAO_JWT_REGION_CLAIM: claimName.default(DEFAULT_JWT_CLAIMS.region),
  NIANBAO_CONCURRENCY: wholeNumber(1, 64).optional(),
  CHROMIUM_PATH: z.string().optional(),
  PORT: wholeNumber(1, 65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  NIANBAO_MAX_QUEUE: wholeNumber(0, 10_000).optional(),
  NIANBAO_RATE_LIMIT: wholeNumber(0, 1_000_000).default(120),
  NIANBAO_CORS_ORIGINS: origins.default([]),
  NIANBAO_REQUEST_TIMEOUT: wholeNumber(1, 3600).default(30),
  NIANBAO_MAX_CONNECTIONS: wholeNumber(1, 100_000).default(64),
});

export function loadConfig(env: { [name: string]: string | undefined }): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const shown = name === 'NIANBAO_TOKEN' ? '(hidden)' : JSON.stringify(present[name] ?? '');
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const archive: ArchiveLocation =
    e.NIANBAO_ARCHIVE.kind === 'fs'
      ? e.NIANBAO_ARCHIVE
      : {
          ...e.NIANBAO_ARCHIVE,
          endpoint: e.NIANBAO_S3_ENDPOINT,
          region: e.NIANBAO_S3_REGION,
          forcePathStyle: e.NIANBAO_S3_FORCE_PATH_STYLE,
        };
  // navigator.hardwareConcurrency exists in Node ≥ 21 and Workers; the printer pool defaults to the cores.
  const concurrency = e.NIANBAO_CONCURRENCY ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  return {
    archive,
    port: e.PORT,
    host: e.HOST,
    token: e.NIANBAO_TOKEN,
    jwt: e.NIANBAO_JWKS_URL
      ? {
          jwksUrl: e.NIANBAO_JWKS_URL,
          issuer: e.NIANBAO_JWT_ISSUER,
          audience: e.NIANBAO_JWT_AUDIENCE,
          claims: { role: e.NIANBAO_JWT_ROLE_CLAIM, agencies: e.NIANBAO_JWT_AGENCIES_CLAIM, region: e.NIANBAO_JWT_REGION_CLAIM },
          algorithms: DEFAULT_JWT_ALGORITHMS,
        }
      : undefined,
    concurrency,
    chromiumPath: e.CHROMIUM_PATH,
    // Four documents per slot: a full queue then drains in about 4 × 0.3 s, so a client that gets
    // in waits little and one that does not learns it at once (503) instead of timing out.
    maxQueued: e.NIANBAO_MAX_QUEUE ?? 4 * concurrency,
    rateLimitPerMinute: e.NIANBAO_RATE_LIMIT,
    corsOrigins: e.NIANBAO_CORS_ORIGINS,
    requestTimeoutSeconds: e.NIANBAO_REQUEST_TIMEOUT,
    maxConnections: e.NIANBAO_MAX_CONNECTIONS,
  };
}
