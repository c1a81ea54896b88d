/**
 * The CDK stack (infra/lib/nianbao-stack.ts) as CloudFormation, asserted with
 * aws-cdk-lib/assertions: the resources exist and are wired, each function's role reaches only
 * its bucket, its queue and its log group, the bucket is private, and cdk-nag's AWS Solutions
 * rules find nothing that is not acknowledged with a reason. The functions get stand-in code:
 * bundling (esbuild, npm ci of Chromium, the fonts) is what `npm run synth` and
 * `npm run package:size` do and check; here it would only slow every synthesis down.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { NianbaoStack, type NianbaoStackProps } from '../../infra/lib/nianbao-stack';

function synth(props: Partial<NianbaoStackProps> = {}) {
  const stack = new NianbaoStack(new App(), 'Nianbao', { code: lambda.Code.fromInline('export const http = () => {};'), ...props });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
const resources = (type: string) => template.findResources(type);
const logicalIdOf = (type: string, match: (properties: any) => boolean) =>
  Object.entries(resources(type)).find(([, resource]) => match(resource.Properties ?? {}))![0];

const archiveId = logicalIdOf('AWS::S3::Bucket', (p) => p.VersioningConfiguration?.Status === 'Enabled');
const queueId = logicalIdOf('AWS::SQS::Queue', (p) => p.RedrivePolicy !== undefined);
const deadLettersId = logicalIdOf('AWS::SQS::Queue', (p) => p.VisibilityTimeout === 360);
const scheduleDeadLettersId = logicalIdOf('AWS::SQS::Queue', (p) => p.VisibilityTimeout === undefined);
const secretId = logicalIdOf('AWS::SecretsManager::Secret', () => true);
const topicId = logicalIdOf('AWS::SNS::Topic', () => true);
const functionId = (handler: string) => logicalIdOf('AWS::Lambda::Function', (p) => p.Handler === `index.${handler}`);

/** Every statement of the role's policies, with intrinsic functions left as they are. */
function statementsOf(handler: string): any[] {
  const roleId = resources('AWS::Lambda::Function')[functionId(handler)]!.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The logical ids a resource entry refers to (Ref / Fn::GetAtt), anywhere inside it. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') return [object.Ref];
    if (Array.isArray(object['Fn::GetAtt'])) return [object['Fn::GetAtt'][0] as string];
    return Object.values(object).flatMap(referencedIds);
  }
  return [];
}

describe('the nianbao stack', () => {
  it('has four Node 22 x86_64 functions from one bundle, sized for what they run', () => {
    const functions = Object.values(resources('AWS::Lambda::Function')).map((r) => r.Properties);
    expect(functions.map((p) => [p.Handler, p.Runtime, p.Architectures, p.MemorySize, p.Timeout]).sort()).toEqual([
      ['index.deadLetters', 'nodejs22.x', ['x86_64'], 512, 60],
      ['index.http', 'nodejs22.x', ['x86_64'], 2048, 60],
      ['index.planner', 'nodejs22.x', ['x86_64'], 512, 300],
      ['index.worker', 'nodejs22.x', ['x86_64'], 2048, 300],
    ]);
    for (const p of functions) expect(p.EphemeralStorage).toEqual({ Size: 1024 });
    expect(functions.every((p) => p.ReservedConcurrentExecutions === undefined)).toBe(true);
    synth({ httpMaxConcurrency: 20 }).template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.http', ReservedConcurrentExecutions: 20 });
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [functionId('http'), 'Arn'] } });
  });

  it('gives the http function the archive and the name of the token\'s secret, never the token, which it may read and only it', () => {
    const environment = resources('AWS::Lambda::Function')[functionId('http')]!.Properties.Environment.Variables;
    expect(environment.NIANBAO_ARCHIVE).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: archiveId }]] });
    expect(environment.NIANBAO_TOKEN_SECRET).toEqual({ Ref: secretId });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager:|NIANBAO_TOKEN"/);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 40, ExcludePunctuation: true } });
    const reads = statementsOf('http').filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.map((s) => s.Resource)).toEqual([{ Ref: secretId }]);
  });

  it('gives the http function the identity provider and CORS settings a deployer names, checked at synthesis', () => {
    const settings = { NIANBAO_JWKS_URL: 'https://idp.example.gov.cn/jwks', NIANBAO_JWT_ISSUER: 'https://idp.example.gov.cn', NIANBAO_JWT_AUDIENCE: 'nianbao', NIANBAO_CORS_ORIGINS: 'https://forms.example.gov.cn' };
    const { template: configured } = synth({ httpSettings: settings });
    configured.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.http', Environment: { Variables: Match.objectLike(settings) } });
    expect(() => synth({ httpSettings: { NIANBAO_JWKS_URL: 'http://idp.example.gov.cn/jwks' } })).toThrow(/NIANBAO_JWKS_URL=.*must be https/);
  });

  it('keeps the archive private: all public access blocked, no public policy, HTTPS only, encrypted, versioned, drafts expire', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'drafts/', ExpirationInDays: 730, NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]) },
    });
    const archivePolicy = Object.values(resources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === archiveId)!;
    const statements = archivePolicy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    expect(resources('AWS::S3::Bucket')[archiveId]!.DeletionPolicy).toBe('Retain');
  });

  it('puts the archive under Object Lock by default (governance, ten years), with the retention and mode configurable, and off on request', () => {
    expect(resources('AWS::S3::Bucket')[archiveId]!.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } },
    });
    synth({ objectLock: { mode: 'COMPLIANCE', years: 30 } }).template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 * 30 } } },
    });
    const unlocked = synth({ objectLock: false }).template.findResources('AWS::S3::Bucket');
    expect(Object.values(unlocked).map((bucket) => [bucket.Properties.ObjectLockEnabled, bucket.Properties.ObjectLockConfiguration])).toEqual([[undefined, undefined], [false, undefined]]);
  });

  it('locks an existing bucket in place: its creation-time flag kept as deployed (false), since changing it makes CloudFormation replace the bucket', () => {
    const existing = Object.values(synth({ objectLock: { mode: 'GOVERNANCE', years: 10, existingBucket: true } }).template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }))[0]!;
    expect(existing.Properties.ObjectLockEnabled).toBe(false);
    expect(existing.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } } });
  });

  it('lets each function touch only its bucket, its queue and its own log group', () => {
    const allowed = {
      http: { actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], ids: [archiveId, secretId] },
      worker: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        ids: [archiveId, queueId],
      },
      planner: { actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], ids: [archiveId, queueId] },
      deadLetters: {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        ids: [archiveId, deadLettersId],
      },
    };
    for (const [handler, { actions, ids }] of Object.entries(allowed)) {
      const statements = statementsOf(handler);
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
      expect([...new Set(statements.flatMap((s) => [s.Action].flat()))].sort()).toEqual(actions);
      const ownLogs = Object.keys(resources('AWS::Logs::LogGroup')).find((id) => id.startsWith(`${handler[0]!.toUpperCase()}${handler.slice(1)}Logs`));
      const referenced = [...new Set(statements.flatMap((s) => referencedIds(s.Resource)))];
      expect(referenced.sort()).toEqual([...ids, ownLogs].sort());
      // No statement names every resource.
      expect(statements.flatMap((s) => [s.Resource].flat())).not.toContain('*');
    }
    for (const handler of ['planner', 'deadLetters']) {
      const writes = statementsOf(handler).filter((s) => [s.Action].flat().includes('s3:PutObject'));
      expect(writes.map((s) => s.Resource)).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [archiveId, 'Arn'] }, '/batches/*']] }]);
    }
    for (const handler of Object.keys(allowed)) {
      expect(statementsOf(handler).flatMap((s) => [s.Action].flat()).some((action: string) => /Delete(Object|Bucket)|Put(Bucket|Object)Acl|PutBucketPolicy/.test(action))).toBe(false);
    }
    // No managed policy (AWSLambdaBasicExecutionRole would allow logs on every group).
    for (const role of Object.values(resources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('feeds the worker from the batch queue one message at a time with partial batch responses, dead-letters after five deliveries, and feeds the dead letters to their own function', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 5 },
      // At least six times the worker's 300 s timeout.
      VisibilityTimeout: 1800,
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('worker') },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 1,
    });
    // Lambda refuses an SQS event source whose visibility timeout is below the function's (60 s).
    expect(resources('AWS::SQS::Queue')[deadLettersId]!.Properties.VisibilityTimeout).toBe(360);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('deadLetters') },
      EventSourceArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    for (const handler of ['worker', 'deadLetters']) {
      expect(resources('AWS::Lambda::Function')[functionId(handler)]!.Properties.Environment.Variables.NIANBAO_BATCH_MAX_RECEIVES).toBe('5');
    }
  });

  it('plans the year-end batch on 1 February at 02:00 in Shanghai, passing the fire time, and the schedule can be changed', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 1 2 ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId('planner'), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
    synth({ batchSchedule: 'cron(30 3 5 2 ? *)', batchTimeZone: 'Asia/Urumqi' }).template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 3 5 2 ? *)',
      ScheduleExpressionTimezone: 'Asia/Urumqi',
    });
  });

  it('sends a fire the planner could not take to the schedule\'s own dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [scheduleDeadLettersId, 'Arn'] } }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
  });

  it('raises alarms to one topic: a dead-letter queue that fills, a function that fails, a batch that did not finish', () => {
    const alarms = Object.entries(resources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => [id, alarm.Properties] as const);
    for (const [, alarm] of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    const byId = (prefix: string) => alarms.find(([id]) => id.startsWith(prefix))![1];

    expect(byId('ScheduleDeadLettersAlarm')).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [scheduleDeadLettersId, 'QueueName'] } }], Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(byId('BatchDeadLettersAlarm')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }], Statistic: 'Minimum', EvaluationPeriods: 3 });
    const notFinished = byId('BatchNotFinishedAlarm');
    expect(notFinished.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'IF(age > 21600, 1, 0)' }),
      expect.objectContaining({ Id: 'age', MetricStat: expect.objectContaining({ Metric: expect.objectContaining({ MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] }) }) }),
    ]));
    for (const handler of ['http', 'worker', 'planner', 'deadLetters']) {
      const errors = alarms.filter(([, alarm]) => alarm.MetricName === 'Errors' && alarm.Dimensions?.[0]?.Value?.Ref === functionId(handler));
      expect(errors, handler).toHaveLength(1);
      expect(errors[0]![1]).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1 });
    }
    expect(alarms).toHaveLength(7);
    expect(Object.keys(resources('AWS::SNS::Subscription'))).toHaveLength(0);
    synth({ alarmEmail: 'ops@example.gov.cn' }).template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.gov.cn' });
  });

  it('puts an API Gateway HTTP API in front of the http function instead of a function URL where asked (AWS China), throttled and logged', () => {
    const { stack: apiStack, template: api } = synth({ endpoint: 'httpApi' });
    expect(Object.keys(api.findResources('AWS::Lambda::Url'))).toEqual([]);
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    api.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [functionId('http'), 'Arn'] } });
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    api.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    expect(JSON.stringify(api.toJSON().Outputs.Url.Value)).toContain('execute-api');
    const report = new AwsSolutionsChecks().validateScope(apiStack as Stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

  it('passes cdk-nag AWS Solutions checks, every finding fixed or acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(stack as Stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});
