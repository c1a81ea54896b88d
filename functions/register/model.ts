/**
 * The agency register (issue 19, point 3): every body that reports in a province, with its region
 * (行政区划代码), its parent, its kind and the years it must report. Pure: drafts, the batch, the
 * dashboard and the access rules ask it questions through the functions below; storage is
 * register/store.ts, CSV register/csv.ts.
 *
 * The years an agency must report are one span, `from` to `until` (both included; `until` absent
 * while it still exists): a body is set up once and dissolved or merged once, and a span answers
 * "must it report for year Y" without a list to keep up to date every January.
 */
import { z } from 'zod';
import { parseAgencyId, parseYear, type AgencyId } from '../archive/keys';

export const AGENCY_KINDS = ['government', 'department'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/**
 * Six digits of GB/T 2260 whose first two name a province-level division: 11–15, 21–23, 31–37,
 * 41–46, 50–54, 61–65, 71, 81, 82. Then two for the prefecture and two for the county, `00` for
 * "the whole of the level above": 320000 is Jiangsu, 321300 Suqian, 321322 Shuyang.
 */
const REGION_CODE = /^(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])\d{4}$/;

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && REGION_CODE.test(value);
}

export interface Agency {
  id: AgencyId;
  name: string;
  /** Its 行政区划代码 (isRegionCode). */
  region: string;
  parent?: AgencyId;
  kind: AgencyKind;
  /** The first year it must report for. */
  from: number;
  /** The last year it must report for; absent while it exists. */
  until?: number;
}

const agencyId = z.string().refine((value) => accepts(parseAgencyId, value), 'an agency id: lowercase a-z, 0-9 and inner "-"').transform((value) => value as AgencyId);
const year = z.number().int().refine((value) => accepts(parseYear, value), 'a year from 2008');

/** An agency as stored (register/store.ts reads the register back through it). */
export const agencySchema = z.object({
  id: agencyId,
  name: z.string().min(1),
  region: z.string().refine(isRegionCode, 'a 行政区划代码'),
  parent: agencyId.optional(),
  kind: z.enum(AGENCY_KINDS),
  from: year,
  until: year.optional(),
});

/** Whether `parse` takes `value` (the archive's key parsers throw on what they refuse). */
function accepts(parse: (value: unknown) => unknown, value: unknown): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

const REGISTER_SCHEMA = 'nianbao.register/1';

export const registerSchema = z.object({ schema: z.literal(REGISTER_SCHEMA), agencies: z.array(agencySchema) });

export interface Register {
  schema: typeof REGISTER_SCHEMA;
  /** Sorted by id, each id once; every parent is one of them. */
  agencies: Agency[];
}

/** The register's own consistency, beyond each agency's fields: what import and reading both check. */
export function registerProblems(agencies: readonly Agency[]): { index: number; field: keyof Agency; en: string; zh: string }[] {
  const problems: { index: number; field: keyof Agency; en: string; zh: string }[] = [];
  const byId = new Map<string, number>();
  agencies.forEach((agency, index) => {
    const first = byId.get(agency.id);
    if (first !== undefined) problems.push({ index, field: 'id', zh: `机关代码 ${agency.id} 重复（第 ${first + 1} 条已有）`, en: `agency id ${agency.id} appears twice (also entry ${first + 1})` });
    else byId.set(agency.id, index);
    if (agency.until !== undefined && agency.until < agency.from) problems.push({ index, field: 'until', zh: `止报年度 ${agency.until} 早于起报年度 ${agency.from}`, en: `until ${agency.until} is before from ${agency.from}` });
  });
  agencies.forEach((agency, index) => {
    if (agency.parent === undefined) return;
    if (!byId.has(agency.parent)) problems.push({ index, field: 'parent', zh: `上级机关 ${agency.parent} 不在名录中`, en: `parent ${agency.parent} is not in the register` });
    else if (parentCycle(agencies, byId, index)) problems.push({ index, field: 'parent', zh: `上级机关链回到 ${agency.id} 自身`, en: `the chain of parents leads back to ${agency.id}` });
  });
  return problems;
}

function parentCycle(agencies: readonly Agency[], byId: Map<string, number>, start: number): boolean {
  const seen = new Set<number>([start]);
  for (let at = byId.get(agencies[start]!.parent ?? ''); at !== undefined; at = byId.get(agencies[at]!.parent ?? '')) {
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

export function registerOf(agencies: readonly Agency[]): Register {
  return { schema: REGISTER_SCHEMA, agencies: [...agencies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

export function mustReport(agency: Agency, year: number): boolean {
  return agency.from <= year && (agency.until === undefined || year <= agency.until);
}

/**
 * Whether `region` covers `code`: its trailing `00` pairs stand for "all of it", so 320000 covers
 * every 32xxxx, 321300 every 3213xx, and 321322 only itself.
 */
export function regionCovers(region: string, code: string): boolean {
  return code.startsWith(region.replace(/(?:00){1,2}$/, ''));
}

export function findAgency(register: Register, agencyId: string): Agency | undefined {
  let low = 0;
  let high = register.agencies.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const id = register.agencies[middle]!.id;
    if (id === agencyId) return register.agencies[middle];
    if (id < agencyId) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** The agency's region code, or undefined when the register does not know it. */
export function regionOf(register: Register, agencyId: string): string | undefined {
  return findAgency(register, agencyId)?.region;
}

/** The agencies that must report for `year` (when given) within `region` (when given), by id. */
export function agenciesOf(register: Register, filter: { year?: number; region?: string } = {}): Agency[] {
  return register.agencies.filter((agency) => (filter.year === undefined || mustReport(agency, filter.year)) && (filter.region === undefined || regionCovers(filter.region, agency.region)));
}
