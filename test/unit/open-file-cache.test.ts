import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createOpenFileCache, type FileLease, type OpenFileCache } from '../../server/src/http/media/open-file-cache.js';

/** Descriptors of this process open on `file`. */
async function descriptorsOn(file: string): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  // A descriptor closed between readdir and readlink is not open on the file any more.
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === file).length;
}

function open(cache: OpenFileCache, file: string, share: boolean): Promise<FileLease> {
  return new Promise((resolve, reject) => cache.open(file, share, (error, lease) => (lease ? resolve(lease) : reject(error))));
}

/** fs.close completes on the thread pool: give it a moment, without asserting any timing. */
async function settled(file: string, expected: number): Promise<number> {
  for (let i = 0; i < 200 && (await descriptorsOn(file)) !== expected; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  return descriptorsOn(file);
}

describe('open-file cache', () => {
  let dir: string;
  let file: string;
  let clock: number;
  const closeErrors: Error[] = [];
  // smallFileBytes 0: these tests watch descriptors, which small shared files do not keep.
  const make = (smallFileBytes = 0) => createOpenFileCache({ ttlMs: 1000, smallFileBytes, now: () => clock, onCloseError: (error) => closeErrors.push(error) });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ofc-'));
    file = path.join(dir, 'segment.mp4');
    await writeFile(file, 'bytes');
    clock = 1_000_000;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    expect(closeErrors).to.deep.equal([]);
  });

  it('shares one descriptor among concurrent and later leases, until it expires', async () => {
    const cache = make();
    const [a, b] = await Promise.all([open(cache, file, true), open(cache, file, true)]);
    const c = await open(cache, file, true);
    expect([b.fd, c.fd]).to.deep.equal([a.fd, a.fd]);
    expect(a.stats.size).to.equal(5);
    expect(await descriptorsOn(file)).to.equal(1);
    clock += 1000;
    const d = await open(cache, file, true);
    expect(d.fd).to.not.equal(a.fd);
    expect(await descriptorsOn(file)).to.equal(2, 'the expired descriptor stays open while leased');
    for (const lease of [a, b, c, c]) lease.release();
    expect(await settled(file, 1)).to.equal(1);
    d.release();
    cache.clear();
    expect(await settled(file, 0)).to.equal(0);
  });

  it('reads small shared files once into memory and keeps no descriptor for them', async () => {
    const cache = make(64);
    const [a, b] = await Promise.all([open(cache, file, true), open(cache, file, true)]);
    expect([a.fd, a.content?.toString(), b.content]).to.deep.equal([-1, 'bytes', a.content]);
    expect(await settled(file, 0)).to.equal(0);
    const unshared = await open(cache, file, false);
    expect(unshared.content).to.equal(null);
    unshared.release();
    a.release();
    b.release();
    cache.clear();
  });

  it('closes descriptors of files that are not shared as soon as their lease ends', async () => {
    const cache = make();
    const [a, b] = await Promise.all([open(cache, file, false), open(cache, file, false)]);
    expect(a.fd).to.not.equal(b.fd);
    a.release();
    b.release();
    expect(await settled(file, 0)).to.equal(0);
  });

  it('reports missing files and folders as errors, and shares nothing of them', async () => {
    const cache = make();
    const missing = await open(cache, path.join(dir, 'missing.mp4'), true).catch((error: NodeJS.ErrnoException) => error.code);
    const folder = await open(cache, dir, true).catch((error: NodeJS.ErrnoException) => error.code);
    expect([missing, folder]).to.deep.equal(['ENOENT', 'EISDIR']);
    await writeFile(path.join(dir, 'missing.mp4'), 'now here');
    const lease = await open(cache, path.join(dir, 'missing.mp4'), true);
    expect(lease.stats.size).to.equal(8);
    lease.release();
    cache.clear();
  });

  it('stops sharing beyond its size and on clear', async () => {
    const cache = createOpenFileCache({ ttlMs: 1000, maxEntries: 1, smallFileBytes: 0, now: () => clock, onCloseError: (error) => closeErrors.push(error) });
    const other = path.join(dir, 'other.mp4');
    await writeFile(other, 'x');
    const a = await open(cache, file, true);
    const b = await open(cache, other, true);
    b.release();
    expect(await settled(other, 0)).to.equal(0, 'over the limit: not kept');
    a.release();
    expect(await descriptorsOn(file)).to.equal(1);
    cache.clear();
    expect(await settled(file, 0)).to.equal(0);
  });
});
