/**
 * The CDK app: one NianbaoStack, checked by cdk-nag's AWS Solutions rules on every synthesis.
 * `npm run synth` runs this file directly and writes the CloudFormation template to cdk.out/
 * with no AWS account (the stack is environment-agnostic); `npx cdk deploy` runs it through
 * cdk.json. Settings come from CDK context (`-c name=value` or cdk.json), listed in
 * docs/deploy-aws.md.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_OBJECT_LOCK } from '../lib/archive-bucket';
import { HTTP_SETTINGS, NianbaoStack } from '../lib/nianbao-stack';

// Without an outdir and outside the CDK CLI (which sets CDK_OUTDIR), an App writes to a temp folder.
const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const context = (name: string): string | undefined => app.node.tryGetContext(name);

const lockYears = Number(context('objectLockYears') ?? DEFAULT_OBJECT_LOCK.years);
const objectLock = lockYears === 0 ? false : {
  mode: context('objectLockMode') === 'COMPLIANCE' ? 'COMPLIANCE' as const : 'GOVERNANCE' as const,
  years: lockYears,
  existingBucket: String(context('objectLockOnExistingBucket')) === 'true',
};
new NianbaoStack(app, context('stackName') ?? 'Nianbao', {
  objectLock,
  batchSchedule: context('batchSchedule'),
  batchTimeZone: context('batchTimeZone'),
  httpMaxConcurrency: context('httpMaxConcurrency') ? Number(context('httpMaxConcurrency')) : undefined,
  endpoint: context('endpoint') === 'httpApi' ? 'httpApi' : 'functionUrl',
  alarmEmail: context('alarmEmail'),
  batchDeadlineHours: context('batchDeadlineHours') ? Number(context('batchDeadlineHours')) : undefined,
  httpSettings: Object.fromEntries(HTTP_SETTINGS.map((name) => [name, context(name)])),
});
// Findings fail the synthesis; each accepted one is acknowledged with its reason in the stack.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
