/**
 * Builds the `Archive` an `ArchiveLocation` names. Adapters are imported on demand, so the
 * filesystem adapter (Node only) is never loaded where the archive is S3, and the AWS SDK is never
 * loaded for a local folder. S3 credentials come from the SDK's own default chain.
 */
import type { ArchiveLocation } from '../config';
import type { Archive } from './archive';

export async function openArchive(location: ArchiveLocation): Promise<Archive> {
  if (location.kind === 'fs') {
    const { createFsArchive } = await import('./fs');
    return createFsArchive({ root: location.root });
  }
  const { createS3Archive } = await import('./s3');
  return createS3Archive(location);
}
