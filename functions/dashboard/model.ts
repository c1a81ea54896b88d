/**
 * A year's dashboard for a region's supervisors (issue 19, point 5), pure: from the year's catalog
 * entries, the agency register and the agencies of the year before, which agencies were expected,
 * which published, which were late, which published with acknowledged rule failures or with
 * warnings of rule P. Every figure is a list of agencies, so each number links to its list.
 *
 * - Expected: the register's agencies that must report for the year within the region. Without a
 *   register, the agencies the archive has seen in the region that year or the year before (an
 *   agency that stopped reporting two years ago is no longer expected).
 * - Late (条例 第四十九条): a department's report after 31 January of the next year, a government's
 *   own report after 31 March, both to the end of the day in Beijing time. The time that counts is
 *   the archive's own: the record's `createdAt` of the year's first version, which the publishing
 *   server stamps and an author cannot type; a correction published later does not make a report
 *   late. (`publishedOn` is what the report says of itself, and is not checked against anything.)
 * - Kind: the register's; for an agency it does not list, a name ending in 人民政府 is a
 *   government's own report, anything else a department's.
 * - Acknowledged failures and prose warnings are the current version's, from its record
 *   (`exceptions`, `proseWarnings`); a record written before warnings were kept is "not recorded".
 */
import type { CatalogEntry } from '../archive/catalog-index';
import type { AgencyInRegion } from '../region';
import { findAgency, mustReport, type AgencyKind, type Register } from '../register/model';

/** An agency the catalog knows for a year: its id, and its name and region as its current version gives them. */
export interface SeenAgency {
  id: string;
  name: string;
  region?: string;
}

export interface DashboardAgency {
  id: string;
  name: string;
  region?: string;
  kind: AgencyKind;
  expected: boolean;
  /** When the year's first version was archived; absent when nothing is published. */
  firstPublishedAt?: string;
  /** How many versions the year has (1 + corrections). */
  versions: number;
  late: boolean;
  /** Acknowledged rule failures of the current version. */
  exceptions: number;
  /** Warnings of rule P of the current version; null when its record predates them. */
  proseWarnings: number | null;
}

export const LISTS = ['expected', 'published', 'missing', 'unlisted', 'late', 'acknowledged', 'prose', 'unrecorded'] as const;
export type ListName = (typeof LISTS)[number];

const IN_LIST: Record<ListName, (agency: DashboardAgency) => boolean> = {
  expected: (a) => a.expected,
  published: (a) => a.firstPublishedAt !== undefined,
  missing: (a) => a.expected && a.firstPublishedAt === undefined,
  unlisted: (a) => !a.expected && a.firstPublishedAt !== undefined,
  late: (a) => a.late,
  acknowledged: (a) => a.exceptions > 0,
  prose: (a) => (a.proseWarnings ?? 0) > 0,
  unrecorded: (a) => a.firstPublishedAt !== undefined && a.proseWarnings === null,
};

export interface Dashboard {
  year: number;
  region?: string;
  /** Whether the expected agencies come from the register (else from the archive's last two years). */
  fromRegister: boolean;
  /** The last instant (UTC) a report is on time, by kind. */
  deadlines: Record<AgencyKind, string>;
  counts: Record<ListName, number>;
  /** Every agency expected or published, by id. */
  agencies: DashboardAgency[];
}

/** The last millisecond of `day` in Beijing time (UTC+8, no daylight saving), as a UTC instant. */
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

function deadlinesOf(year: number): Record<AgencyKind, string> {
  return { department: endOfBeijingDay(`${year + 1}-01-31`), government: endOfBeijingDay(`${year + 1}-03-31`) };
}

const kindByName = (name: string): AgencyKind => (name.endsWith('人民政府') ? 'government' : 'department');

export function inList(agency: DashboardAgency, list: ListName): boolean {
  return IN_LIST[list](agency);
}

export interface DashboardInput {
  year: number;
  region?: string;
  /** The year's catalog entries in the region (read.ts picks them before parsing them). */
  entries: readonly CatalogEntry[];
  register: Register | null;
  /** The agencies of the year before (only used without a register). */
  previous: readonly SeenAgency[];
  /** Whether an agency is in the region (always true without a region filter). */
  inRegion: AgencyInRegion;
}

export function buildDashboard({ year, region, entries, register, previous, inRegion }: DashboardInput): Dashboard {
  const deadlines = deadlinesOf(year);
  const agencies = new Map<string, DashboardAgency>();
  const unpublished = (seen: SeenAgency, kind: AgencyKind): DashboardAgency => ({ ...seen, kind, expected: true, versions: 0, late: false, exceptions: 0, proseWarnings: null });
  if (register) {
    for (const agency of register.agencies) {
      if (mustReport(agency, year) && inRegion(agency.id, undefined)) agencies.set(agency.id, unpublished(agency, agency.kind));
    }
  } else {
    for (const seen of previous) if (inRegion(seen.id, seen.region)) agencies.set(seen.id, unpublished(seen, kindByName(seen.name)));
  }
  for (const { id, versions } of entries) {
    const current = versions[0]!;
    const listed = register ? findAgency(register, id) : undefined;
    const kind = listed?.kind ?? kindByName(current.name);
    const firstPublishedAt = versions.at(-1)!.createdAt;
    agencies.set(id, {
      id,
      name: current.name,
      ...(current.region ? { region: current.region } : {}),
      kind,
      expected: register ? listed !== undefined && mustReport(listed, year) : true,
      firstPublishedAt,
      versions: versions.length,
      late: firstPublishedAt > deadlines[kind],
      exceptions: current.exceptions.length,
      proseWarnings: current.proseWarnings ?? null,
    });
  }
  const sorted = [...agencies.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counts = Object.fromEntries(LISTS.map((list) => [list, sorted.filter((agency) => inList(agency, list)).length])) as Record<ListName, number>;
  return { year, ...(region ? { region } : {}), fromRegister: register !== null, deadlines, counts, agencies: sorted };
}
