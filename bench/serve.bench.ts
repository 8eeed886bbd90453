import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startBareStaticServer } from './serve/bare-static-server.js';
import { startLectern, type LecternServer } from './serve/lectern-servers.js';
import { measureEmbedPage } from './serve/embed-page.js';
import { makeMediaFixture, type MediaFixture } from './serve/media-fixture.js';
import { findNginx, startNginx, type NginxServer } from './serve/nginx-server.js';
import type { RunningServer } from '../test/helpers/running-server.js';
import { CASE_TITLES, caseRequests, type UrlShape } from './serve/serve-cases.js';
import { cpuShares, sampleCpu } from './serve/cpu-meter.js';
import { readServeOptions, type ServeBenchOptions } from './serve/serve-options.js';
import { formatRow, formatSummary, SERVER_ORDER, type Measured, type ServerName } from './serve/serve-report.js';
import { findWrk, runWrk, writeWrkScript, type WrkSettings } from './serve/wrk-runner.js';
import { runBench } from './bench-settings.js';

/**
 * npm run bench:serve — the same encoded video's files served over loopback by (a) Lectern
 * (the app as main.ts runs it, grant and access epoch checked on every request), (b) a bare
 * node:http server with 1 MiB createReadStream reads, (c) nginx, (d) nginx in front of Lectern
 * in x-accel-redirect mode; wrk with 64 connections, 10 s per case: HLS segments (byte ranges of
 * 1–2 MB), playlists, 1 MiB ranges of the progressive MP4. Prints requests/s, MB/s, p50/p99
 * latency and the ratios (a)/(b) ≥ 0.9 and (d)/(c) ≥ 0.8 with PASS/FAIL, then the embed page's
 * transferred JS+CSS (≤ 300 KB) and time to first frame (≤ 1 s) in headless chromium. Exits 0 once it has
 * figures; non-zero without wrk. Settings: BENCH_* environment variables (bench/README.md).
 */

const out = (line: string) => process.stdout.write(`${line}\n`);

interface Servers {
  all: Map<ServerName, { port: number; shape: UrlShape }>;
  /** The Lectern behind nginx in (d). */
  accel: LecternServer | null;
  closers: (() => Promise<void>)[];
  nginx: NginxServer | null;
}

async function startServers(options: ServeBenchOptions, fixture: MediaFixture, workspace: string, servers: Servers): Promise<void> {
  const ctx = fixture.harness.ctx;
  const add = (name: ServerName, server: RunningServer, shape: UrlShape) => {
    servers.all.set(name, { port: server.port, shape });
    servers.closers.push(() => server.close());
  };
  add('b', await startBareStaticServer(fixture.mediaRoot), 'plain');
  add('a', await startLectern(ctx, workspace, 'node'), 'granted');
  if (options.expressCheck) add('a0', await startLectern(ctx, workspace, 'node', 'express-middleware'), 'granted');
  const nginx = findNginx();
  if (!nginx) {
    out('  nginx     not installed (Debian: apt-get install nginx-light): (c) and (d) are skipped');
    return;
  }
  const accel = await startLectern(ctx, workspace, 'x-accel-redirect');
  servers.accel = accel;
  servers.closers.push(() => accel.close());
  servers.nginx = await startNginx(nginx, workspace, fixture.mediaRoot, accel.port, ctx.config.media.accelPrefix);
  servers.all.set('c', { port: servers.nginx.staticPort, shape: 'plain' });
  servers.all.set('d', { port: servers.nginx.accelPort, shape: 'granted' });
  out(`  nginx     ${nginx} (${servers.nginx.version}), worker_processes auto, sendfile on; config in ${path.join(workspace, 'nginx', 'nginx.conf')}`);
}

function fetchOnce(port: number, requestPath: string, range: string | null): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: requestPath, headers: range ? { range } : {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** Every server answers the first request of every case with the same bytes as the file on disk. */
async function checkAnswers(options: ServeBenchOptions, fixture: MediaFixture, servers: Servers, grant: string): Promise<void> {
  for (const caseName of options.cases) {
    const [plain] = caseRequests(fixture, caseName, 'plain', grant);
    const file = await fs.readFile(path.join(fixture.mediaRoot, plain!.path));
    const match = /bytes=(\d+)-(\d+)/.exec(plain!.range ?? '');
    const expected = match ? file.subarray(Number(match[1]), Number(match[2]) + 1) : file;
    for (const [name, server] of servers.all) {
      const [request] = caseRequests(fixture, caseName, server.shape, grant);
      const answer = await fetchOnce(server.port, request!.path, request!.range);
      if (!answer.body.equals(expected)) throw new Error(`server (${name}) answered ${caseName} with status ${answer.status} and ${answer.body.length} bytes that differ from the file`);
      if (name === 'd' && caseName === options.cases[0]) {
        const shown = ['content-type', 'cache-control', 'etag', 'access-control-allow-origin', 'x-content-type-options', 'x-request-id'].map((h) => `${h}: ${String(answer.headers[h])}`);
        out(`  (${name}) headers: ${shown.join('; ')}`);
      }
    }
  }
  out(`  check     every server answered the first request of each case with the bytes on disk`);
}

async function measureOne(options: ServeBenchOptions, wrk: WrkSettings, servers: Servers, script: string, server: ServerName): Promise<Omit<Measured, 'round' | 'caseName' | 'server'>> {
  const baseUrl = `http://127.0.0.1:${servers.all.get(server)!.port}`;
  if (options.warmUpSeconds > 0) await runWrk(wrk, baseUrl, script, options.warmUpSeconds);
  const behindNginx = server === 'd' ? servers.accel : null;
  const loggedBefore = (await behindNginx?.requestsLogged()) ?? 0;
  const nginxPids = servers.nginx?.pids() ?? [];
  const before = sampleCpu(nginxPids);
  const result = await runWrk(wrk, baseUrl, script, options.durationSeconds);
  const cpu = cpuShares(before, sampleCpu(nginxPids));
  const lecternRequests = behindNginx ? (await behindNginx.requestsLogged()) - loggedBefore : null;
  return { result, cpu, lecternRequests };
}

async function measure(options: ServeBenchOptions, fixture: MediaFixture, servers: Servers, wrk: WrkSettings, workspace: string): Promise<Measured[]> {
  const grant = fixture.harness.ctx.services.mediaGrants.issue(fixture.videoId, fixture.accessEpoch, fixture.harness.ctx.config.media.grantTtlSeconds);
  await checkAnswers(options, fixture, servers, grant);
  const results: Measured[] = [];
  const order = SERVER_ORDER.filter((n) => servers.all.has(n));
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const caseName of options.cases) {
      out('');
      out(`round ${round}, ${caseName}: ${CASE_TITLES[caseName]} (${caseRequests(fixture, caseName, 'plain', grant).length} URLs)`);
      for (const server of round % 2 ? order : [...order].reverse()) {
        const script = await writeWrkScript(workspace, `${caseName}-${server}`, caseRequests(fixture, caseName, servers.all.get(server)!.shape, grant));
        const measured: Measured = { round, caseName, server, ...(await measureOne(options, wrk, servers, script, server)) };
        results.push(measured);
        out(formatRow(measured));
      }
    }
  }
  return results;
}

function describe(options: ServeBenchOptions, fixture: MediaFixture, wrkPath: string): void {
  out(`  machine   ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`);
  out(`  files     ${fixture.description}`);
  out(`  wrk       ${wrkPath}: ${options.threads} threads, ${options.connections} connections, ${options.durationSeconds} s per case after ${options.warmUpSeconds} s of warm-up; keep-alive, loopback`);
  out(`  rounds    ${options.rounds}, server order reversed every other round; cpu columns in cores (CPU s/s): "other" is the rest of the machine`);
  out(`  load      ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} (1, 5, 15 min) at start`);
  out('  servers   all in this process except nginx and wrk; Lectern logs one line per request to a file (nginx: access_log on)');
}

async function reportEmbedPage(fixture: MediaFixture, port: number): Promise<void> {
  out('');
  out('embed page (/video/<slug>/?is_iframe=true) in headless chromium, 5 cold loads on loopback');
  const figures = await measureEmbedPage(fixture, port);
  for (const file of figures.files) out(`  ${file.name.padEnd(40)} ${(file.bytes / 1024).toFixed(1).padStart(8)} KiB transferred`);
  const kb = figures.transferredBytes / 1000;
  out(`  JS+CSS transferred (gzipped)  ${kb.toFixed(1)} KB  (target <= 300 KB: ${kb <= 300 ? 'PASS' : 'FAIL'})`);
  const sorted = [...figures.firstFrameMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  out(`  first frame after navigation  ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms; median ${median.toFixed(0)} ms  (target <= 1000 ms: ${median <= 1000 ? 'PASS' : 'FAIL'})`);
}

async function main(): Promise<void> {
  const options = readServeOptions(process.env);
  const wrkPath = findWrk();
  if (!wrkPath) {
    process.stderr.write('bench:serve needs wrk (an HTTP load generator): on Debian/Ubuntu `sudo apt-get install wrk`, on macOS `brew install wrk`.\n');
    process.exitCode = 2;
    return;
  }
  const workspace = await fs.mkdtemp(path.join(options.parentDir, 'lectern-serve-bench-'));
  // nginx workers and, when run as root, the embedded PostgreSQL must traverse this folder.
  await fs.chmod(workspace, 0o755);
  const servers: Servers = { all: new Map(), accel: null, closers: [], nginx: null };
  let fixture: MediaFixture | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanUp = async () => {
    await servers.nginx?.stop();
    for (const close of servers.closers) await close();
    await fixture?.harness.close();
    await fs.rm(workspace, { recursive: true, force: true });
  };
  const cleanUpOnce = () => (cleaning ??= cleanUp());
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the servers and removing ${workspace}\n`);
    cleanUpOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    out('Lectern media serving benchmark');
    fixture = await makeMediaFixture(workspace, options.clipSeconds, out);
    describe(options, fixture, wrkPath);
    await startServers(options, fixture, workspace, servers);
    const results = await measure(options, fixture, servers, { binary: wrkPath, connections: options.connections, threads: options.threads }, workspace);
    for (const line of formatSummary(results, options.cases)) out(line);
    await reportEmbedPage(fixture, servers.all.get('a')!.port);
  } catch (error) {
    if (cleaning === null) throw error;
  } finally {
    await cleanUpOnce();
  }
}

runBench('serve', main);
