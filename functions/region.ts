/**
 * Which agencies a region filter covers. A 行政区划代码 covers its own area and all within it
 * (register/model.ts `regionCovers`: 320000 every 32xxxx, 321300 every 3213xx); any other text is
 * a region as the reports name it (`agency.region`, free text), matched exactly. An agency's
 * region is its code in the register when the register lists it, else what its report says.
 */
import { InvalidArchiveKey } from './archive/errors';
import { isRegionCode, regionCovers, regionOf, type Register } from './register/model';

/** As long as a report's `agency.region` may be. */
const MAX_REGION = 100;

/** A region filter from a URL: a code or a region's name; InvalidArchiveKey (a 400) otherwise. */
export function parseRegion(value: string): string {
  const region = value.trim();
  if (region === '' || region.length > MAX_REGION || /[\u0000-\u001f]/.test(region)) {
    throw new InvalidArchiveKey('region', value, `a six-digit 行政区划代码 or a region as the reports name it, 1 to ${MAX_REGION} characters`);
  }
  return region;
}

/** Whether an agency (its id, and its region as its report names it) is inside `filter`. */
export type AgencyInRegion = (agencyId: string, reported: string | undefined) => boolean;

export function agencyInRegion(filter: string, register: Register | null): AgencyInRegion {
  const regionOfAgency = (agencyId: string, reported: string | undefined) => (register ? regionOf(register, agencyId) : undefined) ?? reported;
  if (!isRegionCode(filter)) return (agencyId, reported) => regionOfAgency(agencyId, reported) === filter;
  return (agencyId, reported) => {
    const region = regionOfAgency(agencyId, reported);
    return isRegionCode(region) && regionCovers(filter, region);
  };
}
