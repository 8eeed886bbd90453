import fs, { type Stats } from 'node:fs';

/**
 * Files that never change (an encoding's `media-<id>/` folder), kept open and shared by every
 * request for a few seconds, as nginx's `open_file_cache` does. Each open, fstat, read and close
 * is a trip through libuv's thread pool, which a profile of the playlist case showed to be the
 * largest cost after the socket writes: a shared descriptor makes a 1.5 MB segment two reads
 * instead of five operations, and small files (playlists, WebVTT, thumbnails: up to 64 KiB)
 * are read once into memory and then cost none (bench:serve).
 *
 * Reads on a shared descriptor must be positional (`createReadStream` with `start`). A lease is
 * released exactly once, when its reads are over; a descriptor is closed once it has expired
 * (or the cache was cleared) and its last lease is released. Files that may be replaced in
 * place (tracks, enrichments) are opened and closed per request and never held in memory.
 */
export interface FileLease {
  /** -1 when `content` holds the file. */
  readonly fd: number;
  readonly stats: Stats;
  /** The whole file, for small shared files. */
  readonly content: Buffer | null;
  /** Ends this lease (idempotent). */
  release(): void;
}

export type LeaseCallback = (error: NodeJS.ErrnoException | null, lease: FileLease | null) => void;

export interface OpenFileCache {
  /** Opens a regular file (EISDIR for anything else); `share` for immutable files only. */
  open(path: string, share: boolean, callback: LeaseCallback): void;
  /** Stops sharing what is open now: descriptors close as their leases end (shutdown, tests). */
  clear(): void;
}

export interface OpenFileCacheOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /** Shared files up to this size are kept in memory instead of open. */
  readonly smallFileBytes?: number;
  readonly now?: () => number;
  /** A descriptor failed to close (reported, never thrown: the answer is already sent). */
  readonly onCloseError: (error: NodeJS.ErrnoException) => void;
}

interface Entry {
  readonly fd: number;
  readonly stats: Stats;
  readonly content: Buffer | null;
  readonly expiresAt: number;
  users: number;
  retired: boolean;
}

export const OPEN_FILE_TTL_MS = 10_000;
export const SMALL_FILE_BYTES = 64 * 1024;

function notARegularFile(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`not a regular file: ${path}`), { code: 'EISDIR' });
}

/** Reads a whole small file from an open descriptor. */
function readWhole(fd: number, size: number, done: (error: NodeJS.ErrnoException | null, content: Buffer) => void): void {
  const content = Buffer.allocUnsafe(size);
  const next = (offset: number): void => {
    if (offset === size) return done(null, content);
    fs.read(fd, content, offset, size - offset, offset, (error, bytesRead) => {
      if (error) return done(error, content);
      if (bytesRead === 0) return done(Object.assign(new Error('the file shrank while it was read'), { code: 'EIO' }), content);
      next(offset + bytesRead);
    });
  };
  next(0);
}

export function createOpenFileCache(options: OpenFileCacheOptions): OpenFileCache {
  const { ttlMs = OPEN_FILE_TTL_MS, maxEntries = 512, smallFileBytes = SMALL_FILE_BYTES, now = Date.now, onCloseError } = options;
  const entries = new Map<string, Entry>();
  const opening = new Map<string, LeaseCallback[]>();
  let sweeper: NodeJS.Timeout | null = null;

  const closeFd = (fd: number) => fd >= 0 && fs.close(fd, (error) => error && onCloseError(error));

  function lease(entry: Entry): FileLease {
    let released = false;
    return {
      fd: entry.fd,
      stats: entry.stats,
      content: entry.content,
      release() {
        if (released) return;
        released = true;
        entry.users -= 1;
        if (entry.users === 0 && entry.retired) closeFd(entry.fd);
      },
    };
  }

  function retire(path: string, entry: Entry): void {
    if (entries.get(path) === entry) entries.delete(path);
    entry.retired = true;
    if (entry.users === 0) closeFd(entry.fd);
  }

  function sweep(): void {
    const at = now();
    for (const [path, entry] of entries) if (entry.expiresAt <= at) retire(path, entry);
    if (entries.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  }

  function settle(path: string, shared: boolean, take: () => LeaseCallback[], fd: number, stats: Stats, content: Buffer | null): void {
    const callbacks = take();
    const entry: Entry = { fd, stats, content, expiresAt: now() + ttlMs, users: callbacks.length, retired: !shared };
    if (shared) {
      entries.set(path, entry);
      sweeper ??= setInterval(sweep, ttlMs).unref();
    }
    callbacks.forEach((callback) => callback(null, lease(entry)));
  }

  /**
   * open + fstat (+ one read and close for small shared files), then a lease for each caller
   * `take()` returns (those who asked meanwhile included); an entry not shared is retired at once.
   */
  function openFile(path: string, shared: boolean, take: () => LeaseCallback[]): void {
    const fail = (error: NodeJS.ErrnoException) => take().forEach((callback) => callback(error, null));
    fs.open(path, 'r', (openError, fd) => {
      if (openError) return fail(openError);
      fs.fstat(fd, (statError, stats) => {
        if (statError || !stats.isFile()) {
          closeFd(fd);
          return fail(statError ?? notARegularFile(path));
        }
        if (!shared || stats.size > smallFileBytes) return settle(path, shared, take, fd, stats, null);
        readWhole(fd, stats.size, (readError, content) => {
          closeFd(fd);
          if (readError) return fail(readError);
          settle(path, shared, take, -1, stats, content);
        });
      });
    });
  }

  return {
    open(path, share, callback) {
      if (!share) return openFile(path, false, () => [callback]);
      const entry = entries.get(path);
      if (entry && entry.expiresAt > now()) {
        entry.users += 1;
        return callback(null, lease(entry));
      }
      if (entry) retire(path, entry);
      const waiting = opening.get(path);
      if (waiting) return void waiting.push(callback);
      const callbacks = [callback];
      opening.set(path, callbacks);
      openFile(path, entries.size < maxEntries, () => {
        opening.delete(path);
        return callbacks;
      });
    },
    clear() {
      for (const [path, entry] of entries) retire(path, entry);
    },
  };
}
