// An ffmpeg command as data. Planners build these; the one runner turns them into argv.
// Keeping the command a plain value lets tests compare whole argument lists, lets the runner
// log exactly what it ran, and keeps fluent-ffmpeg (archived upstream) swappable.

/** One input; `options` go before its `-i` (input seek, decoder options). */
export interface FfmpegInput {
  readonly path: string;
  readonly options: readonly string[];
}

/** One output; `options` go before its path (maps, codecs, muxer options). */
export interface FfmpegOutput {
  readonly path: string;
  readonly options: readonly string[];
}

/**
 * A whole ffmpeg command. Paths are relative to the job's work folder (the runner starts
 * ffmpeg there), except the source input, which is given as it is.
 */
export interface FfmpegInvocation {
  readonly global: readonly string[];
  readonly inputs: readonly FfmpegInput[];
  readonly filterComplex: string | null;
  readonly outputs: readonly FfmpegOutput[];
}

/**
 * The global options of every Lectern command. No `-loglevel`: the runner reads the default
 * `time=` stats lines on stderr for progress. `-nostdin` so a worker without a terminal never
 * blocks, `-y` because outputs go to a fresh work folder that a retry may find half written.
 */
export const GLOBAL_OPTIONS: readonly string[] = ['-hide_banner', '-nostdin', '-y'];

/**
 * The argv (without the binary) in ffmpeg's positional order: global options,
 * (input options, -i, path)*, -filter_complex, (output options, path)*.
 */
export function invocationArgs(invocation: FfmpegInvocation): string[] {
  const args = [...invocation.global];
  for (const input of invocation.inputs) args.push(...input.options, '-i', input.path);
  if (invocation.filterComplex !== null) args.push('-filter_complex', invocation.filterComplex);
  for (const output of invocation.outputs) args.push(...output.options, output.path);
  return args;
}

/**
 * A number as an ffmpeg argument: at most 3 decimals, no exponent, no trailing zeros
 * (`2.5`, `29.97`, `12`), so that commands stay readable in logs and stable in tests.
 */
export function ffmpegNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number for ffmpeg: ${value}`);
  const rounded = Math.round(value * 1000) / 1000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}
