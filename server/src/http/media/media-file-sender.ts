import type { Stats } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { parseRange } from './byte-range.js';
import { etagOf, httpDate, ifRangeHolds, isNotModified } from './conditional-get.js';
import { pumpFile, type BufferPool } from './file-pump.js';
import type { FileLease } from './open-file-cache.js';

/**
 * Answers a GET or HEAD with an open file: validators (ETag, Last-Modified), 304s, one byte
 * range (206/416), Content-Length, then the bytes, with 1 MiB reads (file-pump.ts): with 64 KiB
 * reads a Node server sends 1.5 MB segments at half nginx's rate (ARCHITECTURE.md §6), and
 * generic static middleware costs a third more (no express.static or res.sendFile here).
 * Small immutable files come from memory and other descriptors may be shared (see
 * open-file-cache.ts); the lease is released once the last read is over, whether the answer
 * finished or the client went away mid-stream (not an error: nothing is logged, nothing leaks).
 */
const MISSING: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP']);

/** Errors of opening that mean "no such file here" (a 404), rather than a broken disk. */
export function isMissingFile(error: NodeJS.ErrnoException): boolean {
  return MISSING.has(error.code ?? '');
}

interface Validators {
  readonly etag: string;
  readonly lastModified: string;
}

/** Shared leases share their Stats: their validators are formatted once. */
const validatorsByStats = new WeakMap<Stats, Validators>();

function validatorsOf(stats: Stats): Validators {
  let validators = validatorsByStats.get(stats);
  if (!validators) {
    validators = { etag: etagOf(stats.size, stats.mtimeMs), lastModified: httpDate(stats.mtimeMs) };
    validatorsByStats.set(stats, validators);
  }
  return validators;
}

export interface SendOptions {
  readonly pool: BufferPool;
  /** A read failed after the answer started: the response is destroyed, this reports it. */
  readonly onReadError: (error: Error) => void;
}

export function sendMediaFile(req: IncomingMessage, res: ServerResponse, lease: FileLease, headers: OutgoingHttpHeaders, options: SendOptions): void {
  const { stats } = lease;
  if (res.destroyed) return lease.release();
  const { etag, lastModified } = validatorsOf(stats);
  headers['accept-ranges'] = 'bytes';
  headers.etag = etag;
  headers['last-modified'] = lastModified;
  if (isNotModified(req.headers['if-none-match'], req.headers['if-modified-since'], etag, stats.mtimeMs)) {
    lease.release();
    delete headers['content-type'];
    delete headers['content-disposition'];
    res.writeHead(304, headers).end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const range = ifRangeHolds(typeof ifRange === 'string' ? ifRange : undefined, etag, stats.mtimeMs) ? parseRange(req.headers.range, stats.size) : null;
  if (range?.kind === 'unsatisfiable') {
    lease.release();
    headers['content-range'] = `bytes */${stats.size}`;
    headers['content-length'] = 0;
    res.writeHead(416, headers).end();
    return;
  }
  const partial = range?.kind === 'range';
  const start = partial ? range.start : 0;
  const end = partial ? range.end : stats.size - 1;
  if (partial) headers['content-range'] = `bytes ${start}-${end}/${stats.size}`;
  headers['content-length'] = end - start + 1;
  res.writeHead(partial ? 206 : 200, headers);
  if (req.method === 'HEAD' || end < start || lease.content) {
    lease.release();
    res.end(req.method === 'HEAD' || !lease.content ? undefined : lease.content.subarray(start, end + 1));
    return;
  }
  stream(res, lease, start, end, options);
}

function stream(res: ServerResponse, lease: FileLease, start: number, end: number, options: SendOptions): void {
  pumpFile(res, lease.fd, start, end, options.pool, (error) => {
    lease.release();
    if (error) options.onReadError(error);
  });
}
