/**
 * GET /v1/agencies?year=&region=: the agency register (register/), public like the archive it
 * describes: who must report for a year, within a region. Empty before the first import.
 */
import type { Hono } from 'hono';
import type { Archive } from '../archive/archive';
import { InvalidArchiveKey } from '../archive/errors';
import { parseYear } from '../archive/keys';
import { agenciesOf, isRegionCode } from '../register/model';
import { readRegister } from '../register/store';
import { operations } from './operations';
import { invalidParameter, parameter } from './parameters';

export function parseRegionParameter(value: string): string {
  if (isRegionCode(value)) return value;
  throw invalidParameter(new InvalidArchiveKey('region', value, 'the six digits of a 行政区划代码, e.g. 321300'));
}

export function registerAgencyRoutes(app: Hono, archive: Archive): void {
  app.get('/v1/agencies', operations.listAgencies, async (c) => {
    const { year, region } = c.req.query();
    const filter = { year: year === undefined ? undefined : parameter(parseYear, year), region: region === undefined ? undefined : parseRegionParameter(region) };
    const register = await readRegister(archive);
    return c.json({ agencies: register ? agenciesOf(register, filter) : [] }, 200, { 'cache-control': 'no-cache' });
  });
}
