/**
 * Lambda events as AWS sends them, typed by @types/aws-lambda and filled in after the documented
 * examples: API Gateway REST (payload 1.0,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html),
 * HTTP API (payload 2.0, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 * function URLs (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html), SQS
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html) and the invocation context.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context, LambdaFunctionURLEvent, SQSEvent } from 'aws-lambda';

export interface HttpCall {
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** JSON-encoded unless a string; sent base64-encoded when `base64` is set, as gateways do for binary bodies. */
  body?: unknown;
  base64?: boolean;
}

const ACCOUNT = '123456789012';
const TIME = '27/Nov/2026:04:00:00 +0000';
const EPOCH = 1_795_752_000_000;

function bodyOf(call: HttpCall): { body: string | null; isBase64Encoded: boolean } {
  if (call.body === undefined) return { body: null, isBase64Encoded: false };
  const text = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  return call.base64 ? { body: Buffer.from(text).toString('base64'), isBase64Encoded: true } : { body: text, isBase64Encoded: false };
}

function headersOf(call: HttpCall, host: string): Record<string, string> {
  return { host, 'user-agent': 'lambda-test', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers };
}

function queryString(query: Record<string, string> = {}): string {
  return new URLSearchParams(query).toString();
}

/** Payload format 2.0 as the HTTP API and function URLs send it; they differ in the request context. */
function payloadV2(call: HttpCall, domainName: string, apiId: string) {
  const { body, isBase64Encoded } = bodyOf(call);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: call.path,
    rawQueryString: queryString(call.query),
    headers: headersOf(call, domainName),
    queryStringParameters: call.query,
    body: body ?? undefined,
    isBase64Encoded,
    requestContext: {
      accountId: ACCOUNT,
      apiId,
      domainName,
      domainPrefix: apiId,
      http: { method: call.method, path: call.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'lambda-test' },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: TIME,
      timeEpoch: EPOCH,
    },
  };
}

export function httpApiEvent(call: HttpCall): APIGatewayProxyEventV2 {
  return payloadV2(call, 'r4nd0m1d.execute-api.cn-north-1.amazonaws.com.cn', 'r4nd0m1d');
}

export function functionUrlEvent(call: HttpCall): LambdaFunctionURLEvent {
  const urlId = 'abcdefghijklmnopqrstuvwxyz234567';
  return { ...payloadV2(call, `${urlId}.lambda-url.cn-north-1.on.aws`, urlId), pathParameters: undefined, stageVariables: undefined };
}

export function restApiEvent(call: HttpCall): APIGatewayProxyEvent {
  const { body, isBase64Encoded } = bodyOf(call);
  const headers = headersOf(call, 'r4nd0m1d.execute-api.cn-north-1.amazonaws.com.cn');
  return {
    resource: '/{proxy+}',
    path: call.path,
    httpMethod: call.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: call.query ?? null,
    multiValueQueryStringParameters: call.query ? Object.fromEntries(Object.entries(call.query).map(([name, value]) => [name, [value]])) : null,
    pathParameters: { proxy: call.path.slice(1) },
    stageVariables: null,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'r4nd0m1d',
      authorizer: null,
      httpMethod: call.method,
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '203.0.113.7', user: null,
        userAgent: 'lambda-test', userArn: null,
      },
      path: `/prod${call.path}`,
      protocol: 'HTTP/1.1',
      requestId: crypto.randomUUID(),
      requestTimeEpoch: EPOCH,
      resourceId: 'abc123',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
  };
}

/** One SQS record per body, as the event source mapping delivers a batch from a standard queue. */
export function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      receiptHandle: `receipt-${index}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(EPOCH),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(EPOCH),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:nianbao-batch`,
      awsRegion: 'cn-north-1',
    })),
  };
}

export function lambdaContext(functionName = 'nianbao-http'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '2048',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/27/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
