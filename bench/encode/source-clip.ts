import fs from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from './ffmpeg-tool.js';

/**
 * The source: a 1920x1080, 30 fps clip with a 48 kHz stereo tone, made by ffmpeg from its
 * test sources (never committed media, ARCHITECTURE.md §4.12). testsrc2 alone is cheap to
 * encode; light temporal noise (alls=6) brings the x264 cost per frame to about 1.6× that
 * of the bare pattern (measured at veryfast / CRF 23: 6.3 against 3.9 CPU seconds per 5 s), the
 * ratio §6 gives for real camera footage, and the file to a camera-like ≈ 16 Mbit/s.
 * Stored as high-quality H.264 (CRF 18, veryfast) + AAC, so that every pass decodes the same
 * realistic file.
 */
export interface SourceClip {
  readonly path: string;
  readonly seconds: number;
  readonly bytes: number;
  readonly description: string;
  /** Time it took to make (not part of any figure). */
  readonly makeMs: number;
}

export const SOURCE_WIDTH = 1920;
export const SOURCE_HEIGHT = 1080;
export const SOURCE_FPS = 30;
const NOISE = 'noise=alls=6:allf=t+u';

export async function makeSourceClip(ffmpeg: string, dir: string, seconds: number): Promise<SourceClip> {
  const file = path.join(dir, 'source-1080p30.mp4');
  const video = `testsrc2=size=${SOURCE_WIDTH}x${SOURCE_HEIGHT}:rate=${SOURCE_FPS},${NOISE},format=yuv420p`;
  const audio = 'aevalsrc=0.2*sin(2*PI*440*t)|0.2*sin(2*PI*660*t):s=48000';
  const args = [
    '-hide_banner', '-nostdin', '-y',
    '-f', 'lavfi', '-i', video,
    '-f', 'lavfi', '-i', audio,
    '-t', String(seconds),
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-ac', '2',
    '-movflags', '+faststart',
    file,
  ];
  const run = await runFfmpeg(ffmpeg, args, dir);
  const { size } = await fs.stat(file);
  const megabits = (size * 8) / 1e6 / seconds;
  return {
    path: file,
    seconds,
    bytes: size,
    description: `${seconds} s ${SOURCE_WIDTH}x${SOURCE_HEIGHT} ${SOURCE_FPS} fps testsrc2 + ${NOISE}, H.264 High CRF 18 veryfast (${megabits.toFixed(1)} Mbit/s) + AAC 48 kHz stereo tone`,
    makeMs: run.ms,
  };
}

/** A tiny clip for the warm-up (ffmpeg, its libraries and the worker's first job). */
export async function makeWarmUpClip(ffmpeg: string, dir: string): Promise<string> {
  const file = path.join(dir, 'warm-up.mp4');
  const args = ['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest', file];
  await runFfmpeg(ffmpeg, args, dir);
  return file;
}
