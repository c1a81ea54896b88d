/**
 * The agencies, public like the archive they publish in:
 * - GET /v1/agencies?year=&region=: the agency register (register/): who must report for a year,
 *   within a region. Empty before the first import.
 * - GET /v1/agencies/{agency}/history: every year's versions of an agency and the key figures of
 *   each year's current version, as JSON (issue 19, point 5);
 * - GET /archive/{agency}: the same as a page, linked from the agency's name on /archive.
 */
import type { Hono } from 'hono';
import type { AppPorts } from '../app';
import { agencyHistory, type AgencyHistory } from '../archive/agency-history';
import { InvalidArchiveKey } from '../archive/errors';
import { parseAgencyId, parseYear } from '../archive/keys';
import { NotFound } from '../errors';
import { KEY_FIGURES } from '../open-data';
import { agenciesOf, isRegionCode } from '../register/model';
import { readRegister } from '../register/store';
import { agencyPage } from './agency-page';
import { linksOf } from './links';
import { operations } from './operations';
import { parameter } from './parameters';

/** A publish changes it at any time: a short shared cache. */
const CACHE = { 'cache-control': 'public, max-age=60' };

/** The register keeps regions as codes, so its filter takes a code only. */
function parseRegionCode(value: string): string {
  if (isRegionCode(value)) return value;
  throw new InvalidArchiveKey('region', value, 'the six digits of a 行政区划代码, e.g. 321300');
}

async function historyOf(ports: Pick<AppPorts, 'archive'>, agencyText: string): Promise<AgencyHistory> {
  const agencyId = parameter(parseAgencyId, agencyText);
  const history = await agencyHistory(ports.archive, agencyId);
  if (!history) throw new NotFound(`no report of ${agencyId} is published`);
  return history;
}

export function registerAgencyRoutes(app: Hono, ports: Pick<AppPorts, 'archive'>): void {
  app.get('/v1/agencies', operations.listAgencies, async (c) => {
    const { year, region } = c.req.query();
    const filter = { year: year === undefined ? undefined : parameter(parseYear, year), region: region === undefined ? undefined : parameter(parseRegionCode, region) };
    const register = await readRegister(ports.archive);
    return c.json({ agencies: register ? agenciesOf(register, filter) : [] }, 200, { 'cache-control': 'no-cache' });
  });

  app.get('/v1/agencies/:agency/history', operations.agencyHistory, async (c) => {
    const { agency, years } = await historyOf(ports, c.req.param('agency'));
    return c.json({
      agency,
      keyFigures: KEY_FIGURES.map(({ id, zh, en }) => ({ id, zh, en })),
      years: years.map(({ year, versions, figures, damaged }) => ({
        year,
        formatVersion: versions[0]!.formatVersion,
        figures,
        ...(damaged ? { damaged } : {}),
        versions: versions.map((record, i) => ({ ...record, current: i === 0, links: linksOf(record) })),
      })),
    }, 200, CACHE);
  });

  app.get('/archive/:agency', operations.agencyPage, async (c) => {
    return c.html(await agencyPage(await historyOf(ports, c.req.param('agency'))), 200, CACHE);
  });
}
