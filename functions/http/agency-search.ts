/**
 * GET /v1/archive?q= with neither a year nor an agency: a name search over every year answers
 * agencies, not versions, from the agency directory (archive/catalog-query.ts `directoryPage`):
 * 2 storage requests whatever the number of years, where listing versions would read every year's
 * index. The directory holds each year's current version by its time and the start of its source's
 * SHA-256, not the record a version item needs (its PDF's hash, size, exceptions), so each agency
 * comes with its years and a link to each year's versions and to its history instead.
 */
import type { Archive } from '../archive/archive';
import type { DirectoryEntry } from '../archive/catalog-directory';
import { directoryPage, parseDirectoryCursor, type CatalogQuery } from '../archive/catalog-query';
import { parameter } from './parameters';

/** As many agencies as the version list has items. */
const AGENCIES_PER_PAGE = 100;

const agencyItem = ({ id, name, region, years }: DirectoryEntry) => ({
  id,
  name,
  ...(region ? { region } : {}),
  years: years.map(({ year, createdAt, sourceSha256Start }) => ({ year, current: { createdAt, sourceSha256Start }, links: { versions: `/v1/archive?year=${year}&agency=${id}` } })),
  links: { history: `/v1/agencies/${id}/history`, page: `/archive/${id}` },
});

export async function agencySearch(archive: Archive, query: Pick<CatalogQuery, 'search' | 'region'>, cursor: string | undefined) {
  const after = cursor === undefined ? undefined : parameter(parseDirectoryCursor, cursor);
  const page = await directoryPage(archive, query, { after, limit: AGENCIES_PER_PAGE });
  return { agencies: page.agencies.map(agencyItem), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
