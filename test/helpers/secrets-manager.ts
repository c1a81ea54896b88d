/**
 * A local stand-in for the Secrets Manager API, for tests of code that reads a secret through
 * the AWS SDK over HTTP (point the SDK at it with AWS_ENDPOINT_URL_SECRETS_MANAGER): the JSON 1.1
 * protocol's GetSecretValue and PutSecretValue as the API reference defines them
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html), for
 * secrets held in memory. It counts the reads, so a test can see what a cache saved, and can be
 * made to fail, as an unreachable service would.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  endpoint: string;
  /** GetSecretValue calls answered so far. */
  reads: number;
  /** While set, every call answers 500 InternalServiceError. */
  failing: boolean;
  stop(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeSecretsManager(secrets: Map<string, string>): Promise<FakeSecretsManager> {
  const versions = new Map<string, number>();
  const state = { reads: 0, failing: false };
  const server = createServer(async (request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    };
    const action = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    const input = await bodyOf(request);
    const id = String(input.SecretId);
    if (state.failing) return answer(500, { __type: 'InternalServiceError', message: 'the service is failing (test)' });
    if (action === 'GetSecretValue') {
      state.reads++;
      if (!secrets.has(id)) return answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      return answer(200, { ARN: id, Name: id, SecretString: secrets.get(id), VersionId: `v${versions.get(id) ?? 1}`, VersionStages: ['AWSCURRENT'], CreatedDate: Date.now() / 1000 });
    }
    if (action === 'PutSecretValue') {
      secrets.set(id, String(input.SecretString));
      versions.set(id, (versions.get(id) ?? 1) + 1);
      return answer(200, { ARN: id, Name: id, VersionId: `v${versions.get(id)}`, VersionStages: ['AWSCURRENT'] });
    }
    answer(400, { __type: 'InvalidAction', message: `not in this fake: ${action}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
