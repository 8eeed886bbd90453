import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatByteSize } from '../server/src/config/byte-size.js';
import { readBenchOptions, type UploadBenchOptions } from './upload/bench-options.js';
import { passOrder, runRounds, warmUp, type BenchContext } from './upload/bench-passes.js';
import { formatPass, formatSummary } from './upload/bench-report.js';
import { settleDisk } from './upload/disk-copy.js';
import { makePayload, type PayloadFile } from './upload/payload-file.js';
import { startPlainReceiver, type PlainReceiver } from './upload/plain-upload.js';
import { startRssMonitor, type RssMonitor } from './upload/rss-monitor.js';
import { buildServer, createAdminToken, startServer, type ServerProcess } from './upload/server-process.js';
import { runBench } from './bench-settings.js';

/**
 * npm run bench:upload — a file (2 GiB by default) uploaded through the tus endpoint of a real
 * server over loopback, and the same bytes written straight to the same disk, in the same run
 * and in alternating order. Prints MB/s for both, their ratio and the server's peak RSS,
 * judged against the targets (ratio ≥ 0.7, RSS ≤ 250 MB); also the same bytes PUT to a plain
 * node:http receiver, the ceiling for any Node server on this machine. Exits 0 once it has
 * figures, whatever they are. Settings: BENCH_* environment variables (see bench/README.md).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (line: string) => process.stdout.write(`${line}\n`);

/** Processes and files to stop and remove, whatever happens. */
interface Resources {
  server: ServerProcess | null;
  monitor: RssMonitor | null;
  plain: PlainReceiver | null;
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

function describeRun(options: UploadBenchOptions, workspace: string, payload: PayloadFile): void {
  const flags = options.serverNodeArgs.length ? `${options.serverNodeArgs.join(' ')} ` : '';
  const server = options.serverMode === 'source' ? `node ${flags}--import tsx server/src/main.ts` : `node ${flags}dist/server/src/main.js`;
  const chunks = options.chunkSizes.map(formatByteSize).join(', ');
  out('Lectern upload benchmark');
  out(`  payload   ${formatByteSize(payload.size)} (${payload.size} bytes): ${payload.description}`);
  out(`  disk      ${workspace} (payload, baseline copy and the server's var/ folder)`);
  out(`  server    ${server}, loopback, embedded PostgreSQL`);
  out(`  client    node:http, one keep-alive socket, file reads of ${formatByteSize(options.readSize)}; PATCH sizes ${chunks}`);
  out(`  baseline  createReadStream(${formatByteSize(options.readSize)}) → createWriteStream, then fsync (as the server does for a finished upload)`);
  if (options.ceiling) out(`  ceiling   the same PUT to a plain node:http → createWriteStream receiver (bench/upload/plain-receiver.ts)`);
  out(`  rounds    ${options.rounds}, order alternating; sync(1) before every pass`);
  out('');
}

async function startProcesses(options: UploadBenchOptions, workspace: string, resources: Resources): Promise<ServerProcess> {
  if (options.serverMode === 'dist') {
    out('building dist/ with tsc -p tsconfig.build.json (as npm start does)…');
    await buildServer(repoRoot);
  }
  const varDir = path.join(workspace, 'var');
  const server = await startServer({ repoRoot, varDir, mode: options.serverMode, maxUploadSize: options.size, nodeArgs: options.serverNodeArgs });
  resources.server = server;
  resources.monitor = startRssMonitor(server.pid);
  if (options.ceiling) resources.plain = await startPlainReceiver(repoRoot, path.join(workspace, 'plain-upload.bin'));
  out(`server pid ${server.pid} ready at ${server.baseUrl}`);
  return server;
}

async function measure(options: UploadBenchOptions, workspace: string, resources: Resources): Promise<void> {
  const payload = await makePayload(workspace, options.size);
  await settleDisk();
  describeRun(options, workspace, payload);
  const server = await startProcesses(options, workspace, resources);
  const monitor = resources.monitor!;
  const token = await createAdminToken(server, repoRoot);
  const idle = monitor.read().rssBytes;
  const context: BenchContext = { options, workspace, payload, server, token, monitor, plain: resources.plain };
  out(await warmUp(context));
  const results = await runRounds(context, (result) => out(formatPass(result, payload.size)));
  const memory = { hwm: monitor.read().hwmBytes, sampledPeak: monitor.overallPeak(), idle };
  out(formatSummary(results, passOrder(options, 0, options.ceiling), payload.size, memory));
}

async function cleanUp(resources: Resources, workspace: string): Promise<void> {
  resources.monitor?.stop();
  await resources.plain?.stop();
  if (resources.server) out(`server stopped (${await resources.server.stop()})`);
  await fs.rm(workspace, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  await checkRoom(options);
  const workspace = await makeWorkspace(options.parentDir);
  const resources: Resources = { server: null, monitor: null, plain: null };
  let cleaning: Promise<void> | null = null;
  const cleanUpOnce = () => (cleaning ??= cleanUp(resources, workspace));
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the server and removing ${workspace}\n`);
    cleanUpOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await measure(options, workspace, resources);
  } catch (error) {
    // Once interrupted, the passes fail as their server goes away: that is not news.
    if (cleaning === null) throw error;
  } finally {
    await cleanUpOnce();
  }
}

runBench('upload', main);
