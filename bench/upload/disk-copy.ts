import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

/**
 * The baseline: the same bytes written straight to a new file on the same disk, with the
 * same durability as the server's path: Lectern fsyncs a finished upload before answering
 * (and its folder after the move into storage), so the time runs until the fsync returns.
 */
export async function copyToDisk(source: string, target: string, readSize: number): Promise<number> {
  const started = performance.now();
  await pipeline(createReadStream(source, { highWaterMark: readSize }), createWriteStream(target));
  const handle = await open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return performance.now() - started;
}

const SYNC_TIMEOUT_MS = 300_000;
const run = promisify(execFile);

/** Flushes every dirty page (sync(1)) so each pass starts with the same writeback state. */
export async function settleDisk(): Promise<void> {
  await run('sync', [], { timeout: SYNC_TIMEOUT_MS });
}
