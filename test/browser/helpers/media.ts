import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './lectern-server.js';

/** Small real clips from ffmpeg's test sources, generated into a temporary folder (never committed). */

const execFileAsync = promisify(execFile);

/** The system's ffmpeg when on PATH, else the static one from @ffmpeg-installer. */
export function ffmpegPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'ffmpeg');
    if (dir && existsSync(candidate)) return candidate;
  }
  const bundled = path.join(projectRoot, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
  if (existsSync(bundled)) return bundled;
  throw new Error('No ffmpeg: install Debian\'s ffmpeg package or run npm install (@ffmpeg-installer/ffmpeg).');
}

/** A `seconds`-long 320x240 H.264/AAC MP4 (test pattern and a 440 Hz tone), moov first. */
export async function makeClip(file: string, seconds = 3): Promise<string> {
  await execFileAsync(ffmpegPath(), [
    '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds),
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
    '-movflags', '+faststart',
    file,
  ]);
  return file;
}

/**
 * A copy of the MP4 `source` grown to `totalBytes` by a trailing `free` box (an MP4 box
 * players and ffprobe skip), so the file stays valid media while taking a while to upload.
 */
export async function padMp4(source: string, file: string, totalBytes: number): Promise<string> {
  await copyFile(source, file);
  const { size } = await stat(source);
  const boxSize = totalBytes - size;
  if (boxSize < 8 || boxSize > 0xffffffff) throw new Error(`cannot pad ${size} bytes to ${totalBytes}`);
  const box = Buffer.alloc(boxSize);
  box.writeUInt32BE(boxSize, 0);
  box.write('free', 4, 'latin1');
  await appendFile(file, box);
  return file;
}

/** A text file with a media name: what a user sends by mistake. */
export async function makeFakeMedia(file: string): Promise<string> {
  await writeFile(file, 'These are lecture notes, not a video.\n'.repeat(200));
  return file;
}
