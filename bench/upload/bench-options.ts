import os from 'node:os';
import { parseByteSize } from '../../server/src/config/byte-size.js';

/** What the upload benchmark measures, read from BENCH_* environment variables. */
export interface UploadBenchOptions {
  /** Bytes uploaded and written per pass (BENCH_UPLOAD_BYTES, default 2GiB). */
  readonly size: number;
  /** tus PATCH sizes to measure; the first one is judged against the target (BENCH_UPLOAD_CHUNKS). */
  readonly chunkSizes: readonly number[];
  /** Rounds of (baseline + one upload per chunk size), alternating order (BENCH_ROUNDS). */
  readonly rounds: number;
  /** Build dist/ and run it as `npm start` does (default), or run the sources with tsx (BENCH_SERVER). */
  readonly serverMode: ServerMode;
  /** Folder under which the temporary workspace is made (BENCH_DIR, default the OS temp folder). */
  readonly parentDir: string;
  /** Read size of the client and of the baseline copy (BENCH_READ_SIZE, default 1MiB). */
  readonly readSize: number;
  /** Also measure a plain node:http receiver, the ceiling for any Node server here (BENCH_CEILING, default 1). */
  readonly ceiling: boolean;
  /** Extra node arguments for the server process, e.g. V8 flags (BENCH_SERVER_NODE_ARGS, space-separated). */
  readonly serverNodeArgs: readonly string[];
}

export type ServerMode = 'source' | 'dist';

const MAX_ROUNDS = 20;

function byteSize(name: string, text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === null || bytes <= 0) throw new Error(`${name}="${text}" is not a positive size (examples: 2GiB, 200MB, 1048576).`);
  return bytes;
}

function rounds(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_ROUNDS) throw new Error(`BENCH_ROUNDS="${text}" must be a whole number from 1 to ${MAX_ROUNDS}.`);
  return value;
}

function flag(name: string, text: string): boolean {
  if (text !== '0' && text !== '1') throw new Error(`${name}="${text}" must be 0 or 1.`);
  return text === '1';
}

function serverMode(text: string): ServerMode {
  if (text !== 'source' && text !== 'dist') throw new Error(`BENCH_SERVER="${text}" must be "dist" (build, then node dist/…) or "source" (node --import tsx).`);
  return text;
}

export function readBenchOptions(env: NodeJS.ProcessEnv): UploadBenchOptions {
  const chunkText = env.BENCH_UPLOAD_CHUNKS ?? '64MiB,16MiB';
  return {
    size: byteSize('BENCH_UPLOAD_BYTES', env.BENCH_UPLOAD_BYTES ?? '2GiB'),
    chunkSizes: chunkText.split(',').map((part) => byteSize('BENCH_UPLOAD_CHUNKS', part)),
    rounds: rounds(env.BENCH_ROUNDS ?? '3'),
    serverMode: serverMode(env.BENCH_SERVER ?? 'dist'),
    parentDir: env.BENCH_DIR ?? os.tmpdir(),
    readSize: byteSize('BENCH_READ_SIZE', env.BENCH_READ_SIZE ?? '1MiB'),
    ceiling: flag('BENCH_CEILING', env.BENCH_CEILING ?? '1'),
    serverNodeArgs: (env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  };
}
