import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileBody, oneSocketAgent, send } from './http-send.js';

/**
 * The ceiling: the same bytes PUT, in the same chunks, to plain-receiver.ts in its own
 * process. What a Node receiver gets on this machine with no framework at all, so the gap
 * between it and Lectern is what Lectern's path costs, and the gap between it and the disk
 * is what Node and loopback TCP cost.
 */
export interface PlainReceiver {
  readonly baseUrl: string;
  /** Where the receiver writes; remove it after each pass. */
  readonly file: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export async function startPlainReceiver(repoRoot: string, file: string): Promise<PlainReceiver> {
  const script = path.join(repoRoot, 'bench/upload/plain-receiver.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the plain receiver did not start')), START_TIMEOUT_MS);
    child.stdout.once('data', (line: Buffer) => {
      clearTimeout(timer);
      resolve((JSON.parse(line.toString('utf8')) as { port: number }).port);
    });
    child.once('exit', () => reject(new Error('the plain receiver exited before listening')));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { baseUrl: `http://127.0.0.1:${port}`, file, stop };
}

/** PUTs the file in `chunkSize` requests; returns the milliseconds from first byte to last answer. */
export async function plainUpload(receiver: PlainReceiver, options: { filePath: string; size: number; chunkSize: number; readSize: number }): Promise<number> {
  const agent = oneSocketAgent();
  const url = new URL('/upload', receiver.baseUrl);
  try {
    const started = performance.now();
    for (let offset = 0; offset < options.size; offset += options.chunkSize) {
      const length = Math.min(options.chunkSize, options.size - offset);
      const body = fileBody({ path: options.filePath, start: offset, length, readSize: options.readSize });
      const last = offset + length >= options.size;
      const headers = { 'Content-Length': String(length), 'Upload-Offset': String(offset), ...(last ? { 'Upload-Final': '1' } : {}) };
      const answer = await send(url, 'PUT', headers, agent, body);
      if (answer.status !== 204) throw new Error(`the plain receiver answered ${answer.status}: ${answer.body}`);
    }
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}
