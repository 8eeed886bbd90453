// Poster thumbnails: a few frames taken from a finished rendition with an input seek, which
// costs ≈ 0.1 s each (ARCHITECTURE.md §6) instead of decoding the video up to that point.
import { ffmpegNumber, GLOBAL_OPTIONS, type FfmpegInvocation } from './ffmpeg-invocation.js';

/** Enough for the author to choose a poster from, few enough to cost ≈ 0.3 s in all. */
export const THUMBNAIL_COUNT = 3;

/** Thumbnails at least this far before the end, so that an input seek still finds a frame. */
const END_MARGIN_SECONDS = 0.1;

/**
 * Times at 25 %, 50 %, 75 % of the duration (rounded to 0.1 s), away from the black first
 * frame and the credits. For very short clips they are clamped into [0, duration − 0.1 s]
 * (rounded down to 0.1 s), since a seek at or past the last frame yields no picture at all.
 */
export function thumbnailTimes(durationSeconds: number): number[] {
  if (!Number.isFinite(durationSeconds)) throw new Error(`invalid duration ${durationSeconds}`);
  const latest = Math.max(0, Math.floor((durationSeconds - END_MARGIN_SECONDS) * 10 + 1e-9) / 10);
  return Array.from({ length: THUMBNAIL_COUNT }, (_, i) => {
    const time = Math.round(((durationSeconds * (i + 1)) / (THUMBNAIL_COUNT + 1)) * 10) / 10;
    return Math.min(Math.max(0, time), latest);
  });
}

/**
 * One JPEG frame (-q:v 3) of `input` (a rendition's fragmented MP4) at `seconds`, with the
 * seek before -i so ffmpeg jumps to the keyframe before it instead of decoding from the
 * start; the picture keeps the rendition's size. `output` is e.g. 'thumbnails/0.jpg'.
 * `-seek_streams_individually 0` (a mov demuxer option, so the input must be MP4): without
 * it the static ffmpeg 4.1 spins forever at 100 % CPU, ignoring SIGTERM, on some seeks into
 * our single-file fMP4 (6.6 s of a 13 s clip, 50 s of a 60 s one); with it 4.1 lands one
 * frame early, 5.1 exactly.
 */
export function thumbnailInvocation(input: string, seconds: number, output: string): FfmpegInvocation {
  if (!(seconds >= 0)) throw new Error(`invalid thumbnail time ${seconds}`);
  return {
    global: GLOBAL_OPTIONS,
    inputs: [{ path: input, options: ['-seek_streams_individually', '0', '-ss', ffmpegNumber(seconds)] }],
    filterComplex: null,
    outputs: [{ path: output, options: ['-map', '0:v:0', '-an', '-sn', '-frames:v', '1', '-q:v', '3', '-map_metadata', '-1'] }],
  };
}
