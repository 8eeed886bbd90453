import fs from 'node:fs/promises';
import path from 'node:path';
import { formatByteSize } from '../../server/src/config/byte-size.js';
import type { UploadBenchOptions } from './bench-options.js';
import type { PassKind, PassResult } from './bench-report.js';
import { copyToDisk, settleDisk } from './disk-copy.js';
import type { PayloadFile } from './payload-file.js';
import { plainUpload, type PlainReceiver } from './plain-upload.js';
import { cpuSince, ownCpu, processCpu } from './process-cpu.js';
import type { RssMonitor } from './rss-monitor.js';
import type { ServerProcess } from './server-process.js';
import { deleteVideo, tusUpload } from './tus-client.js';

/** The passes of the upload benchmark: each writes the payload once, is measured, then cleaned. */
export interface BenchContext {
  readonly options: UploadBenchOptions;
  readonly workspace: string;
  readonly payload: PayloadFile;
  readonly server: ServerProcess;
  readonly token: string;
  readonly monitor: RssMonitor;
  readonly plain: PlainReceiver | null;
}

/** What one pass measured, and how to remove what it wrote. */
interface PassRun {
  readonly ms: number;
  readonly upload?: PassResult['upload'];
  cleanUp(): Promise<void>;
}

const WARM_UP_BYTES = 32 << 20;

export function passOrder(options: UploadBenchOptions, round: number, withCeiling: boolean): PassKind[] {
  const first = options.chunkSizes[0]!;
  const passes: PassKind[] = [
    { kind: 'baseline' },
    ...options.chunkSizes.map((chunkSize) => ({ kind: 'upload' as const, chunkSize })),
    ...(withCeiling ? [{ kind: 'plain' as const, chunkSize: first }] : []),
  ];
  return round % 2 === 0 ? passes : passes.reverse();
}

async function runBaseline(context: BenchContext): Promise<PassRun> {
  const target = path.join(context.workspace, 'baseline-copy.mp4');
  const ms = await copyToDisk(context.payload.path, target, context.options.readSize);
  return { ms, cleanUp: () => fs.rm(target, { force: true }) };
}

async function runUpload(context: BenchContext, round: number, chunkSize: number): Promise<PassRun> {
  const { options, payload, server, token } = context;
  const result = await tusUpload({ baseUrl: server.baseUrl, token, filePath: payload.path, size: payload.size, chunkSize, readSize: options.readSize, filename: `bench-round-${round}.mp4` });
  const receivedAll = result.bytesSent === payload.size && (result.status === 204 || result.status === 422);
  if (!receivedAll) throw new Error(`The upload failed after ${result.bytesSent} bytes with status ${result.status}: ${result.detail}\n${server.outputTail()}`);
  const { videoId } = result;
  return {
    ms: result.totalMs,
    upload: { status: result.status, patches: result.patches, finishMs: result.finishMs },
    cleanUp: async () => {
      if (videoId !== null) await deleteVideo(server.baseUrl, token, videoId);
    },
  };
}

async function runPlain(context: BenchContext, plain: PlainReceiver, chunkSize: number): Promise<PassRun> {
  const { options, payload } = context;
  const ms = await plainUpload(plain, { filePath: payload.path, size: payload.size, chunkSize, readSize: options.readSize });
  return { ms, cleanUp: () => fs.rm(plain.file, { force: true }) };
}

function start(context: BenchContext, pass: PassKind, round: number): Promise<PassRun> {
  if (pass.kind === 'baseline') return runBaseline(context);
  if (pass.kind === 'upload') return runUpload(context, round, pass.chunkSize);
  if (!context.plain) throw new Error('The ceiling pass needs the plain receiver.');
  return runPlain(context, context.plain, pass.chunkSize);
}

async function runPass(context: BenchContext, pass: PassKind, round: number): Promise<PassResult> {
  await settleDisk();
  const { monitor, server } = context;
  monitor.takeWindowPeak();
  const serverBefore = processCpu(server.pid);
  const benchBefore = ownCpu();
  const gcBefore = server.markCompacts();
  const run = await start(context, pass, round);
  const cpu = { server: cpuSince(serverBefore, processCpu(server.pid)), bench: cpuSince(benchBefore, ownCpu()) };
  const serverRssPeak = monitor.takeWindowPeak();
  const serverMarkCompacts = server.markCompacts() - gcBefore;
  await run.cleanUp();
  return { pass, round, ms: run.ms, serverRssPeak, cpu, serverMarkCompacts, ...(run.upload ? { upload: run.upload } : {}) };
}

export async function runRounds(context: BenchContext, report: (result: PassResult) => void): Promise<PassResult[]> {
  const results: PassResult[] = [];
  for (let round = 1; round <= context.options.rounds; round += 1) {
    for (const pass of passOrder(context.options, round - 1, context.plain !== null)) {
      const result = await runPass(context, pass, round);
      report(result);
      results.push(result);
    }
  }
  return results;
}

/**
 * Unmeasured: one full-size disk copy (on a VM, a page's first use can cost far more than its
 * reuse, and deleted files give their pages back for the passes to reuse) and one small
 * upload, so that no pass pays for the server's first requests (JIT, lazy imports).
 */
export async function warmUp(context: BenchContext): Promise<string> {
  const { options, payload, server, token, workspace } = context;
  const copy = path.join(workspace, 'warm-up-copy.mp4');
  await copyToDisk(payload.path, copy, options.readSize);
  await fs.rm(copy, { force: true });
  const size = Math.min(payload.size, WARM_UP_BYTES);
  const result = await tusUpload({ baseUrl: server.baseUrl, token, filePath: payload.path, size, chunkSize: options.chunkSizes[0]!, readSize: options.readSize, filename: 'warm-up.mp4' });
  if (result.videoId !== null) await deleteVideo(server.baseUrl, token, result.videoId);
  return `warm-up: one disk copy, one upload of ${formatByteSize(size)} (${result.status})`;
}
