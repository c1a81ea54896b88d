/**
 * The archive contract on the filesystem adapter, plus what only a filesystem has: temp files,
 * symlinks, and a real folder around the root that hostile keys must not reach.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive, ReplaceOptions } from '../../functions/archive/archive';
import { readDirectory, readIndex, reindex } from '../../functions/archive/catalog';
import { listVersions } from '../../functions/archive/versions';
import { decodeIndex, entriesOf, idOf, linesOf } from '../../functions/archive/catalog-index';
import { createFsArchive } from '../../functions/archive/fs';
import { ArchiveUnavailable, InvalidArchiveKey } from '../../functions/archive/errors';
import { storePublication } from '../../functions/archive/store';
import { archiveContract, clockAt, HOSTILE_KEYS, publication } from './archive.contract';

const workspace = await mkdtemp(join(tmpdir(), 'nianbao-fs-archive-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));

let opened = 0;
/** Each archive lives in its own folder inside a parent folder that nothing may touch. */
async function openInParent() {
  const parent = join(workspace, `case-${++opened}`);
  await mkdir(parent);
  return { parent, root: join(parent, 'archive'), archive: createFsArchive({ root: join(parent, 'archive') }) };
}

const run = promisify(execFile);
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array) => new TextDecoder().decode(body);

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

archiveContract('fs', async () => (await openInParent()).archive, () => {
  it("reports the filesystem's own failures as the archive being unavailable, naming its folder", async () => {
    const { parent } = await openInParent();
    await writeFile(join(parent, 'a-file'), 'not a folder');
    const root = join(parent, 'a-file', 'archive');
    const archive = createFsArchive({ root });
    const write = archive.putIfAbsent('2021/x/a.json', new Uint8Array([1]));
    await expect(write).rejects.toBeInstanceOf(ArchiveUnavailable);
    await expect(write).rejects.toThrow(`the archive folder ${root}: ENOTDIR`);
    await expect(archive.putIfAbsent('../x', new Uint8Array([1]))).rejects.toBeInstanceOf(InvalidArchiveKey);
  });

  it('stores every file read-only', async () => {
    const { root, archive } = await openInParent();
    await storePublication({ archive, clock: clockAt('2022-01-26T08:00:00Z') }, publication());
    const files = await filesBelow(root);
    expect(files.filter((file) => !file.startsWith(join(root, 'catalog')))).toHaveLength(3);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect((await stat(file)).mode & 0o777, file).toBe(0o444);
  });

  it('throws at once when `root` is missing', () => {
    expect(() => createFsArchive({} as never)).toThrow('missing required option `root`');
  });

  it('leaves no temp file behind, whether it created the key or found it present', async () => {
    const { root, archive } = await openInParent();
    await storePublication({ archive, clock: clockAt('2022-01-26T08:00:00Z') }, publication());
    await storePublication({ archive, clock: clockAt('2022-01-27T08:00:00Z') }, publication());
    const files = await filesBelow(root);
    expect(files.filter((file) => !file.startsWith(join(root, 'catalog')))).toHaveLength(3);
    expect(files.filter((file) => file.includes('.tmp-'))).toEqual([]);
  });

  it('gives a document written again from generation 1 (its folder deleted) a version of its own', async () => {
    const { root, archive } = await openInParent();
    const key = 'catalog/index/2021.json';
    await archive.replaceDocument(key, new TextEncoder().encode('before'), null);
    const known = (await archive.readDocument(key))!;
    await rm(join(root, 'catalog'), { recursive: true });
    const again = await archive.replaceDocument(key, new TextEncoder().encode('after'), null);
    expect(again?.split('-')[0]).toBe(known.version.split('-')[0]);
    expect(await archive.readDocument(key, known)).toEqual({ body: new TextEncoder().encode('after'), version: again });
  });

  describe('repairable documents (the catalog\'s index and directory)', () => {
    const key = 'catalog/index/2021.json';
    const generations = async (root: string) => (await readdir(join(root, ...key.split('/')))).sort();
    const g = (n: number) => `g${String(n).padStart(12, '0')}`;
    const write = async (archive: Archive, words: string[], options?: ReplaceOptions) => {
      for (const word of words) await archive.replaceDocument(key, bytes(word), (await archive.readDocument(key))?.version ?? null, options);
    };
    /** What a power cut leaves of a generation whose data never reached the disk. */
    const tear = async (path: string, damage: 'empty' | 'cut short' | 'garbled') => {
      const file = await readFile(path);
      await chmod(path, 0o644);
      if (damage === 'garbled') await writeFile(path, Buffer.concat([file.subarray(0, -2), Buffer.from([0, 0])]));
      else await truncate(path, damage === 'empty' ? 0 : Math.floor(file.length / 2));
    };

    it('keeps the last synced generation (the first, then every 16th) beside the newest; other documents keep only the newest', async () => {
      const { root, archive } = await openInParent();
      await write(archive, ['1', '2', '3'], { repairable: true });
      expect(await generations(root)).toEqual([g(1), g(3)]);
      await write(archive, Array.from({ length: 13 }, (_, i) => String(i + 4)), { repairable: true });
      expect(await generations(root)).toEqual([g(16)]);
      await write(archive, ['17', '18'], { repairable: true });
      expect(await generations(root)).toEqual([g(16), g(18)]);
      await write(archive, ['19'], {});
      expect(await generations(root)).toEqual([g(19)]);
    });

    for (const damage of ['empty', 'cut short', 'garbled'] as const) {
      it(`reads the newest whole generation past one a power cut left ${damage}, and removes the torn one`, async () => {
        const { root, archive } = await openInParent();
        await write(archive, ['one', 'two', 'three'], { repairable: true });
        const synced = (await readdir(join(root, ...key.split('/')))).sort()[0]!;
        await tear(join(root, ...key.split('/'), g(3)), damage);
        const read = await createFsArchive({ root }).readDocument(key);
        expect(text(read!.body)).toBe('one');
        expect(await generations(root)).toEqual([synced]);
        expect(await archive.replaceDocument(key, bytes('four'), read!.version, { repairable: true })).not.toBeNull();
        expect(text((await archive.readDocument(key))!.body)).toBe('four');
      });
    }

    it('reads a generation written before generations had frames as it is', async () => {
      const { root, archive } = await openInParent();
      await mkdir(join(root, ...key.split('/')), { recursive: true });
      await writeFile(join(root, ...key.split('/'), g(7)), '{"schema":"before frames"}\n');
      const read = await archive.readDocument(key);
      expect(text(read!.body)).toBe('{"schema":"before frames"}\n');
      await write(archive, ['eight'], { repairable: true });
      expect(await generations(root)).toEqual([g(7), g(8)]);
    });

    it('loses no publish to a power cut that tears the catalog\'s unsynced generations: the last synced ones and the journal put them back', async () => {
      const { root, archive } = await openInParent();
      const clock = { now: () => new Date() };
      // A record from before the journal, catalogued by a reindex (synced): only the synced generation holds it.
      const unjournaled: Archive = { ...archive, putIfAbsent: (k, b, o) => (k.startsWith('catalog/') ? Promise.resolve({ created: true }) : archive.putIfAbsent(k, b, o)), replaceDocument: () => Promise.resolve('not written') };
      await storePublication({ archive: unjournaled, clock }, publication({ agencyId: 'old', source: { old: true } }));
      await reindex(archive, await listVersions(archive), Date.now());
      for (const agencyId of ['a', 'b']) await storePublication({ archive, clock }, publication({ agencyId, source: { agencyId } }));
      const index = join(root, 'catalog', 'index', '2021.json');
      const directory = join(root, 'catalog', 'agencies.json');
      expect(await readdir(index)).toEqual([g(1), g(3)]);
      await tear(join(index, g(3)), 'empty');
      await tear(join(directory, g(3)), 'cut short');
      // After the restart: the last synced generations hold only the reindexed record; the journal has the others.
      const restarted = createFsArchive({ root });
      expect(linesOf(await readIndex(restarted, 2021)).map(idOf)).toEqual(['a', 'b', 'old']);
      expect(linesOf(await readDirectory(restarted)).map(idOf)).toEqual(['a', 'b', 'old']);
      // The reader wrote the repair back.
      expect(entriesOf(decodeIndex((await restarted.readDocument('catalog/index/2021.json'))!.body, 2021, 'k')).map((entry) => entry.id)).toEqual(['a', 'b', 'old']);
    });
  });

  it('never lists the temp file of an interrupted write', async () => {
    const { root, archive } = await openInParent();
    await archive.putIfAbsent('2021/a/x.pdf', new Uint8Array([1]));
    await writeFile(join(root, '2021', 'a', '.tmp-crashed'), 'half a PDF');
    expect((await archive.list('')).keys).toEqual(['2021/a/x.pdf']);
  });

  it('removes the temp file of a write that fails half-way (a file size limit, as a full disk would)', async () => {
    const { root } = await openInParent();
    // A child process under `ulimit -f`: writing past 64 KiB fails with EFBIG, a real failed write.
    const child = await run('bash', ['-c', 'ulimit -f 64 && exec "$0" "$@"', process.execPath, '--import', 'tsx', '--input-type=module', '-e', `
      import { createFsArchive } from ${JSON.stringify(new URL('../../functions/archive/fs.ts', import.meta.url).pathname)};
      const archive = createFsArchive({ root: ${JSON.stringify(root)} });
      await archive.putIfAbsent('2021/a/small.json', new Uint8Array(1000));
      await archive.putIfAbsent('2021/a/big.pdf', new Uint8Array(200_000)).catch((error) => console.log(error.name, error.message));
    `]);
    expect(child.stdout).toMatch(/^ArchiveUnavailable the archive folder .*: EFBIG/);
    expect((await filesBelow(root)).map((file) => file.slice(root.length))).toEqual(['/2021/a/small.json']);
  });

  it('finds the files interrupted writes left, sweeps the stale ones and keeps a write in progress', async () => {
    const { root, archive } = await openInParent();
    await archive.putIfAbsent('2021/a/kept.json', new Uint8Array([1]));
    const crashed = join(root, '2021', 'a', '.tmp-crashed');
    await writeFile(crashed, new Uint8Array(204_800));
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(crashed, anHourAgo, anHourAgo);
    await writeFile(join(root, '.tmp-in-progress'), 'being written');

    expect(await archive.strayWrites!()).toEqual([
      { path: '2021/a/.tmp-crashed', bytes: 204_800, modifiedAt: anHourAgo, stale: true },
      { path: '.tmp-in-progress', bytes: 13, modifiedAt: expect.any(Date), stale: false },
    ]);
    expect((await archive.sweepStrayWrites!()).map((stray) => stray.path)).toEqual(['2021/a/.tmp-crashed']);
    expect((await filesBelow(root)).map((file) => file.slice(root.length)).sort()).toEqual(['/.tmp-in-progress', '/2021/a/kept.json']);
  });

  it('probes a write and leaves nothing behind; the probe fails where a write would', async () => {
    const { parent, root, archive } = await openInParent();
    await archive.probeWrite!();
    expect(await filesBelow(root)).toEqual([]);
    await writeFile(join(parent, 'a-file'), 'not a folder');
    await expect(createFsArchive({ root: join(parent, 'a-file', 'archive') }).probeWrite!()).rejects.toBeInstanceOf(ArchiveUnavailable);
  });

  it('writes nothing outside the root for any hostile key', async () => {
    const { parent, root, archive } = await openInParent();
    await archive.putIfAbsent('2021/a/x.pdf', new Uint8Array([1]));
    for (const key of HOSTILE_KEYS) {
      await expect(archive.putIfAbsent(key, new Uint8Array([2]))).rejects.toThrow(InvalidArchiveKey);
    }
    expect(await filesBelow(parent)).toEqual([join(root, '2021', 'a', 'x.pdf')]);
  });

  it('refuses to follow a symlink planted inside the root to a folder outside it', async () => {
    const { parent, root, archive } = await openInParent();
    const outside = join(parent, 'outside');
    await mkdir(join(outside, 'a'), { recursive: true });
    await writeFile(join(outside, 'a', 'secret.pdf'), 'not archived');
    await mkdir(root);
    await symlink(outside, join(root, '2021'));
    await expect(archive.putIfAbsent('2021/a/x.pdf', new Uint8Array([1]))).rejects.toThrow(InvalidArchiveKey);
    await expect(archive.putIfAbsent('2021/b/x.pdf', new Uint8Array([1]))).rejects.toThrow(InvalidArchiveKey);
    await expect(archive.get('2021/a/secret.pdf')).rejects.toThrow(InvalidArchiveKey);
    await expect(archive.list('2021/')).rejects.toThrow(InvalidArchiveKey);
    expect((await archive.list('')).keys).toEqual([]);
    expect(await filesBelow(outside)).toEqual([join(outside, 'a', 'secret.pdf')]);
  });
});
