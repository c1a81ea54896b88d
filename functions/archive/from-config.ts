/**
 * Builds the `Archive` an `ArchiveLocation` names. Adapters are imported on demand, so the
 * filesystem adapter (Node only) is never loaded where the archive is S3, and the AWS SDK is never
 * loaded for a local folder. S3 credentials come from the SDK's own default chain.
 */
import type { Archive } from './archive';

/** Where the archive lives: a local folder, or a bucket and key prefix in S3 (or an S3-compatible store). */
export type ArchiveLocation =
  | { kind: 'fs'; root: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };

export async function openArchive(location: ArchiveLocation): Promise<Archive> {
  if (location.kind === 'fs') {
    const { createFsArchive } = await import('./fs');
    return createFsArchive({ root: location.root });
  }
  const { createS3Archive } = await import('./s3');
  return createS3Archive(location);
}
