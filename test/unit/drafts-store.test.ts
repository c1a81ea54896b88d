import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsArchive } from '../../functions/archive/fs';
import { currentDraft, storeDraft } from '../../functions/drafts/store';
import { generateReport, GENERATED_YEAR } from '../helpers/generated-reports';

const folder = await mkdtemp(join(tmpdir(), 'nianbao-drafts-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('storing drafts', () => {
  it('makes the draft stored last current, even within one millisecond or with a clock that stepped back', async () => {
    const archive = createFsArchive({ root: folder });
    const [a, b] = ['2022-01-20', '2022-01-21'].map((publishedOn) => ({ ...generateReport(0), publishedOn }));
    const at = (iso: string) => ({ now: () => new Date(iso) });
    const agencyId = a.agency.id;
    const current = async () => (await currentDraft(archive, GENERATED_YEAR, agencyId))!.key;

    const first = await storeDraft(a, { archive, clock: at('2022-01-25T08:00:00.000Z') });
    const second = await storeDraft(b, { archive, clock: at('2022-01-25T08:00:00.000Z') });
    expect(await current()).toBe(second.key);
    expect(second.storedAt).toBe('2022-01-25T08:00:00.001Z');

    const third = await storeDraft(a, { archive, clock: at('2022-01-25T07:00:00.000Z') });
    expect(await current()).toBe(third.key);
    expect(third.sourceSha256).toBe(first.sourceSha256);
    expect(third.storedAt).toBe('2022-01-25T08:00:00.002Z');
  });
});
