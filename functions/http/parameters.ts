/**
 * Parameters of a URL (a path segment or a query value) that must name a year, an agency or a
 * page. One that does not is the caller's mistake, a 400 that says which and why, not a 404 as
 * if the archive merely held nothing there.
 */
import { InvalidArchiveKey } from '../archive/errors';
import { RequestRefused } from './problem';

export function invalidParameter(error: InvalidArchiveKey): RequestRefused {
  return new RequestRefused('invalid-parameter', `URL 参数无效：${error.message}`, error.message);
}

/** `parse(value)`, with its InvalidArchiveKey turned into the 400 above. */
export function parameter<T>(parse: (value: string) => T, value: string): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof InvalidArchiveKey) throw invalidParameter(error);
    throw error;
  }
}
