import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';

/**
 * The bytes to upload: a 2 s faststart MP4 made by ffmpeg, padded with random bytes to the
 * requested size. The moov atom is at the front and names the mdat's size, so ffprobe reads
 * the clip and ignores the padding: the server accepts the upload end to end (probe and move
 * into storage included). Without ffmpeg the file is random bytes, which the server receives
 * completely and then rejects with 422.
 */
export interface PayloadFile {
  readonly path: string;
  readonly size: number;
  readonly description: string;
}

const run = promisify(execFile);
const PATTERN_SIZE = 16 << 20;
const FFMPEG_TIMEOUT_MS = 60_000;

async function makeClip(file: string): Promise<Buffer | null> {
  const { ffmpeg } = resolveFfmpegBinaries({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: null }, process.env.PATH);
  const args = ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', file];
  try {
    await run(ffmpeg, args, { timeout: FFMPEG_TIMEOUT_MS });
  } catch (error) {
    process.stderr.write(`ffmpeg could not make the test clip (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); uploading random bytes instead.\n`);
    return null;
  }
  const clip = await fs.readFile(file);
  await fs.rm(file, { force: true });
  return clip;
}

async function writePadded(file: string, head: Buffer, size: number): Promise<void> {
  const pattern = randomFillSync(Buffer.allocUnsafe(PATTERN_SIZE));
  const handle = await fs.open(file, 'w');
  try {
    let written = 0;
    const first = head.subarray(0, size);
    await handle.write(first);
    written += first.length;
    while (written < size) {
      const piece = pattern.subarray(0, Math.min(pattern.length, size - written));
      await handle.write(piece);
      written += piece.length;
    }
  } finally {
    await handle.close();
  }
}

export async function makePayload(dir: string, size: number): Promise<PayloadFile> {
  const file = path.join(dir, 'payload.mp4');
  const clip = await makeClip(path.join(dir, 'clip.mp4'));
  const usable = clip !== null && clip.length < size;
  await writePadded(file, usable ? clip : Buffer.alloc(0), size);
  const description = usable ? `faststart H.264 MP4 (${clip.length} bytes) + random padding` : 'random bytes (not media: the server answers 422 after receiving them)';
  return { path: file, size, description };
}
