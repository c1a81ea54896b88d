/**
 * The year's dashboard from the archive: the register (a listing and a read), the year's catalog
 * index (only the region's lines are parsed), and, without a register, the names and regions of
 * the year before's index (no line parsed). No record and no source is read: what the dashboard
 * counts is in the catalog's versions.
 */
import type { Archive } from '../archive/archive';
import { readIndex } from '../archive/catalog';
import { chosenEntries } from '../archive/catalog-query';
import { fieldsOf, linesOf, type CatalogIndex } from '../archive/catalog-index';
import { FIRST_YEAR } from '../archive/keys';
import { agencyInRegion } from '../region';
import { readRegister } from '../register/store';
import { buildDashboard, type Dashboard, type SeenAgency } from './model';

const seenOf = (line: string): SeenAgency => {
  const { id, name, region } = fieldsOf(line);
  return { id, name: JSON.parse(name) as string, ...(region === '""' ? {} : { region: JSON.parse(region) as string }) };
};

export async function readDashboard(archive: Archive, year: number, region?: string): Promise<Dashboard> {
  const [index, register] = await Promise.all([readIndex(archive, year), readRegister(archive)]);
  const inRegion = region === undefined ? undefined : agencyInRegion(region, register);
  const previous: CatalogIndex | null = register || year === FIRST_YEAR ? null : await readIndex(archive, year - 1);
  const entries = chosenEntries(index, inRegion);
  return buildDashboard({ year, region, entries, register, previous: previous ? linesOf(previous).map(seenOf) : [], inRegion: inRegion ?? (() => true) });
}
