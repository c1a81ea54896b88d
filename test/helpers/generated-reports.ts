/**
 * Many distinct, valid reports for batch tests and the batch benchmark, made from the consistent
 * 2021 example: each gets its own agency (id `gen-0001`…, its own name) and a narrative of varied
 * length (the overview's blocks 1 to 4 times over), so the batch prints documents of different
 * sizes, as a real year-end batch does. The numbers stay the example's, so every report passes the
 * 勾稽关系 rules.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadExample } from './examples';

export const GENERATED_YEAR = 2021;

/** Overview copies cycle through 1..4: about 7 to 10 printed pages. */
const NARRATIVE_VARIANTS = 4;

export function generatedAgencyId(index: number): string {
  return `gen-${String(index + 1).padStart(4, '0')}`;
}

export function generateReport(index: number): any {
  const report = loadExample('consistent2021');
  const name = `江海市第${index + 1}号政务公开试点单位`;
  report.agency = { ...report.agency, id: generatedAgencyId(index), name };
  report.signature = { ...report.signature, name };
  const overview = report.sections.overview;
  overview.blocks = Array.from({ length: 1 + (index % NARRATIVE_VARIANTS) }, () => overview.blocks).flat();
  return report;
}

export function generateReports(count: number): any[] {
  return Array.from({ length: count }, (_, i) => generateReport(i));
}

/** Writes the reports as `{agency}.json` into `dir` (for `batch --from DIR`); returns the file paths. */
export async function writeReportFolder(dir: string, reports: any[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(reports.map(async (report) => {
    const file = join(dir, `${report.agency.id}.json`);
    await writeFile(file, JSON.stringify(report, null, 2));
    return file;
  }));
}
