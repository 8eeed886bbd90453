import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';

/**
 * Small media made by ffmpeg from its test sources, once per run (never committed media).
 */
const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-media-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
const cache = new Map<string, Promise<string>>();
const { ffmpeg } = resolveFfmpegBinaries({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: null }, process.env.PATH);

function cached(name: string, make: (file: string) => Promise<void>): Promise<string> {
  let file = cache.get(name);
  if (!file) {
    const target = path.join(dir, name);
    file = make(target).then(() => target);
    cache.set(name, file);
  }
  return file;
}

/** 2 s of 320×240 test pattern with a 440 Hz tone, H.264/AAC, moov at the end (not faststart). */
export function videoClip(): Promise<string> {
  return cached('clip.mp4', async (file) => {
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-y', file]);
  });
}

/** Sound only: 2 s of tone as MP3. */
export function audioClip(): Promise<string> {
  return cached('tone.mp3', async (file) => {
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=44100', '-t', '2', '-c:a', 'libmp3lame', '-y', file]);
  });
}

/** The first half of videoClip(): its moov atom (at the end) is missing. */
export function truncatedClip(): Promise<string> {
  return cached('truncated.mp4', async (file) => {
    const whole = await readFile(await videoClip());
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
  });
}

/** Plain text, named like a video. */
export function textAsMp4(): Promise<string> {
  return cached('notes.mp4', async (file) => {
    await writeFile(file, 'These are my lecture notes, not a video.\n'.repeat(200));
  });
}

/** A PNG image named like a video. */
export function imageAsMp4(): Promise<string> {
  return cached('picture.mp4', async (file) => {
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-y', file]);
  });
}

export async function sizeOf(file: string): Promise<number> {
  return (await stat(file)).size;
}

