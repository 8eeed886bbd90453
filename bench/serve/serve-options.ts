import os from 'node:os';

/** What the serving benchmark measures, read from BENCH_* environment variables. */
export interface ServeBenchOptions {
  /** Seconds of each measured wrk run (BENCH_DURATION, default 10). */
  readonly durationSeconds: number;
  /** Rounds of every case and server, order reversed every other round; figures are medians (BENCH_ROUNDS, default 1). */
  readonly rounds: number;
  /** Seconds of the unmeasured wrk run before each measured one (BENCH_WARMUP, default 2). */
  readonly warmUpSeconds: number;
  /** wrk connections and threads (BENCH_CONNECTIONS 64, BENCH_THREADS 2). */
  readonly connections: number;
  readonly threads: number;
  /** Length of the generated source clip (BENCH_CLIP_SECONDS, default 36: six 6 s segments per rendition). */
  readonly clipSeconds: number;
  /** Cases to run, among segments, playlists, mp4 (BENCH_CASES, default all). */
  readonly cases: readonly CaseName[];
  /** Also measure the media handler mounted inside Express, as a first middleware (BENCH_EXPRESS_CHECK, default 1). */
  readonly expressCheck: boolean;
  /** Folder under which the temporary workspace is made (BENCH_DIR, default the OS temp folder). */
  readonly parentDir: string;
}

export const CASE_NAMES = ['segments', 'playlists', 'mp4'] as const;
export type CaseName = (typeof CASE_NAMES)[number];

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}="${text}" must be a whole number from ${min} to ${max}.`);
  return value;
}

function cases(text: string): CaseName[] {
  const names = text.split(',').map((part) => part.trim()).filter(Boolean);
  for (const name of names) if (!(CASE_NAMES as readonly string[]).includes(name)) throw new Error(`BENCH_CASES: "${name}" is not one of ${CASE_NAMES.join(', ')}.`);
  if (names.length === 0) throw new Error('BENCH_CASES names no case.');
  return [...new Set(names)] as CaseName[];
}

export function readServeOptions(env: NodeJS.ProcessEnv): ServeBenchOptions {
  return {
    durationSeconds: wholeNumber('BENCH_DURATION', env.BENCH_DURATION ?? '10', 1, 300),
    rounds: wholeNumber('BENCH_ROUNDS', env.BENCH_ROUNDS ?? '1', 1, 10),
    warmUpSeconds: wholeNumber('BENCH_WARMUP', env.BENCH_WARMUP ?? '2', 0, 60),
    connections: wholeNumber('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS ?? '64', 1, 10_000),
    threads: wholeNumber('BENCH_THREADS', env.BENCH_THREADS ?? '2', 1, 64),
    clipSeconds: wholeNumber('BENCH_CLIP_SECONDS', env.BENCH_CLIP_SECONDS ?? '36', 12, 600),
    cases: cases(env.BENCH_CASES ?? CASE_NAMES.join(',')),
    expressCheck: (env.BENCH_EXPRESS_CHECK ?? '1') !== '0',
    parentDir: env.BENCH_DIR ?? os.tmpdir(),
  };
}
