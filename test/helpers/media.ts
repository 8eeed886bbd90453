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
export const runFfmpegTool = promisify(execFile);
const run = runFfmpegTool;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-media-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
const cache = new Map<string, Promise<string>>();
export const { ffmpeg } = resolveFfmpegBinaries({ ffmpegPath: process.env.FFMPEG_PATH ?? null, ffprobePath: null }, process.env.PATH);

/** A file made once per run under a temporary folder (removed at exit), named `name`. */
export function cached(name: string, make: (file: string) => Promise<void>): Promise<string> {
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

export interface ClipSpec {
  readonly seconds: number;
  readonly width: number;
  readonly height: number;
  readonly fps?: number;
  readonly audio?: boolean;
  /** Display rotation written as container metadata, as phones do (the pixels stay landscape). */
  readonly rotation?: 90 | 270;
  /** 30 fps for 2 s, then one frame in three: a variable frame rate, as phones record. */
  readonly variableFrameRate?: boolean;
  /** A text subtitle stream (mov_text) in French. */
  readonly subtitles?: boolean;
}

/** A test-pattern clip of any shape (odd sizes included), H.264/AAC in MP4. */
export function lectureClip(spec: ClipSpec): Promise<string> {
  const name = `clip-${spec.width}x${spec.height}-${spec.seconds}s-${spec.fps ?? 25}-${spec.audio === false ? 'mute' : 'sound'}-${spec.rotation ?? 0}-${spec.variableFrameRate ? 'vfr' : 'cfr'}-${spec.subtitles ? 'subs' : 'nosubs'}.mp4`;
  return cached(name, async (file) => {
    const plain = `${file}.plain.mp4`;
    const inputs = ['-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps ?? 25}`];
    if (spec.audio !== false) inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100');
    const subtitleFile = `${file}.srt`;
    if (spec.subtitles) {
      await writeFile(subtitleFile, '1\n00:00:00,500 --> 00:00:02,000\nBonjour à tous\n\n2\n00:00:02,500 --> 00:00:04,000\nCommençons\n');
      inputs.push('-i', subtitleFile);
    }
    const maps = ['-map', '0:v', ...(spec.audio !== false ? ['-map', '1:a'] : []), ...(spec.subtitles ? ['-map', `${spec.audio !== false ? 2 : 1}:s`, '-c:s', 'mov_text', '-metadata:s:s:0', 'language=fra'] : [])];
    const vfr = spec.variableFrameRate ? ['-vf', "select='lt(t,2)+not(mod(n,3))'", '-vsync', 'vfr'] : [];
    await run(ffmpeg, ['-v', 'error', ...inputs, ...maps, '-t', String(spec.seconds), ...vfr, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-y', plain]);
    const rotate = spec.rotation ? ['-metadata:s:v:0', `rotate=${spec.rotation}`] : [];
    await run(ffmpeg, ['-v', 'error', '-i', plain, '-map', '0', '-c', 'copy', ...rotate, '-y', file]);
  });
}

/**
 * A clip whose headers are intact but whose video frames are overwritten with noise: ffprobe
 * reads it as a valid H.264 file, and decoding fails.
 */
export function corruptClip(): Promise<string> {
  return cached('corrupt.mp4', async (file) => {
    const whole = await readFile(await lectureClip({ seconds: 4, width: 320, height: 240, audio: false }));
    const mdat = whole.indexOf('mdat');
    let seed = 7;
    for (let i = mdat + 8; i < whole.length && i < mdat + 8 + Math.floor(whole.length * 0.9); i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      whole[i] = seed & 0xff;
    }
    await writeFile(file, whole);
  });
}

/** An MP4 whose only stream is a subtitle track: a valid container with nothing to watch or hear. */
export function subtitlesOnlyClip(): Promise<string> {
  return cached('subtitles-only.mp4', async (file) => {
    const srt = `${file}.srt`;
    await writeFile(srt, '1\n00:00:00,500 --> 00:00:02,000\nBonjour\n');
    await run(ffmpeg, ['-v', 'error', '-i', srt, '-c:s', 'mov_text', '-y', file]);
  });
}

export async function sizeOf(file: string): Promise<number> {
  return (await stat(file)).size;
}

