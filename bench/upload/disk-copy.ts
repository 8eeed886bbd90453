import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

/**
 * The baseline: the same bytes written straight to a new file on the same disk, with the
 * same close semantics as the server's path. @tus/file-store writes with a plain
 * fs.createWriteStream and never fsyncs (nor does the move into storage), so neither does
 * this: the time runs until the file is closed.
 */
export async function copyToDisk(source: string, target: string, readSize: number): Promise<number> {
  const started = performance.now();
  await pipeline(createReadStream(source, { highWaterMark: readSize }), createWriteStream(target));
  return performance.now() - started;
}

const SYNC_TIMEOUT_MS = 300_000;
const run = promisify(execFile);

/** Flushes every dirty page (sync(1)) so each pass starts with the same writeback state. */
export async function settleDisk(): Promise<void> {
  await run('sync', [], { timeout: SYNC_TIMEOUT_MS });
}
