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
  /** Run the server from TypeScript sources with tsx, or from the compiled dist/ (BENCH_SERVER). */
  readonly serverMode: ServerMode;
  /** Folder under which the temporary workspace is made (BENCH_DIR, default the OS temp folder). */
  readonly parentDir: string;
  /** Read size of the client and of the baseline copy (BENCH_READ_SIZE, default 1MiB). */
  readonly readSize: number;
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

function serverMode(text: string): ServerMode {
  if (text !== 'source' && text !== 'dist') throw new Error(`BENCH_SERVER="${text}" must be "source" (tsx) or "dist" (run npm run build:server first).`);
  return text;
}

export function readBenchOptions(env: NodeJS.ProcessEnv): UploadBenchOptions {
  const chunkText = env.BENCH_UPLOAD_CHUNKS ?? '64MiB,16MiB';
  return {
    size: byteSize('BENCH_UPLOAD_BYTES', env.BENCH_UPLOAD_BYTES ?? '2GiB'),
    chunkSizes: chunkText.split(',').map((part) => byteSize('BENCH_UPLOAD_CHUNKS', part)),
    rounds: rounds(env.BENCH_ROUNDS ?? '3'),
    serverMode: serverMode(env.BENCH_SERVER ?? 'source'),
    parentDir: env.BENCH_DIR ?? os.tmpdir(),
    readSize: byteSize('BENCH_READ_SIZE', env.BENCH_READ_SIZE ?? '1MiB'),
  };
}
