/**
 * The two archive backends as an operator configures them, for CLI tests that run once per
 * backend: a local folder and a bucket on a real s3rver (started by the caller's beforeAll).
 */
import { join } from 'node:path';
import { S3RVER_CREDENTIALS, type RunningS3rver } from './s3rver';

export function archiveEnvironments(folder: () => string, s3rver: () => RunningS3rver, name: string) {
  return {
    fs: () => ({ NIANBAO_ARCHIVE: join(folder(), name) }),
    s3: () => ({
      NIANBAO_ARCHIVE: `s3://${s3rver().bucket}/${name}`,
      NIANBAO_S3_ENDPOINT: s3rver().endpoint,
      NIANBAO_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    }),
  };
}
