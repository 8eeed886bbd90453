import os from 'node:os';

/** What the encoding benchmark measures, read from BENCH_* environment variables. */
export interface EncodeBenchOptions {
  /** Length of the generated 1080p30 source clip (BENCH_SECONDS, default 60). */
  readonly seconds: number;
  /** Rounds of the three passes, order reversed every other round (BENCH_ROUNDS, default 1). */
  readonly rounds: number;
  /** x264 preset of all three passes; null = the config default (BENCH_PRESET). */
  readonly preset: string | null;
  /** x264 CRF of all three passes; null = the config default (BENCH_CRF). */
  readonly crf: number | null;
  /** Presets of the single-pass table; empty = no table (BENCH_PRESETS, default superfast,veryfast,faster). */
  readonly presets: readonly string[];
  /** How often pass (a) polls the video's status and samples its child processes, ms (BENCH_POLL_MS, default 50). */
  readonly pollMs: number;
  /** Folder under which the temporary workspace is made (BENCH_DIR, default the OS temp folder). */
  readonly parentDir: string;
  /** ENCODING_* and FFMPEG_PATH/FFPROBE_PATH from the environment, handed to the job's config. */
  readonly encodingEnv: Readonly<Record<string, string>>;
}

export const X264_PRESETS: readonly string[] = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'];

const MAX_ROUNDS = 5;

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}="${text}" must be a whole number from ${min} to ${max}.`);
  return value;
}

function preset(name: string, text: string): string {
  if (!X264_PRESETS.includes(text)) throw new Error(`${name}: "${text}" is not an x264 preset (${X264_PRESETS.join(', ')}).`);
  return text;
}

/** Settings the job's config reads, passed through so that all three passes use the same ones. */
function encodingEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && (key.startsWith('ENCODING_') || key === 'FFMPEG_PATH' || key === 'FFPROBE_PATH')) picked[key] = value;
  }
  return picked;
}

export function readEncodeOptions(env: NodeJS.ProcessEnv): EncodeBenchOptions {
  const presetsText = env.BENCH_PRESETS ?? 'superfast,veryfast,faster';
  const presets = presetsText.split(',').map((part) => part.trim()).filter(Boolean);
  return {
    seconds: wholeNumber('BENCH_SECONDS', env.BENCH_SECONDS ?? '60', 4, 600),
    rounds: wholeNumber('BENCH_ROUNDS', env.BENCH_ROUNDS ?? '1', 1, MAX_ROUNDS),
    preset: env.BENCH_PRESET ? preset('BENCH_PRESET', env.BENCH_PRESET) : null,
    crf: env.BENCH_CRF ? wholeNumber('BENCH_CRF', env.BENCH_CRF, 0, 51) : null,
    pollMs: wholeNumber('BENCH_POLL_MS', env.BENCH_POLL_MS ?? '50', 10, 2000),
    presets: [...new Set(presets.map((p) => preset('BENCH_PRESETS', p)))],
    parentDir: env.BENCH_DIR ?? os.tmpdir(),
    encodingEnv: encodingEnv(env),
  };
}
