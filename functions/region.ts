/**
 * Which agencies a region filter covers. A six-digit 行政区划代码 covers its own area and all within
 * it: trailing pairs of zeros are the levels below, so 320000 (a province) covers every 32xxxx,
 * 321300 (a city) every 3213xx, and 321322 (a county) itself only. Anything else is a region as
 * the reports name it (`agency.region`, free text), matched exactly.
 */

import { InvalidArchiveKey } from './archive/errors';

const CODE = /^\d{6}$/;
/** As long as a report's `agency.region` may be. */
const MAX_REGION = 100;

/** The digits a code's area shares: 320000 → "32", 321300 → "3213", 321322 → "321322". */
function areaPrefix(code: string): string {
  return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
}

export function isRegionCode(text: string): boolean {
  return CODE.test(text) && !text.startsWith('00');
}

/** Whether an agency of `region` (a code or a name, or none) is inside `filter`. */
export function regionMatcher(filter: string): (region: string | undefined) => boolean {
  if (!isRegionCode(filter)) return (region) => region === filter;
  const prefix = areaPrefix(filter);
  return (region) => region !== undefined && isRegionCode(region) && region.startsWith(prefix);
}

/** A region filter from a URL: a code or a region's name; InvalidArchiveKey (a 400) otherwise. */
export function parseRegion(value: string): string {
  const region = value.trim();
  if (region === '' || region.length > MAX_REGION || /[\u0000-\u001f]/.test(region)) {
    throw new InvalidArchiveKey('region', value, `a six-digit 行政区划代码 or a region as the reports name it, 1 to ${MAX_REGION} characters`);
  }
  return region;
}
