import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createUser } from '../test/helpers/factories.js';
import { fork, type ChildProcess } from 'node:child_process';
import { videoClip } from '../test/helpers/media.js';
import { encodedVideo } from '../test/helpers/published-video.js';
import { listenOnLoopback } from '../test/helpers/running-server.js';
import { buildTestApp } from '../test/helpers/test-app.js';
import { percentile } from './bridge/load-client.js';
import { startBenchDatabase } from './encode/bench-database.js';
import { envNumber, out, runBench } from './bench-settings.js';

/**
 * npm run bench:lti — complete LTI 1.3 launches (login initiation → Lectern's /lti/login → the
 * platform double's auth.php → the id_token posted to /lti/launch → the player page) with
 * BENCH_LTI_CLIENTS (16) concurrent clients over loopback for BENCH_SECONDS (10) s; `/healthz`
 * measured the same way in the same run is the baseline. Lectern runs with its LTI tool and
 * real PostgreSQL (ltijs in its companion database); the platform double runs in a process of
 * its own (bench/lti/platform-process.ts), the load in a worker thread. "Our side" is the time of Lectern's two answers in a cycle (login
 * + launch); the cycle also includes the double's auth.php. Target: p95 of our side ≤ 50 ms.
 */
const env = envNumber;
const CLIENTS = env('BENCH_LTI_CLIENTS', 16);
const SECONDS = env('BENCH_SECONDS', 10);
const LEARNERS = env('BENCH_LTI_LEARNERS', 500);
const TARGET_P95_MS = 50;

interface CycleResult {
  readonly cycles: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly seconds: number;
  readonly oursMs: number[];
  readonly totalMs: number[];
}

function runCycles(settings: { base: string; connections: number; seconds: number; logins: string[]; healthz: boolean }): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./lti/cycle-worker.mjs', import.meta.url), { workerData: settings });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** The platform double's process and a request/answer call over its IPC channel. */
function startPlatformProcess(): { child: ChildProcess; call: <T>(command: unknown) => Promise<T> } {
  const child = fork(new URL('./lti/platform-process.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) pending?.reject(new Error(message.error));
    else pending?.resolve(message.result);
  });
  const call = <T>(command: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  return { child, call };
}

interface PlatformSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly endpoints: { readonly auth: string; readonly token: string; readonly jwks: string };
}

function row(name: string, result: CycleResult, baseline: CycleResult | null): string {
  const ours = sorted(result.oursMs);
  const rate = result.cycles / result.seconds;
  let ratios = '';
  if (baseline) ratios = `  | ${(rate / (baseline.cycles / baseline.seconds)).toFixed(3)}× rate, ${(percentile(ours, 95) / percentile(sorted(baseline.oursMs), 95)).toFixed(1)}× p95 of baseline`;
  const cycle = name.startsWith('/healthz') ? '' : `   whole cycle p95 ${percentile(sorted(result.totalMs), 95).toFixed(2)} ms`;
  const errors = result.errors ? `  ERRORS ${result.errors} (first: ${result.firstError})` : '';
  return `  ${name.padEnd(24)} ${rate.toFixed(0).padStart(6)} /s   p50 ${percentile(ours, 50).toFixed(2).padStart(6)} ms   p95 ${percentile(ours, 95).toFixed(2).padStart(6)} ms${cycle}${ratios}${errors}`;
}

async function main(): Promise<void> {
  const workspace = await fs.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'lectern-bench-lti-'));
  await fs.chmod(workspace, 0o755);
  const database = await startBenchDatabase(workspace);
  const ctx = await buildTestApp({ LECTERN_VAR_DIR: path.join(workspace, 'var') }, undefined, { lti: true, workers: 1 });
  const server = await listenOnLoopback(http.createServer(ctx.app));
  const base = `http://127.0.0.1:${server.port}`;
  const double = startPlatformProcess();
  const platform = await double.call<PlatformSettings>({ start: base });
  try {
    out(`bench:lti — ${CLIENTS} clients, ${SECONDS} s per case, ${os.cpus().length} CPUs, PostgreSQL: ${database.description}`);
    const { user: admin } = await createUser(ctx, { role: 'admin' });
    await ctx.services.ltiPlatformService.add(admin, { name: 'Bench Moodle', issuer: platform.issuer, clientId: platform.clientId, authenticationEndpoint: platform.endpoints.auth, accessTokenEndpoint: platform.endpoints.token, jwksUrl: platform.endpoints.jwks, deploymentIds: [platform.deploymentId] });
    const { user: teacher } = await createUser(ctx);
    const video = await encodedVideo(ctx, teacher, await videoClip());
    await double.call({ course: { learners: LEARNERS, custom: { video: String(video.id), video_sig: ctx.services.ltiLinkSigner.sign(video.id) } } });
    // Enough one-time login initiations for the fastest plausible run (Moodle makes one per launch).
    const logins = (count: number) => double.call<string[]>({ logins: count });
    // Warm-up: JIT, pools, every learner's first launch (user creation) out of the measured runs.
    await runCycles({ base, connections: CLIENTS, seconds: 60, logins: await logins(LEARNERS), healthz: false });
    const baseline = await runCycles({ base, connections: CLIENTS, seconds: SECONDS, logins: [], healthz: true });
    out(row('/healthz (baseline)', baseline, null));
    const result = await runCycles({ base, connections: CLIENTS, seconds: SECONDS, logins: await logins(Math.ceil(SECONDS * 1500)), healthz: false });
    out(row('login + launch cycle', result, baseline));
    const p95 = percentile(sorted(result.oursMs), 95);
    out(`  ${p95 <= TARGET_P95_MS && result.errors === 0 ? 'PASS' : 'FAIL'}: Lectern's side of a cycle p95 ${p95.toFixed(2)} ms ≤ ${TARGET_P95_MS} ms with no errors`);
  } finally {
    await double.call({ stop: true });
    await server.close();
    await ctx.close();
    await database.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  }
}

runBench('lti', main);
