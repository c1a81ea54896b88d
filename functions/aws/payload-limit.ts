/**
 * Lambda's 6 MB payload limit on synchronous invocations, each way
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). A request over it
 * never reaches the function: Lambda refuses it (a function URL answers 413). A response over it
 * would make the invocation fail and the caller get a bare 502, so the handler answers instead
 * with a 413 problem that says what to do. Binary bodies (a PDF) travel base64-encoded, so a
 * draft PDF of more than about 4.5 MB is what meets it.
 */
import type { Logger } from '../logger';
import { problemBody } from '../http/problem';

const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

interface LambdaHttpResult {
  statusCode: number;
  body?: string;
}

/** The result as it is, if Lambda can return it; else the 413 problem in its place. */
export function withinPayloadLimit<Result extends LambdaHttpResult>(result: Result, requestId: string, logger: Logger): Result | LambdaHttpResult & { headers: Record<string, string>; isBase64Encoded: false } {
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes <= LAMBDA_PAYLOAD_BYTES) return result;
  logger.error({ msg: 'response over the Lambda payload limit', requestId, status: result.statusCode, bytes });
  const zh = `结果编码后为 ${bytes} 字节，超过 AWS Lambda 每次调用 ${LAMBDA_PAYLOAD_BYTES} 字节的上限；请发布后从存档下载 PDF（存档链接直接指向 S3），或在 Node 服务器上生成`;
  const en = `the response encodes to ${bytes} bytes, over AWS Lambda's limit of ${LAMBDA_PAYLOAD_BYTES} bytes per invocation; publish the report and download the PDF from the archive (its link leads straight to S3), or render it on a Node server`;
  return {
    statusCode: 413,
    headers: { 'content-type': 'application/problem+json' },
    body: problemBody({ type: 'response-too-large', title: 'The response is too large for AWS Lambda', status: 413, zh, en }, requestId),
    isBase64Encoded: false,
  };
}
