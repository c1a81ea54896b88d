/**
 * The folder adapter's listing from a cursor (fs.ts `list`): it does not read a folder whose keys
 * all sort before the cursor, which is what makes the catalog's journal listing cost a day's lines
 * (keys.ts `journalStartAfter`). What it lists is the archive contract's (test/contract/); this
 * counts the folders it reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeCursor } from '../../../functions/archive/cursor';
import { createFsArchive } from '../../../functions/archive/fs';
import { allYearsJournalKey, ALL_YEARS_JOURNAL_PREFIX, journalStartAfter } from '../../../functions/archive/keys';

const folders = vi.hoisted(() => ({ read: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readdir: ((path: string, options: never) => (folders.read.push(String(path)), actual.readdir(path, options))) as typeof actual.readdir };
});

const workspace = await mkdtemp(join(tmpdir(), 'nianbao-fs-list-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));

describe('listing the folder from a cursor', () => {
  it('reads only the folders that can hold a key after it', async () => {
    const root = join(workspace, 'archive');
    const archive = createFsArchive({ root });
    const sha = 'ab'.repeat(32);
    const day = 86_400_000;
    const start = Date.UTC(2025, 0, 1);
    // Ten days of lines, one every 6 hours: 9 or 10 buckets of 28 hours.
    const keys = Array.from({ length: 40 }, (_, i) => allYearsJournalKey(2024, new Date(start + (i * day) / 4), `agency-${i}`, sha));
    for (const key of keys) await archive.putIfAbsent(key, new TextEncoder().encode('{}'));
    const buckets = [...new Set(keys.map((key) => key.split('/')[3]))];

    folders.read.length = 0;
    const from = start + 9 * day;
    const listed = await archive.list(ALL_YEARS_JOURNAL_PREFIX, { cursor: encodeCursor(journalStartAfter(ALL_YEARS_JOURNAL_PREFIX, from)) });
    expect(listed.keys).toEqual(keys.slice(36));
    const read = folders.read.map((path) => relative(root, path).split(sep).join('/'));
    // The journal's folder and the bucket of the cursor's time (and any after it), none before.
    const fromBucket = String(from).slice(0, 5);
    expect(read).toEqual(['catalog/journal/all', ...buckets.filter((bucket) => bucket! >= fromBucket).map((bucket) => `catalog/journal/all/${bucket}`)]);
    expect(read.length).toBeLessThan(4);

    // Without a cursor, every folder.
    folders.read.length = 0;
    expect((await archive.list(ALL_YEARS_JOURNAL_PREFIX)).keys).toEqual(keys);
    expect(folders.read).toHaveLength(buckets.length + 1);
  });
});
