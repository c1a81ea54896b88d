/**
 * The year's dashboard (dashboard/): GET /dashboard/{year} (the page) and GET /v1/dashboard/{year}
 * (JSON), both with `region=` and `list=`.
 */
import type { Context, Hono } from 'hono';
import type { AppPorts } from '../app';
import { InvalidArchiveKey } from '../archive/errors';
import { parseYear } from '../archive/keys';
import { readDashboard } from '../dashboard/read';
import { inList, LISTS, type ListName } from '../dashboard/model';
import { parseRegion } from '../region';
import { dashboardPage } from './dashboard-page';
import { operations } from './operations';
import { invalidParameter, parameter } from './parameters';

/**
 * Who may see a region's dashboard: the one place its credential is checked. It is public today,
 * as the archive it counts is; the region administrator's credential (issue 19, point 4) belongs
 * here, and nowhere else in these routes.
 */
const supervisorsOnly = async (_c: Context, next: () => Promise<void>) => next();

const isList = (text: string): text is ListName => (LISTS as readonly string[]).includes(text);

async function dashboardOf(ports: Pick<AppPorts, 'archive'>, c: Context) {
  const year = parameter(parseYear, c.req.param('year')!);
  const { region } = c.req.query();
  return readDashboard(ports.archive, year, region === undefined || region.trim() === '' ? undefined : parameter(parseRegion, region));
}

export function registerDashboardRoutes(app: Hono, ports: Pick<AppPorts, 'archive'>): void {
  app.get('/v1/dashboard/:year', operations.yearDashboard, supervisorsOnly, async (c) => {
    const { list } = c.req.query();
    if (list !== undefined && !isList(list)) throw invalidParameter(new InvalidArchiveKey('list', list, `one of ${LISTS.join(', ')}`));
    const dashboard = await dashboardOf(ports, c);
    const agencies = list === undefined ? dashboard.agencies : dashboard.agencies.filter((agency) => inList(agency, list));
    return c.json({ ...dashboard, agencies }, 200, { 'cache-control': 'no-cache' });
  });

  app.get('/dashboard/:year', operations.dashboardPage, supervisorsOnly, async (c) => {
    const list = c.req.query('list')?.trim() || undefined;
    const dashboard = await dashboardOf(ports, c);
    return c.html(await dashboardPage(dashboard, list && isList(list) ? list : undefined, list && !isList(list) ? list : undefined), 200, { 'cache-control': 'no-cache' });
  });
}
