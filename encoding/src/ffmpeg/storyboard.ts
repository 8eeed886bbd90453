// The storyboard: one JPEG sprite of small frames plus a WebVTT file pointing into it, which
// the player shows over the progress bar. Built from a finished rendition's keyframes only
// (one every 2 s exactly): ≈ 0.3 s instead of ≈ 4.5 s for decoding every frame (§6).
import { GLOBAL_OPTIONS, type FfmpegInvocation } from './ffmpeg-invocation.js';
import { KEYFRAME_INTERVAL_SECONDS } from './hls-command.js';

/** The sprite's layout and the time step between tiles. */
export interface StoryboardPlan {
  /** Seconds between tiles, a multiple of the 2 s keyframe interval. */
  readonly every: number;
  readonly count: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly columns: number;
  readonly rows: number;
}

/** Shorter videos get no storyboard: a handful of tiles is not worth a request. */
export const STORYBOARD_MIN_DURATION = 10;

/** At most this many tiles, so the sprite stays a small download (≤ 1600x900 px). */
export const STORYBOARD_MAX_TILES = 100;

/** The long side of a tile, in pixels. */
export const STORYBOARD_TILE_LONG_SIDE = 160;

/** Sprite width in tiles: 10 × 160 px keeps the image within 1600 px wide. */
export const STORYBOARD_COLUMNS = 10;

/**
 * The end of the duration that gets no tile of its own. A container's duration often runs a
 * little past the last video frame (AAC frames, audio recorded longer): a 12.02 s file of
 * 60 fps video ending at 11.98 s has no keyframe at 12 s, and a tile planned there would
 * stay black. Planning one tile fewer is harmless: the previous cue covers the end.
 */
export const STORYBOARD_END_SLACK_SECONDS = 0.5;

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

/**
 * The storyboard of a video of this duration and (display) size; null under 10 s. Tiles
 * are taken every `every` seconds, the smallest multiple of 2 s giving at most 100 tiles;
 * a tile's long side is 160 px and its short side follows the aspect ratio (even); up to 10
 * columns, as many rows as needed. The tiles start at 0, every, 2 × every… and stop
 * before the last half second (STORYBOARD_END_SLACK_SECONDS), so that each has a keyframe.
 */
export function planStoryboard(durationSeconds: number, videoWidth: number, videoHeight: number): StoryboardPlan | null {
  if (!(videoWidth > 0) || !(videoHeight > 0)) throw new Error(`invalid video size ${videoWidth}x${videoHeight}`);
  if (!Number.isFinite(durationSeconds) || durationSeconds < STORYBOARD_MIN_DURATION) return null;
  const step = KEYFRAME_INTERVAL_SECONDS;
  const covered = durationSeconds - STORYBOARD_END_SLACK_SECONDS;
  const every = step * Math.max(1, Math.ceil(covered / (step * STORYBOARD_MAX_TILES)));
  const count = Math.ceil(covered / every);
  const long = STORYBOARD_TILE_LONG_SIDE;
  const landscape = videoWidth >= videoHeight;
  const tileWidth = landscape ? long : even((long * videoWidth) / videoHeight);
  const tileHeight = landscape ? even((long * videoHeight) / videoWidth) : long;
  const columns = Math.min(STORYBOARD_COLUMNS, count);
  return { every, count, tileWidth, tileHeight, columns, rows: Math.ceil(count / columns) };
}

/**
 * Reads only the keyframes of `input` (a rendition file, e.g. 'hls/360p.mp4'; -skip_frame
 * nokey makes the decoder skip the rest), keeps one keyframe in every/2 (framestep), scales
 * and tiles them into one JPEG at `output` (e.g. 'storyboard/sprite.jpg'). The tile filter
 * is told the tile count (nb_frames): the sprite is written as soon as the last planned tile
 * arrives, partly filled last row included, and a stray extra keyframe cannot start a
 * second sprite. (Both 4.1 and 5.1 also flush a partial grid at end of stream.)
 */
export function storyboardInvocation(input: string, plan: StoryboardPlan, output: string): FfmpegInvocation {
  const stride = plan.every / KEYFRAME_INTERVAL_SECONDS;
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`storyboard step ${plan.every} s is not a multiple of ${KEYFRAME_INTERVAL_SECONDS} s`);
  const filters = [
    ...(stride > 1 ? [`framestep=${stride}`] : []),
    `scale=${plan.tileWidth}:${plan.tileHeight}`,
    `tile=${plan.columns}x${plan.rows}:nb_frames=${plan.count}`,
  ];
  return {
    global: GLOBAL_OPTIONS,
    inputs: [{ path: input, options: ['-skip_frame', 'nokey'] }],
    filterComplex: null,
    outputs: [
      {
        path: output,
        options: ['-map', '0:v:0', '-an', '-sn', '-vf', filters.join(','), '-frames:v', '1', '-q:v', '3', '-map_metadata', '-1'],
      },
    ],
  };
}

/** Seconds as WebVTT's HH:MM:SS.mmm. */
export function vttTimestamp(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const hours = Math.floor(millis / 3_600_000);
  const minutes = Math.floor(millis / 60_000) % 60;
  const secs = Math.floor(millis / 1000) % 60;
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(secs, 2)}.${pad(millis % 1000, 3)}`;
}

/**
 * The WebVTT thumbnails track (the format video.js and Esup-Pod's player read): one cue per
 * tile, `sprite.jpg#xywh=x,y,w,h`, tiles left to right then top to bottom; the last cue ends
 * at the duration.
 */
export function storyboardVtt(plan: StoryboardPlan, imageUri: string, durationSeconds: number): string {
  const lastStart = (plan.count - 1) * plan.every;
  if (!(durationSeconds > lastStart)) throw new Error(`duration ${durationSeconds} s ends before the last tile (${lastStart} s)`);
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < plan.count; i += 1) {
    const start = i * plan.every;
    const end = i === plan.count - 1 ? durationSeconds : Math.min(durationSeconds, start + plan.every);
    const x = (i % plan.columns) * plan.tileWidth;
    const y = Math.floor(i / plan.columns) * plan.tileHeight;
    lines.push(`${vttTimestamp(start)} --> ${vttTimestamp(end)}`, `${imageUri}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`, '');
  }
  return lines.join('\n');
}
