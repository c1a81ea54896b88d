/**
 * A filesystem archive holding three years of one agency (江海市自然资源和规划局, `jianghai-nrp`),
 * stored through `storePublication` with the example reports as their sources, so the agency page,
 * the roll-up and the dashboard read real reports of both formats:
 * - 2020 (2019 format): the 宿迁 example renamed, with a few figures set and 上年结转 blank;
 * - 2021: the 江海 example, then a correction (one more 行政复议 pending) with an acknowledged
 *   exception;
 * - 2022: the 江海 example moved a year on, its 行政诉讼 and 规范性文件 制发 left blank.
 * Plus `extra` reports of other agencies, each stored at its own time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Archive } from '../../functions/archive/archive';
import { createFsArchive } from '../../functions/archive/fs';
import type { PublicationRecord } from '../../functions/archive/record';
import { storePublication } from '../../functions/archive/store';
import { tinyPdf } from './archive-seed';
import { validateReport } from '../../functions/report';
import { loadExample } from './examples';

export const AGENCY = { id: 'jianghai-nrp', name: '江海市自然资源和规划局', region: '江海市' };

export interface StoredReport {
  report: any;
  /** When the archive stored it (the record's createdAt). */
  at: string;
  /** Stored as before records kept rule P's warnings (no `proseWarnings`). */
  unrecorded?: boolean;
}

export function report2020(): any {
  const report = loadExample('seed2020');
  report.agency = { ...AGENCY };
  const table = report.sections.requests.table;
  table.received.total = 3;
  table.carriedOver.total = null;
  table.results.granted.total = 2;
  table.results.withheld.stateSecret.total = 1;
  report.sections.proactive.table.normativeDocuments = { madeThisYear: 4, publishedThisYear: 4, publishedTotal: 30 };
  return report;
}

export function correction2021(): any {
  const report = loadExample('consistent2021');
  report.sections.reviews.table.review.pending += 1;
  report.sections.reviews.table.review.total += 1;
  report.acknowledgements = [{ rule: 'R-4', cell: 'sections.reviews.table.review.total', expected: 6, found: 7, reason: '按原发布版本存档' }];
  return report;
}

export function report2022(): any {
  const report = loadExample('consistent2021');
  report.year = 2022;
  report.publishedOn = '2023-01-20';
  report.sections.reviews.table.litigationDirect.total = null;
  report.sections.reviews.table.litigationAfterReview.total = null;
  report.sections.proactive.table.normativeDocuments.issued = null;
  return report;
}

export const HISTORY: StoredReport[] = [
  { report: report2020(), at: '2021-01-28T02:00:00.000Z' },
  { report: loadExample('consistent2021'), at: '2022-01-26T02:00:00.000Z' },
  { report: correction2021(), at: '2022-02-10T02:00:00.000Z' },
  { report: report2022(), at: '2023-01-20T02:00:00.000Z' },
];

/** Stored as publish.ts stores a report, with its count of rule P warnings unless `unrecorded`. */
export async function storeReport(archive: Archive, { report, at, unrecorded }: StoredReport): Promise<PublicationRecord> {
  const proseWarnings = validateReport(report).warnings.filter((warning) => warning.rule === 'P').length;
  const { record } = await storePublication({ archive, clock: { now: () => new Date(at) } }, {
    year: report.year, agencyId: report.agency.id, source: report, report, pdf: await tinyPdf(`${report.agency.id} ${at}`, 1), pages: 1,
    formatVersion: report.formatVersion, templateVersion: 'test', agencyName: report.agency.name, agencyRegion: report.agency.region,
    exceptions: report.acknowledgements ?? [],
    ...(unrecorded ? {} : { proseWarnings }),
  });
  return record;
}

export interface HistoryArchive {
  archive: Archive;
  records: PublicationRecord[];
  cleanup(): Promise<void>;
}

export async function seedHistory(extra: StoredReport[] = []): Promise<HistoryArchive> {
  const root = await mkdtemp(join(tmpdir(), 'nianbao-history-'));
  const archive = createFsArchive({ root });
  const records: PublicationRecord[] = [];
  for (const stored of [...HISTORY, ...extra]) records.push(await storeReport(archive, stored));
  return { archive, records, cleanup: () => rm(root, { recursive: true, force: true }) };
}
