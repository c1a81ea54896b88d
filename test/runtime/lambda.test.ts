/**
 * The Lambda entry invoked as Lambda invokes it: the real `http` handler with the documented
 * event shapes of API Gateway REST (v1), the HTTP API (v2) and a function URL, against a real
 * S3-compatible server (s3rver behind the proxy that honours If-None-Match as S3 does) and the
 * bundled Chromium (issue 6); and the year-end batch as AWS runs it: the `planner` queues one
 * message per draft on a real SQS-compatible server (fauxqs), and the `worker` gets those
 * messages, received from it, as an SQS event. The publishing token comes from Secrets Manager
 * through the AWS SDK, over HTTP, from a local stand-in of its API (helpers/secrets-manager.ts).
 * The environment is set before the entry is imported, since the entry reads it once per container.
 */
import { createHash } from 'node:crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadExample } from '../helpers/examples';
import { readObject } from '../../functions/archive/archive';
import { createS3Archive } from '../../functions/archive/s3';
import type { StartedRun } from '../../functions/batch/queued';
import { systemClock } from '../../functions/clock';
import { storeDraft } from '../../functions/drafts/store';
import { functionUrlEvent, httpApiEvent, lambdaContext, restApiEvent, sqsEvent, type HttpCall } from '../helpers/lambda-events';
import { noisePng } from '../helpers/noise-png';
import { startS3Proxy, type RunningS3Proxy } from '../helpers/s3-proxy';
import { startFakeSecretsManager, type FakeSecretsManager } from '../helpers/secrets-manager';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../helpers/s3rver';

const SECRET_ID = 'nianbao/publishing-token';
/** The secret's value; the rotation test changes it. */
let token = 'lambda-test-token-0123456789';
let secretsManager: FakeSecretsManager;
let s3rver: RunningS3rver;
let s3: RunningS3Proxy;
let sqs: Awaited<ReturnType<typeof startFauxqs>>;
let queueUrl: string;
let http: (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;
let planner: (event: unknown, context: Context) => Promise<StartedRun>;
let worker: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let deadLetters: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
/** What the entry logged (Lambda's stdout), kept across tests. */
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  s3rver = await startS3rver();
  s3 = await startS3Proxy(s3rver, { conforming: true });
  sqs = await startFauxqs({ port: 0, logger: false });
  secretsManager = await startFakeSecretsManager(new Map([[SECRET_ID, token]]));
  // fauxqs names queues sqs.<region>.localhost, which need not resolve here; the path names the queue.
  queueUrl = new URL(new URL(sqs.createQueue('nianbao-batch').queueUrl).pathname, sqs.address).href;
  vi.stubEnv('NIANBAO_BATCH_QUEUE_URL', queueUrl);
  vi.stubEnv('NIANBAO_BATCH_MAX_RECEIVES', '3');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('NIANBAO_ARCHIVE', `s3://${s3rver.bucket}/lambda`);
  vi.stubEnv('NIANBAO_S3_ENDPOINT', s3.endpoint);
  vi.stubEnv('NIANBAO_S3_FORCE_PATH_STYLE', 'true');
  vi.stubEnv('NIANBAO_S3_REGION', 'cn-north-1');
  vi.stubEnv('NIANBAO_TOKEN_SECRET', SECRET_ID);
  vi.stubEnv('NIANBAO_TOKEN_CACHE_SECONDS', '1');
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secretsManager.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', S3RVER_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', S3RVER_CREDENTIALS.secretAccessKey);
  vi.spyOn(console, 'info').mockImplementation((fields) => void logged.push(fields));
  vi.spyOn(console, 'error').mockImplementation((fields) => void logged.push({ level: 'error', ...fields }));
  // The SDK warns that the queue URL's host differs from the regional endpoint: intended here.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  ({ http, planner, worker, deadLetters } = (await import('../../functions/lambda')) as unknown as { http: typeof http; planner: typeof planner; worker: typeof worker; deadLetters: typeof deadLetters });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await sqs?.stop();
  await secretsManager?.stop();
  await s3?.stop();
  await s3rver?.stop();
});

const invoke = (event: unknown) => http(event, lambdaContext());
const jsonOf = (result: APIGatewayProxyResult) => JSON.parse(result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body);
const headerOf = (result: APIGatewayProxyResult, name: string) => result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];
const post = (path: string, body: unknown, headers: Record<string, string> = {}): HttpCall => ({ method: 'POST', path, body, headers });
const withToken = () => ({ authorization: `Bearer ${token}` });

describe('the Lambda http handler', () => {
  it('serves the authors’ workspace and its script', async () => {
    const page = await invoke(httpApiEvent({ method: 'GET', path: '/workspace' }));
    expect(page.statusCode).toBe(200);
    const script = /src="(\/workspace\/app-[0-9a-f]{16}\.js)"/.exec(String(page.body))![1]!;
    const response = await invoke(httpApiEvent({ method: 'GET', path: script }));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/javascript/);
  });

  it('validates through an HTTP API (v2) event: 200 for a consistent report, 422 with JSON paths for violations', async () => {
    const valid = await invoke(httpApiEvent(post('/v1/reports/validate', loadExample('consistent2021'), withToken())));
    expect(valid.statusCode).toBe(200);
    expect(jsonOf(valid)).toMatchObject({ ok: true, formatVersion: expect.any(String) });

    const invalid = await invoke(httpApiEvent({ ...post('/v1/reports/validate', loadExample('violations2021'), withToken()), base64: true }));
    expect(invalid.statusCode).toBe(422);
    expect(headerOf(invalid, 'content-type')).toMatch(/^application\/problem\+json/);
    expect(jsonOf(invalid).problems.length).toBeGreaterThan(0);
    expect(jsonOf(invalid).problems[0].path).toEqual(expect.any(String));
  });

  it('renders through a REST API (v1) event: the PDF comes back base64-encoded', async () => {
    const result = await invoke(restApiEvent(post('/v1/reports/render', loadExample('seed2020'), withToken())));
    expect(result.statusCode, JSON.stringify(logged.filter((fields) => fields.level === 'error'))).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(headerOf(result, 'content-type')).toBe('application/pdf');
    const pdf = Buffer.from(result.body, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.byteLength).toBeGreaterThan(10_000);
  });

  it('publishes through a function URL with the token (201, then 200), lists, and redirects a download to a presigned S3 URL', async () => {
    const report = loadExample('consistent2021');
    const unauthorised = await invoke(functionUrlEvent(post('/v1/reports', report)));
    expect(unauthorised.statusCode).toBe(401);

    const first = await invoke(functionUrlEvent(post('/v1/reports', report, { authorization: `Bearer ${token}` })));
    expect(first.statusCode).toBe(201);
    const { record, links } = jsonOf(first);
    const again = await invoke(functionUrlEvent(post('/v1/reports', report, { authorization: `Bearer ${token}` })));
    expect(again.statusCode).toBe(200);
    expect(jsonOf(again).record.sha256).toBe(record.sha256);

    const listing = jsonOf(await invoke(httpApiEvent({ method: 'GET', path: '/v1/archive', query: { year: String(report.year) } })));
    expect(listing.items.map((item: { sha256: string }) => item.sha256)).toEqual([record.sha256]);

    const download = await invoke(functionUrlEvent({ method: 'GET', path: links.pdf }));
    expect(download.statusCode).toBe(302);
    const location = headerOf(download, 'location') as string;
    expect(location).toContain('X-Amz-Signature=');
    const bytes = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.sha256);
  });

  it('answers /readyz through REST v1 with the archive and the browser, which stayed warm across every invocation', async () => {
    const result = await invoke(restApiEvent({ method: 'GET', path: '/readyz' }));
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ status: 'ok', checks: { archive: 'ok', browser: 'ok' } });
    const launches = logged.filter((fields) => fields.msg === 'print.browser_launched');
    expect(launches).toHaveLength(1);
  });
});

describe('the Lambda http handler at its edges', () => {
  it('takes the token on validate, preview and render too: 401 without it', async () => {
    for (const route of ['validate', 'preview', 'render']) {
      const refused = await invoke(functionUrlEvent(post(`/v1/reports/${route}`, loadExample('consistent2021'))));
      expect(refused.statusCode, route).toBe(401);
      expect(headerOf(refused, 'www-authenticate')).toBe('Bearer realm="nianbao"');
    }
  });

  it('answers a draft PDF too large for Lambda\'s 6 MB response with a 413 problem instead of a failed invocation', async () => {
    const report = loadExample('seed2020');
    // The request (about 2.7 MB) fits in an invocation; the PDF, three times the image, does not.
    firstImageOf(report).data = noisePng(1400, 'palette').toString('base64');
    const result = await invoke(functionUrlEvent(post('/v1/reports/render', report, withToken())));
    expect(result.statusCode).toBe(413);
    expect(headerOf(result, 'content-type')).toBe('application/problem+json');
    const problem = jsonOf(result);
    expect(problem).toMatchObject({ status: 413, type: expect.stringMatching(/response-too-large$/), zh: expect.stringContaining('6291456'), en: expect.stringContaining("over AWS Lambda's limit of 6291456 bytes") });
    expect(Number(/encodes to (\d+) bytes/.exec(problem.en)![1])).toBeGreaterThan(6 * 1024 * 1024);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'response over the Lambda payload limit', status: 200 }));
  });

  it('reads the token from Secrets Manager once per cache period, and takes a new value without a redeploy', async () => {
    const validate = async (bearer: string) => (await invoke(httpApiEvent(post('/v1/reports/validate', loadExample('consistent2021'), { authorization: `Bearer ${bearer}` })))).statusCode;
    await sleep(1100);
    const reads = secretsManager.reads;
    expect([await validate(token), await validate(token)]).toEqual([200, 200]);
    expect(secretsManager.reads).toBe(reads + 1);

    const rotated = 'rotated-token-abcdefghijklmnop';
    const client = new SecretsManagerClient({ endpoint: secretsManager.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
    await client.send(new PutSecretValueCommand({ SecretId: SECRET_ID, SecretString: rotated }));
    // Within the cache period (1 s here, 60 s by default) the value read before still holds.
    expect([await validate(token), await validate(rotated)]).toEqual([200, 401]);
    await sleep(1100);
    expect([await validate(rotated), await validate(token)]).toEqual([200, 401]);

    // Secrets Manager unreachable: the value read last keeps publishing open, and the failure is logged.
    secretsManager.failing = true;
    await sleep(1100);
    expect(await validate(rotated)).toBe(200);
    secretsManager.failing = false;
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'publishing token unreadable', secretId: SECRET_ID, usingEarlierValue: true }));
    token = rotated;
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first image block of a report, wherever it sits. */
function firstImageOf(value: any): { data: string } {
  if (value && typeof value === 'object') {
    if (value.type === 'image') return value;
    for (const child of Object.values(value)) {
      const found = firstImageOf(child);
      if (found) return found;
    }
  }
  return undefined as never;
}

/** Two 2021 drafts of agencies that nothing else in this file publishes. */
async function storeTwoDrafts(): Promise<string[]> {
  const archive = createS3Archive({ bucket: s3rver.bucket, prefix: 'lambda/', endpoint: s3.endpoint, region: 'cn-north-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const agencies = ['batch-one', 'batch-two'];
  for (const id of agencies) {
    const report = loadExample('consistent2021');
    report.agency.id = id;
    await storeDraft(report, { archive, clock: systemClock });
  }
  return agencies;
}

async function receiveAll(): Promise<string[]> {
  const client = new SQSClient({ region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
  const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  return Messages.map((message) => message.Body!);
}

describe('the Lambda batch handlers', () => {
  it('plans a year on schedule, queues one SQS message per draft, and the worker publishes them, dropping a malformed message with a log line, then stores the summary', async () => {
    const agencies = await storeTwoDrafts();
    // The schedule fires on 1 February 02:00 in Shanghai, which is still 31 January in UTC.
    const started = await planner({ scheduledTime: '2022-01-31T18:00:00Z' }, lambdaContext('nianbao-planner'));
    expect(started).toMatchObject({ year: 2021, runId: '20220131t180000000z-00000000', queued: 2 });

    const bodies = await receiveAll();
    expect(bodies.map((body) => JSON.parse(body).agencyId).sort()).toEqual(agencies);
    const event = sqsEvent([bodies[0]!, '{"year":2021,"runId":"not-a-run"}', bodies[1]!]);
    const response = await worker(event, lambdaContext('nianbao-worker'));
    expect(response.batchItemFailures).toEqual([]);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'queue message malformed', messageId: event.Records[1]!.messageId }));

    const batchLines = logged.filter((fields) => fields.msg === 'batch report');
    expect(batchLines.map((fields) => [fields.agencyId, fields.outcome]).sort()).toEqual([['batch-one', 'published'], ['batch-two', 'published']]);
    const summary = logged.find((fields) => fields.msg === 'batch summary stored');
    expect(summary?.summary).toBe(`batches/2021/${started.runId}/summary.html`);
    // The summary page comes through the function (its relative links to the PDFs resolve there,
    // not against a signed S3 URL), to token holders only, and never into a shared cache.
    const page = await invoke(httpApiEvent({ method: 'GET', path: `/v1/archive/${summary?.summary}`, headers: { authorization: `Bearer ${token}` } }));
    expect(page.statusCode).toBe(200);
    expect(headerOf(page, 'cache-control')).toBe('no-store');
    expect(headerOf(page, 'content-disposition')).toMatch(/^inline;/);
    expect(headerOf(page, 'content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    const html = page.isBase64Encoded ? Buffer.from(page.body, 'base64').toString() : page.body;
    expect(html).toContain('batch-one');
    const listing = jsonOf(await invoke(httpApiEvent({ method: 'GET', path: '/v1/archive', query: { year: '2021' } })));
    expect(listing.items.map((item: { agency: { id: string } }) => item.agency.id)).toEqual(expect.arrayContaining(agencies));
  });

  it('records a report that SQS dead-lettered as failed from the dead-letter queue, and its run summary completes', async () => {
    const archive = createS3Archive({ bucket: s3rver.bucket, prefix: 'lambda/', endpoint: s3.endpoint, region: 'cn-north-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const report = loadExample('consistent2021');
    report.agency.id = 'batch-three';
    await storeDraft(report, { archive, clock: systemClock });
    const started = await planner({ year: 2021 }, lambdaContext('nianbao-planner'));
    expect(started).toMatchObject({ year: 2021, queued: 1, already: 2 });
    expect(started.runId).not.toMatch(/-00000000$/);

    // Its worker timed out on every delivery; SQS moved the message to the dead-letter queue.
    const response = await deadLetters(sqsEvent(await receiveAll()), lambdaContext('nianbao-dead-letters'));
    expect(response.batchItemFailures).toEqual([]);
    const summary = JSON.parse(new TextDecoder().decode((await readObject(archive, `batches/2021/${started.runId}/summary.json`))!));
    expect(summary.counts).toMatchObject({ already: 2, failed: 1, pending: 0 });
    expect(summary.reports[0]).toMatchObject({ agencyId: 'batch-three', outcome: 'failed', error: { name: 'DeadLettered', message: expect.stringContaining('after 3 deliveries') } });
  });

  it('plans the year an operator names by hand', async () => {
    await expect(planner({ year: 2019 }, lambdaContext('nianbao-planner'))).resolves.toMatchObject({ year: 2019, queued: 0 });
  });
});
