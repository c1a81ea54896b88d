/**
 * A real filesystem archive in a temp folder, seeded through `storePublication` with three
 * versions: two of 宿迁市残疾人联合会's 2020 report (the second a correction, with an
 * acknowledged rule exception) and one 2021 report of an agency whose name is hostile HTML.
 * The PDFs are tiny but real (pdf-lib), so downloads can be compared byte for byte. Used by the
 * archive page's unit test and its real-browser test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Archive } from '../../functions/archive/archive';
import { createFsArchive } from '../../functions/archive/fs';
import type { PublicationRecord } from '../../functions/archive/record';
import { storePublication, type Publication } from '../../functions/archive/store';

export const HOSTILE_NAME = '<script>alert("x")</script> & 局\'s "office"';

export interface SeededArchive {
  root: string;
  archive: Archive;
  /** In publishing order: the 2020 original, its 2020 correction, the 2021 hostile one. */
  records: PublicationRecord[];
  /** The PDF bytes stored for each record, by record key. */
  pdfs: Map<string, Uint8Array>;
  cleanup(): Promise<void>;
}

export async function tinyPdf(title: string, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) document.addPage([595, 842]).drawText(`${title} p.${i}`, { x: 72, y: 770, size: 14, font });
  // Fixed dates keep the bytes, and so the hashes, the same on every run.
  document.setCreationDate(new Date('2021-01-15T00:00:00Z'));
  document.setModificationDate(new Date('2021-01-15T00:00:00Z'));
  return document.save();
}

interface Seed {
  at: string;
  publication: Omit<Publication, 'pdf'>;
}

const SEEDS: Seed[] = [
  {
    at: '2021-01-15T02:00:00.000Z',
    publication: {
      year: 2020, agencyId: 'suqian-cdpf', agencyName: '宿迁市残疾人联合会', source: { year: 2020, agency: 'suqian-cdpf', revision: 1 },
      pages: 2, formatVersion: '2019', templateVersion: 'test', exceptions: [],
    },
  },
  {
    at: '2021-01-20T09:30:00.000Z',
    publication: {
      year: 2020, agencyId: 'suqian-cdpf', agencyName: '宿迁市残疾人联合会', source: { year: 2020, agency: 'suqian-cdpf', revision: 2 },
      pages: 3, formatVersion: '2019', templateVersion: 'test', exceptions: [{ rule: 'R-2', reason: '上年结转件数按原统计口径填报' }],
    },
  },
  {
    at: '2022-01-10T00:00:00.000Z',
    publication: {
      year: 2021, agencyId: 'hostile-agency', agencyName: HOSTILE_NAME, source: { year: 2021, agency: 'hostile-agency' },
      pages: 1, formatVersion: '2021', templateVersion: 'test', exceptions: [],
    },
  },
];

export async function seedArchive(): Promise<SeededArchive> {
  const root = await mkdtemp(join(tmpdir(), 'nianbao-archive-page-'));
  const archive = createFsArchive({ root });
  const records: PublicationRecord[] = [];
  const pdfs = new Map<string, Uint8Array>();
  for (const { at, publication } of SEEDS) {
    const pdf = await tinyPdf(`${publication.agencyId} ${at}`, publication.pages);
    const { record } = await storePublication({ archive, clock: { now: () => new Date(at) } }, { ...publication, pdf });
    records.push(record);
    pdfs.set(record.keys.record, pdf);
  }
  return { root, archive, records, pdfs, cleanup: () => rm(root, { recursive: true, force: true }) };
}
