/**
 * Who a request acts for, and what that allows (issue 19, point 4). Pure: the HTTP guards
 * (http/auth.ts) ask these questions of the principal a credential resolved to.
 *
 * - `author`: drafts and publishing for its own agency, or a listed set;
 * - `region-admin`: the same for every agency whose register region (register/) lies within its
 *   region code, read as a prefix (320000 covers 32xxxx); an agency the register does not list is
 *   in no region, so without a register a region admin acts for nobody;
 * - `batch-operator`: the year-end batch's runs (their plans, results and summaries);
 * - `operator`: everything: the server's own NIANBAO_TOKEN, kept for the deployments and scripts
 *   that use it; and the public, with no credential, reads what is published.
 */
import { regionCovers, regionOf, type Register } from '../register/model';

export const ROLES = ['author', 'region-admin', 'batch-operator', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  role: Role;
  /** The token id (access/tokens.ts), `server-token` for NIANBAO_TOKEN, or a JWT's subject. */
  id: string;
  /** A label for people (`token add --name`, a JWT's name claim). */
  name?: string;
  /** An author's agencies. */
  agencies?: string[];
  /** A region admin's 行政区划代码. */
  region?: string;
  /** How it was proven. */
  via: 'server-token' | 'token' | 'jwt';
}

export const SERVER_OPERATOR: Principal = { role: 'operator', id: 'server-token', name: 'NIANBAO_TOKEN', via: 'server-token' };

/** Whether `principal` may write and read drafts and publish for `agencyId`; the register is read only for a region admin. */
export async function mayActFor(principal: Principal, agencyId: string, register: () => Promise<Register | null>): Promise<boolean> {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'author':
      return principal.agencies?.includes(agencyId) === true;
    case 'region-admin': {
      const known = principal.region === undefined ? null : await register();
      const code = known ? regionOf(known, agencyId) : undefined;
      return code !== undefined && regionCovers(principal.region!, code);
    }
    case 'batch-operator':
      return false;
  }
}

export function mayRunBatches(principal: Principal): boolean {
  return principal.role === 'operator' || principal.role === 'batch-operator';
}
