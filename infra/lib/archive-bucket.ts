/**
 * The archive bucket: private, versioned, encrypted, HTTPS only, logged, and under S3 Object Lock
 * by default, so that the bucket itself refuses to delete or overwrite a stored version before its
 * retention ends (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html). The
 * app itself never deletes or overwrites (put-if-absent), so the lock only takes away what it
 * never does; lifecycle expiry of drafts still hides them (a delete marker), and their locked
 * versions go once their retention has ended.
 */
import { CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ObjectLockSettings {
  /** GOVERNANCE lets holders of s3:BypassGovernanceRetention delete early; COMPLIANCE lets no one. */
  mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Default retention of every new object version, in years. */
  years: number;
  /**
   * The bucket exists already, without Object Lock (a stack deployed before the lock was the
   * default). CloudFormation replaces a bucket whose creation-time ObjectLockEnabled flag changes
   * (aws-cloudformation/cloudformation-coverage-roadmap#1929), which would leave the archive
   * behind and start an empty one; so the template then keeps that flag as it was deployed
   * (false) and changes only the lock configuration, which S3 applies to an existing versioned
   * bucket (since November 2023). @default false
   */
  existingBucket?: boolean;
}

/** Governance mode for ten years: an administrator can still correct a mistake, deliberately. */
export const DEFAULT_OBJECT_LOCK: ObjectLockSettings = { mode: 'GOVERNANCE', years: 10 };

export interface ArchiveBucketProps {
  /** Object Lock with a default retention, or false for none. @default DEFAULT_OBJECT_LOCK */
  objectLock?: ObjectLockSettings | false;
  /** Days a draft object is kept after it was stored (drafts/… keys, functions/drafts/keys.ts). @default 730 */
  draftDays?: number;
}

/** Drafts of year Y are published by the batch in February of Y+1; two years leaves room for late corrections. */
const DEFAULT_DRAFT_DAYS = 730;

export class ArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArchiveBucketProps = {}) {
    super(scope, id);
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket of the archive; logging it into itself would loop.' });

    const lock = props.objectLock === false ? undefined : (props.objectLock ?? DEFAULT_OBJECT_LOCK);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      objectLockEnabled: lock !== undefined,
      objectLockDefaultRetention: lock && (lock.mode === 'COMPLIANCE' ? s3.ObjectLockRetention.compliance(Duration.days(365 * lock.years)) : s3.ObjectLockRetention.governance(Duration.days(365 * lock.years))),
      lifecycleRules: [
        {
          id: 'drafts',
          prefix: 'drafts/',
          expiration: Duration.days(props.draftDays ?? DEFAULT_DRAFT_DAYS),
          // Versioning keeps what expiration or an overwrite hides; drafts need no history.
          noncurrentVersionExpiration: Duration.days(30),
        },
        { id: 'unfinished-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      // Published reports are records of government: deleting the stack leaves them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (lock?.existingBucket) (this.bucket.node.defaultChild as CfnResource).addPropertyOverride('ObjectLockEnabled', false);
  }
}
