/**
 * nianbao on AWS (issue 6): four functions from one bundle of functions/lambda.ts — `http`
 * behind a function URL, `worker` fed by the batch queue, `deadLetters` fed by its dead-letter
 * queue, `planner` fired by EventBridge Scheduler (with a dead-letter queue of its own) — the
 * archive bucket under Object Lock, the publishing token in Secrets Manager (read at run time),
 * alarms for operators, and for each function a role that reaches only its bucket, its queue,
 * its secret and its own log group.
 *
 * x86_64, not arm64: the npm package @sparticuz/chromium 153 ships x64 binaries only; arm64
 * builds exist only as a separately downloaded Lambda layer (its README, "Can I use ARM or
 * Graviton instances?"), which this project cannot fetch or pin through npm.
 */
import { CfnOutput, Duration, Size, Stack, TimeZone, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as apigateway from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { loadConfig } from '../../functions/config';
import { ArchiveBucket, type ObjectLockSettings } from './archive-bucket';
import { FUNCTION_BUNDLING } from './bundling';

export interface NianbaoStackProps extends StackProps {
  /**
   * The functions' code. Unset: functions/lambda.ts bundled by esbuild with Chromium and the
   * fonts (bundling.ts), as `npm run synth` and deploys do. Unit tests pass a stand-in so each
   * synthesis does not spend the bundling time asserting on IAM and wiring.
   */
  code?: lambda.Code;
  /** See ArchiveBucket; false for none. @default governance mode, ten years */
  objectLock?: ObjectLockSettings | false;
  /**
   * When the year-end batch runs, as an EventBridge Scheduler cron expression in `batchTimeZone`.
   * @default 'cron(0 2 1 2 ? *)': 1 February, 02:00, the first night after the 31 January
   * deadline (政府信息公开条例 第五十条), when the form tools are quiet
   */
  batchSchedule?: string;
  /** An IANA time zone name. @default Asia/Shanghai */
  batchTimeZone?: string;
  /**
   * Reserved concurrency of the http function: caps containers (and cost) under a flood, since a
   * function URL has no throttling of its own. Unset by default because reserving needs that
   * much unreserved account concurrency, and new accounts start with a quota of 10.
   * @default unreserved
   */
  httpMaxConcurrency?: number;
  /**
   * How the http function is reached: its function URL, or an API Gateway HTTP API where
   * function URLs do not exist (the AWS China regions). @default 'functionUrl'
   */
  endpoint?: 'functionUrl' | 'httpApi';
  /** Where the alarms are mailed (an SNS email subscription, confirmed from the first mail). @default none: subscribe to the AlarmTopic output */
  alarmEmail?: string;
  /**
   * Hours after which a batch message still waiting counts as a batch that did not finish. A
   * year's batch at 10 workers and ~10 s a report publishes 3,600 reports an hour. @default 6
   */
  batchDeadlineHours?: number;
  /**
   * The http function's settings among HTTP_SETTINGS (README "Configuration"): the identity
   * provider whose JWTs are credentials, CORS origins. Checked as the function will read them, so a
   * bad value fails the synthesis rather than every cold start. @default none
   */
  httpSettings?: Partial<Record<HttpSetting, string>>;
}

/** The settings a deployer may give the http function (CDK context of the same names). */
export const HTTP_SETTINGS = ['NIANBAO_JWKS_URL', 'NIANBAO_JWT_ISSUER', 'NIANBAO_JWT_AUDIENCE', 'NIANBAO_JWT_ROLE_CLAIM', 'NIANBAO_JWT_AGENCIES_CLAIM', 'NIANBAO_JWT_REGION_CLAIM', 'NIANBAO_CORS_ORIGINS'] as const;
export type HttpSetting = (typeof HTTP_SETTINGS)[number];

/** Chromium needs ≥ 1600 MB (Sparticuz README); CPU grows with memory and a full vCPU comes at 1769 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), and the cold start's
 * Chromium inflate roughly halves from 512 MB to 2 GB (Sparticuz/chromium#79). */
const PRINTING_MEMORY_MB = 2048;
/** A cold start (Chromium inflate and launch, ~5–8 s) plus a 50-page report with room to spare. */
const HTTP_TIMEOUT = Duration.seconds(60);
/**
 * One message a batch: a document's budgets (functions/lambda.ts: launch 18 s, page 2 s, load
 * 10 s, print 25 s) with the batch's own retries and a cold start fit in five minutes once, not
 * five times; a cut-off invocation would fail every message of its batch.
 */
const WORKER_TIMEOUT = Duration.minutes(5);
const WORKER_BATCH_SIZE = 1;
/**
 * Deliveries before a message is dead-lettered; the worker records a failure on the last one. At
 * least five: a throttled delivery counts as a receive (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
const MAX_RECEIVES = 5;
/** Recording a dead-lettered report's failure and assembling its summary: reads and writes only. */
const DEAD_LETTERS_TIMEOUT = Duration.minutes(1);
/**
 * The HTTP API's cap on requests to the whole API (not per client), per second: well above a
 * province's form tools and archivists, well below a flood's bill.
 */
const HTTP_API_THROTTLE = { rateLimit: 20, burstLimit: 40 };
/** Workers printing at once: bounds Chromium load and S3 writes, and leaves account concurrency for `http`. */
const WORKER_MAX_CONCURRENCY = 10;

export class NianbaoStack extends Stack {
  constructor(scope: Construct, id: string, props: NianbaoStackProps = {}) {
    super(scope, id, props);
    // Log delivery by bucket policy, not by the legacy log-delivery ACL, which BUCKET_OWNER_ENFORCED
    // turns off (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { bucket } = new ArchiveBucket(this, 'Archive', { objectLock: props.objectLock });

    const deadLetters = new sqs.Queue(this, 'BatchDeadLetters', {
      // Six times the timeout of the function that consumes it, as for the batch queue (Lambda
      // refuses an event source whose queue's visibility timeout is below the function's timeout).
      visibilityTimeout: Duration.seconds(6 * DEAD_LETTERS_TIMEOUT.toSeconds()),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue of the batch queue.' });
    const queue = new sqs.Queue(this, 'BatchQueue', {
      // AWS: at least six times the function timeout, so a message is not redelivered while a
      // worker that was throttled or retrying still holds it (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
      visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT.toSeconds()),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    const token = new secrets.Secret(this, 'PublishingToken', {
      description: 'Bearer token for publishing and drafts (NIANBAO_TOKEN)',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    Validations.of(token).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'The token is handed to form tools by hand, so a new value is put by hand (put-secret-value, docs/deploy-aws.md); the function reads it at run time, so no redeploy follows, and an automatic rotation function would change it behind the form tools.' });

    const archiveEnvironment = {
      NIANBAO_ARCHIVE: `s3://${bucket.bucketName}`,
      NIANBAO_S3_REGION: this.region,
      NODE_OPTIONS: '--enable-source-maps',
    };
    const fn = (name: string, settings: { handler: string; memoryMB: number; timeout: Duration; description: string; environment: Record<string, string>; reservedConcurrency?: number }) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_YEAR });
      // A role of our own instead of AWSLambdaBasicExecutionRole, whose logs:* reach every log group.
      const role = new iam.Role(this, `${name}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      logGroup.grantWrite(role);
      const common = {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.X86_64,
        memorySize: settings.memoryMB,
        timeout: settings.timeout,
        description: settings.description,
        environment: { ...archiveEnvironment, ...settings.environment },
        // Chromium unpacks ~150 MB to /tmp and warm containers accumulate (Sparticuz/chromium#231).
        ephemeralStorageSize: Size.mebibytes(1024),
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        role,
        reservedConcurrentExecutions: settings.reservedConcurrency,
      };
      const created = props.code
        ? new lambda.Function(this, name, { ...common, code: props.code, handler: `index.${settings.handler}` })
        : new NodejsFunction(this, name, { ...common, entry: 'functions/lambda.ts', handler: settings.handler, bundling: FUNCTION_BUNDLING });
      return { fn: created, role };
    };

    const http = fn('Http', {
      handler: 'http',
      memoryMB: PRINTING_MEMORY_MB,
      timeout: HTTP_TIMEOUT,
      description: 'nianbao HTTP API: validate, render, publish, drafts, archive',
      // The secret's ARN, never its value: the function reads the value at run time (aws/secret-token.ts).
      environment: { NIANBAO_TOKEN_SECRET: token.secretArn, ...checkedHttpSettings(props.httpSettings ?? {}) },
      reservedConcurrency: props.httpMaxConcurrency,
    });
    const worker = fn('Worker', {
      handler: 'worker',
      memoryMB: PRINTING_MEMORY_MB,
      timeout: WORKER_TIMEOUT,
      description: 'nianbao year-end batch: publishes one queued report per message',
      environment: { NIANBAO_BATCH_MAX_RECEIVES: String(MAX_RECEIVES) },
    });
    const deadLetterWorker = fn('DeadLetters', {
      handler: 'deadLetters',
      // No browser: it reads and writes batch results and summaries.
      memoryMB: 512,
      timeout: DEAD_LETTERS_TIMEOUT,
      description: 'nianbao year-end batch: records each report the batch queue gave up on as failed, so its run summary completes',
      environment: { NIANBAO_BATCH_MAX_RECEIVES: String(MAX_RECEIVES) },
    });
    const planner = fn('Planner', {
      handler: 'planner',
      // No browser: it lists drafts and records and sends messages.
      memoryMB: 512,
      timeout: Duration.minutes(5),
      description: 'nianbao year-end batch: plans a year and queues one message per report',
      environment: { NIANBAO_BATCH_QUEUE_URL: queue.queueUrl },
    });

    grantArchive(http.role, bucket.bucketArn, ['*']);
    token.grantRead(http.role);
    grantArchive(worker.role, bucket.bucketArn, ['*']);
    // The planner reads drafts and records and writes only the run's plan (functions/batch/keys.ts).
    grantArchive(planner.role, bucket.bucketArn, ['batches/*']);
    queue.grantSendMessages(planner.role);
    worker.fn.addEventSource(new SqsEventSource(queue, { batchSize: WORKER_BATCH_SIZE, reportBatchItemFailures: true, maxConcurrency: WORKER_MAX_CONCURRENCY }));
    // Reads results and plans and writes results and summaries, all under batches/.
    grantArchive(deadLetterWorker.role, bucket.bucketArn, ['batches/*']);
    deadLetterWorker.fn.addEventSource(new SqsEventSource(deadLetters, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));

    // No IAM auth on the URL: archivists read without an AWS identity. Publishing, drafts, and
    // validate, preview and render (each a paid invocation, some a browser) take the bearer token
    // in the app (functions/http/auth.ts, functions/lambda.ts); httpMaxConcurrency caps the rest.
    const url = props.endpoint === 'httpApi' ? this.httpApi(http.fn) : http.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }).url;

    // A fire whose invocation failed after its retries lands here, and its alarm goes off.
    const scheduleDeadLetters = new sqs.Queue(this, 'ScheduleDeadLetters', { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
    Validations.of(scheduleDeadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue of the year-end schedule.' });
    const schedule = new scheduler.Schedule(this, 'YearEndBatch', {
      description: 'Plans last year\'s batch after the 31 January deadline',
      schedule: scheduler.ScheduleExpression.expression(props.batchSchedule ?? 'cron(0 2 1 2 ? *)', TimeZone.of(props.batchTimeZone ?? 'Asia/Shanghai')),
      target: new targets.LambdaInvoke(planner.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        retryAttempts: 2,
        deadLetterQueue: scheduleDeadLetters,
      }),
    });

    const alarms = new sns.Topic(this, 'Alarms', { displayName: 'nianbao alarms', enforceSSL: true });
    Validations.of(alarms).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'Alarm notices carry no report data; CloudWatch cannot publish to a topic under the AWS managed SNS key, and a customer key costs more than the notices are worth.' });
    if (props.alarmEmail) alarms.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, evaluationPeriods = 1) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new actions.SnsAction(alarms));
    const fiveMinutes = { period: Duration.minutes(5) };
    alarm('ScheduleDeadLettersAlarm', 'The year-end schedule could not invoke the planner: run it by hand (docs/deploy-aws.md)', scheduleDeadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }));
    // The deadLetters function empties this queue within minutes; messages that stay mean it fails.
    alarm('BatchDeadLettersAlarm', 'Dead-lettered batch messages stay unsettled for 15 minutes: the deadLetters function fails (see its log group)', deadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Minimum' }), 3);
    const deadlineHours = props.batchDeadlineHours ?? 6;
    // Every report of a run stays queued until it is settled, and the last one until the summary
    // is stored, so a message this old is a batch that did not finish.
    alarm('BatchNotFinishedAlarm', `A batch message has waited over ${deadlineHours} h: the year's batch did not finish (see the worker's log group and the run's results)`,
      new cloudwatch.MathExpression({ expression: `IF(age > ${deadlineHours * 3600}, 1, 0)`, usingMetrics: { age: queue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }) }, ...fiveMinutes }));
    for (const [name, { fn: created }] of Object.entries({ Http: http, Worker: worker, Planner: planner, DeadLetters: deadLetterWorker })) {
      alarm(`${name}ErrorsAlarm`, `The ${name} function failed an invocation (an error it did not answer, a timeout, out of memory)`, created.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    }

    new CfnOutput(this, 'Url', { value: url, description: 'The API and the archive page (/archive)' });
    new CfnOutput(this, 'ArchiveBucket', { value: bucket.bucketName });
    new CfnOutput(this, 'TokenSecret', { value: token.secretArn, description: 'aws secretsmanager get-secret-value --secret-id <this>' });
    new CfnOutput(this, 'PlannerFunction', { value: planner.fn.functionName, description: 'Invoke with {"year": 2025} to run a batch by hand' });
    new CfnOutput(this, 'BatchDeadLetterQueue', { value: deadLetters.queueUrl });
    new CfnOutput(this, 'Schedule', { value: schedule.scheduleName });
    new CfnOutput(this, 'AlarmTopic', { value: alarms.topicArn, description: 'Subscribe to receive the alarms (or deploy with -c alarmEmail=…)' });

    const keyWildcard = 'Object keys are content-addressed and made at run time, so object actions need a key wildcard; it stays inside this one bucket (and, for the planner, its batches/ prefix).';
    for (const role of [http.role, worker.role, planner.role, deadLetterWorker.role]) Validations.of(role).acknowledge({ id: arnFinding(bucket, '/*'), reason: keyWildcard });
    for (const role of [planner.role, deadLetterWorker.role]) Validations.of(role).acknowledge({ id: arnFinding(bucket, '/batches/*'), reason: keyWildcard });
    // The role Scheduler assumes is made by the targets module, once per stack and outside the
    // schedule's subtree, so its single finding is acknowledged on the stack by its exact ARN.
    Validations.of(this).acknowledge({ id: arnFinding(planner.fn, ':*'), reason: 'The Scheduler target role may invoke the planner function and its versions only.' });
    for (const { fn: created } of [http, worker, planner, deadLetterWorker]) {
      Validations.of(created).acknowledge({ id: 'AwsSolutions-L1', reason: 'Node 22 is the project\'s runtime everywhere (package.json node@22, CI, the Node server); moving to a newer runtime is a project-wide change, not a stack setting.' });
    }
  }

  /**
   * An HTTP API whose $default route hands every request to the function (payload format 2.0,
   * which the handler takes as it takes a function URL's), with the stage's throttle as a cap on
   * the whole API and an access log. Returns its URL.
   */
  private httpApi(fn: lambda.IFunction): string {
    const api = new apigateway.HttpApi(this, 'HttpApi', { defaultIntegration: new HttpLambdaIntegration('Http', fn), createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const stage = new apigateway.HttpStage(this, 'HttpApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: HTTP_API_THROTTLE,
      accessLogSettings: { destination: new apigateway.LogGroupLogDestination(accessLogs) },
    });
    for (const route of api.node.findAll().filter((child) => child instanceof apigateway.HttpRoute)) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'The archive is public; every route that writes or computes checks the bearer token in the app (functions/http/auth.ts).' });
    }
    return stage.url;
  }
}

/**
 * Only what the archive adapter does (functions/archive/s3.ts): GetObject (reads and HEAD),
 * PutObject (put-if-absent), ListBucket (listings; it also makes HEAD of a missing key answer 404
 * instead of 403, https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). No delete,
 * no ACL or policy actions, and no other bucket.
 */
function grantArchive(role: iam.IRole, bucketArn: string, writablePrefixes: string[]): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`${bucketArn}/*`] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: writablePrefixes.map((prefix) => `${bucketArn}/${prefix}`) }));
}

/** cdk-nag's name for an ARN of `resource` followed by `suffix` in a policy, e.g. `<Bucket1234.Arn>/*`. */
function arnFinding(resource: IConstruct, suffix: string): string {
  const stack = Stack.of(resource);
  return `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(resource.node.defaultChild as CfnElement))}.Arn>${suffix}]`;
}

function checkedHttpSettings(settings: Partial<Record<HttpSetting, string>>): Record<string, string> {
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  loadConfig(given); // throws ConfigError naming the setting and what it accepts
  return given;
}
