/**
 * `nianbao draft --year --agency [--from FILE]`: a year's draft from the agency's report of the
 * year before, published in the archive NIANBAO_ARCHIVE names, or given as a file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFsArchive } from '../../../functions/archive/fs';
import { storePublication } from '../../../functions/archive/store';
import { validateReport } from '../../../functions/report';
import { cli } from '../../helpers/cli';
import { EXAMPLES } from '../../helpers/examples';
import { realReports } from '../../helpers/real-reports';
import { tinyPdf } from '../../helpers/archive-seed';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nianbao-cli-draft-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('nianbao draft', () => {
  it('starts 2022 from the 2021 report --from names, to stdout, and says what is left to fill in', async () => {
    const { code, out, err } = await cli('draft', '--year', '2022', '--agency', 'jianghai-nrp', '--from', EXAMPLES.consistent2021);
    expect(code).toBe(0);
    const draft = JSON.parse(out.join('\n'));
    expect(draft).toMatchObject({ year: 2022, formatVersion: '2021', agency: { id: 'jianghai-nrp' } });
    expect(draft.sections.requests.table.carriedOver).toEqual({ naturalPerson: 4, commercial: 1, research: 0, nonProfit: 0, legal: 1, other: 0, total: 6 });
    expect(validateReport(draft).ok).toBe(true);
    expect(err).toEqual([expect.stringMatching(/^draft 2022 jianghai-nrp: \d+ cells to fill in, and the text to bring up to date$/)]);
  });

  it('starts from the report published in the archive, and writes -o', async () => {
    const root = join(folder, 'archive');
    const real = realReports().find((r) => r.slug === 'pingtan-2023')!;
    const source = real.json();
    await storePublication(
      { archive: createFsArchive({ root }), clock: { now: () => new Date('2024-03-08T08:00:00Z') } },
      { year: 2023, agencyId: source.agency.id, agencyName: source.agency.name, source, pdf: await tinyPdf('pingtan', 1), pages: 1, formatVersion: '2021', templateVersion: 'test', exceptions: [] },
    );
    vi.stubEnv('NIANBAO_ARCHIVE', root);
    const output = join(folder, 'draft-2024.json');
    const { code } = await cli('draft', '--year', '2024', '--agency', source.agency.id, '-o', output);
    expect(code).toBe(0);
    const draft = JSON.parse(await readFile(output, 'utf8'));
    expect(draft.sections.requests.table.carriedOver).toEqual(source.sections.requests.table.carriedForward);
    expect(draft.sections.proactive.table.normativeDocuments.inForce).toBe(470);
  });

  it('says so when there is nothing to start from, or the file is another agency’s or year’s', async () => {
    vi.stubEnv('NIANBAO_ARCHIVE', join(folder, 'empty'));
    expect(await cli('draft', '--year', '2024', '--agency', 'nobody')).toEqual({ code: 1, out: [], err: ['nianbao draft: no published 2023 report of nobody to start 2024 from'] });
    const other = await cli('draft', '--year', '2023', '--agency', 'jianghai-nrp', '--from', EXAMPLES.consistent2021);
    expect(other).toMatchObject({ code: 1, err: [`${EXAMPLES.consistent2021}: the 2021 report of jianghai-nrp, not the 2022 report of jianghai-nrp`] });
    expect((await cli('draft', '--year', '2024')).code).toBe(2);
    expect((await cli('draft', '--year', 'soon', '--agency', 'x')).code).toBe(2);
  });
});
