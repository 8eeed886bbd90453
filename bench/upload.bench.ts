import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatByteSize } from '../server/src/config/byte-size.js';
import { readBenchOptions, type UploadBenchOptions } from './upload/bench-options.js';
import { formatPass, formatSummary, type PassKind, type PassResult } from './upload/bench-report.js';
import { copyToDisk, settleDisk } from './upload/disk-copy.js';
import { makePayload, type PayloadFile } from './upload/payload-file.js';
import { startRssMonitor, type RssMonitor } from './upload/rss-monitor.js';
import { createAdminToken, startServer, type ServerProcess } from './upload/server-process.js';
import { deleteVideo, tusUpload } from './upload/tus-client.js';

/**
 * npm run bench:upload — a file (2 GiB by default) uploaded through the tus endpoint of a real
 * server over loopback, and the same bytes written straight to the same disk, in the same run
 * and in alternating order. Prints MB/s for both, their ratio and the server's peak RSS,
 * judged against the targets (ratio ≥ 0.7, RSS ≤ 250 MB). Always exits 0 once it has figures.
 * Environment: BENCH_UPLOAD_BYTES, BENCH_UPLOAD_CHUNKS, BENCH_ROUNDS, BENCH_SERVER, BENCH_DIR,
 * BENCH_READ_SIZE (see bench/README.md).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Context {
  readonly options: UploadBenchOptions;
  readonly workspace: string;
  readonly payload: PayloadFile;
  readonly server: ServerProcess;
  readonly token: string;
  readonly monitor: RssMonitor;
}

/** The payload, one copy being written, and room to spare. */
async function checkRoom(options: UploadBenchOptions): Promise<void> {
  const stats = await fs.statfs(options.parentDir);
  const free = stats.bavail * stats.bsize;
  const needed = 2 * options.size + 2 ** 30;
  if (free < needed) throw new Error(`${options.parentDir} has ${formatByteSize(free)} free; this run needs about ${formatByteSize(needed)} (set BENCH_DIR or BENCH_UPLOAD_BYTES).`);
}

async function makeWorkspace(parentDir: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(parentDir, 'lectern-upload-bench-'));
  // When run as root, the embedded PostgreSQL runs as `postgres` and must traverse this folder.
  await fs.chmod(dir, 0o755);
  return dir;
}

function passOrder(options: UploadBenchOptions, round: number): PassKind[] {
  const passes: PassKind[] = [{ kind: 'baseline' }, ...options.chunkSizes.map((chunkSize) => ({ kind: 'upload' as const, chunkSize }))];
  return round % 2 === 0 ? passes : passes.reverse();
}

async function runBaseline(context: Context, round: number): Promise<PassResult> {
  const target = path.join(context.workspace, 'baseline-copy.mp4');
  const ms = await copyToDisk(context.payload.path, target, context.options.readSize);
  const serverRssPeak = context.monitor.takeWindowPeak();
  await fs.rm(target, { force: true });
  return { pass: { kind: 'baseline' }, round, ms, serverRssPeak };
}

async function runUpload(context: Context, round: number, chunkSize: number): Promise<PassResult> {
  const { options, payload, server, token } = context;
  const result = await tusUpload({ baseUrl: server.baseUrl, token, filePath: payload.path, size: payload.size, chunkSize, readSize: options.readSize, filename: `bench-round-${round}.mp4` });
  const serverRssPeak = context.monitor.takeWindowPeak();
  const receivedAll = result.bytesSent === payload.size && (result.status === 204 || result.status === 422);
  if (!receivedAll) throw new Error(`The upload failed after ${result.bytesSent} bytes with status ${result.status}: ${result.detail}\n${server.outputTail()}`);
  if (result.videoId !== null) await deleteVideo(server.baseUrl, token, result.videoId);
  return { pass: { kind: 'upload', chunkSize }, round, ms: result.totalMs, serverRssPeak, upload: { status: result.status, patches: result.patches, finishMs: result.finishMs } };
}

async function runRounds(context: Context): Promise<PassResult[]> {
  const results: PassResult[] = [];
  for (let round = 1; round <= context.options.rounds; round += 1) {
    for (const pass of passOrder(context.options, round - 1)) {
      await settleDisk();
      context.monitor.takeWindowPeak();
      const result = pass.kind === 'baseline' ? await runBaseline(context, round) : await runUpload(context, round, pass.chunkSize);
      out(formatPass(result, context.payload.size));
      results.push(result);
    }
  }
  return results;
}

function describeRun(options: UploadBenchOptions, workspace: string, payload: PayloadFile): void {
  const server = options.serverMode === 'source' ? 'node --import tsx server/src/main.ts' : 'node dist/server/src/main.js';
  const chunks = options.chunkSizes.map(formatByteSize).join(', ');
  out('Lectern upload benchmark');
  out(`  payload   ${formatByteSize(payload.size)} (${payload.size} bytes): ${payload.description}`);
  out(`  disk      ${workspace} (payload, baseline copy and the server's var/ folder)`);
  out(`  server    ${server}, loopback, embedded PostgreSQL`);
  out(`  client    node:http, one keep-alive socket, file reads of ${formatByteSize(options.readSize)}; PATCH sizes ${chunks}`);
  out(`  baseline  createReadStream(${formatByteSize(options.readSize)}) → createWriteStream, closed, no fsync (as @tus/file-store)`);
  out(`  rounds    ${options.rounds}, order alternating; sync(1) before every pass`);
  out('');
}

async function measure(options: UploadBenchOptions, workspace: string, onServer: (server: ServerProcess, monitor: RssMonitor) => void): Promise<void> {
  const payload = await makePayload(workspace, options.size);
  describeRun(options, workspace, payload);
  const server = await startServer({ repoRoot, varDir: path.join(workspace, 'var'), mode: options.serverMode, maxUploadSize: options.size });
  const monitor = startRssMonitor(server.pid);
  onServer(server, monitor);
  out(`server pid ${server.pid} ready at ${server.baseUrl}`);
  const token = await createAdminToken(server, repoRoot);
  const idle = monitor.read().rssBytes;
  const results = await runRounds({ options, workspace, payload, server, token, monitor });
  const memory = { hwm: monitor.read().hwmBytes, sampledPeak: monitor.overallPeak(), idle };
  out(formatSummary(results, passOrder(options, 0), payload.size, memory));
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  await checkRoom(options);
  const workspace = await makeWorkspace(options.parentDir);
  let server: ServerProcess | null = null;
  let monitor: RssMonitor | null = null;
  const cleanUp = async () => {
    monitor?.stop();
    if (server) out(`server stopped (${await server.stop()})`);
    await fs.rm(workspace, { recursive: true, force: true });
  };
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the server and removing ${workspace}\n`);
    cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await measure(options, workspace, (started, sampler) => {
      server = started;
      monitor = sampler;
    });
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:upload failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
