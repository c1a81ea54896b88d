/**
 * List cursors: the last key of a page, base64url-encoded (of its UTF-8) so callers treat it as
 * opaque. Both adapters resume "after this key", which keeps paging stable while keys are added.
 * A cursor is only ever compared with keys or sent as S3's StartAfter, never made into a path.
 */
import { bytesToBase64url } from '../bytes';
import { InvalidArchiveKey } from './errors';

const MAX_CURSOR_KEY_BYTES = 1024;

export function encodeCursor(lastKey: string): string {
  return bytesToBase64url(new TextEncoder().encode(lastKey));
}

export function decodeCursor(cursor: string): string {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    if (binary.length === 0 || binary.length > MAX_CURSOR_KEY_BYTES) throw new RangeError('length');
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    throw new InvalidArchiveKey('cursor', cursor, 'a cursor returned by list()');
  }
}
