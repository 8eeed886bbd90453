import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import session from 'express-session';
import { pino } from 'pino';
import { parseLadder } from '../encoding/src/ffmpeg/rendition-ladder.js';
import { createMoodleBridge } from '../moodle-bridge/moodle-bridge.js';
import { buildApp } from '../server/src/app.js';
import { createUser } from '../test/helpers/factories.js';
import { listenOnLoopback } from '../test/helpers/running-server.js';
import { buildTestApp } from '../test/helpers/test-app.js';
import { startBenchDatabase } from './encode/bench-database.js';
import { runLoad, percentile, type LoadResult } from './bridge/load-client.js';
import { SEARCH_WORDS, seedCatalogue } from './bridge/seed-catalogue.js';
import { envNumber, out, runBench } from './bench-settings.js';

/**
 * npm run bench:bridge — Moodle's file-picker calls against a catalogue of BENCH_BRIDGE_VIDEOS
 * (100,000) videos across BENCH_BRIDGE_USERS (1,000) teachers: `user_videos` first pages,
 * a middle page and title searches, each user picked in turn, with BENCH_CONNECTIONS (32)
 * keep-alive clients over loopback for BENCH_SECONDS (10) per case; `/healthz` measured the
 * same way in the same run is the baseline. Prints requests/s, p50 and p95 latency, the ratios
 * to the baseline, and PASS/FAIL for the target (listing p95 ≤ 20 ms). Lectern runs as main.ts
 * runs it (buildApp with the bridge mounted, a logger writing every request line to a file);
 * the load comes from a worker thread. Exits 0 once it has figures.
 */
const env = envNumber;

const USERS = env('BENCH_BRIDGE_USERS', 1000);
const VIDEOS = env('BENCH_BRIDGE_VIDEOS', 100_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 32);
const SECONDS = env('BENCH_SECONDS', 10);
const TARGET_P95_MS = 20;

interface Case {
  readonly name: string;
  readonly paths: string[];
  readonly status: number;
  readonly judged: boolean;
}

function cases(perUser: number): Case[] {
  const users = Array.from({ length: USERS }, (_, i) => `teacher${String(i + 1).padStart(4, '0')}`);
  const query = (user: string) => `/rest/videos/user_videos/?&username=${user}&format=json&encoding_in_progress=False&extensions=mp4%2Cmp3`;
  const middle = Math.max(1, Math.ceil(Math.ceil(perUser / 12) / 2));
  return [
    { name: '/healthz (baseline)', paths: ['/healthz'], status: 200, judged: false },
    { name: 'user_videos, first page', paths: users.map(query), status: 200, judged: true },
    { name: `user_videos, page ${middle}`, paths: users.map((user) => `${query(user)}&page=${middle}`), status: 200, judged: true },
    { name: 'user_videos, search_title', paths: users.map((user, i) => `${query(user)}&search_title=${encodeURIComponent(SEARCH_WORDS[i % SEARCH_WORDS.length]!)}`), status: 200, judged: true },
  ];
}

function row(name: string, result: LoadResult, baseline: LoadResult | null): string {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const rps = result.requests / result.seconds;
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  let ratios = '';
  if (baseline) {
    const base = [...baseline.latenciesMs].sort((a, b) => a - b);
    ratios = `  | ${(rps / (baseline.requests / baseline.seconds)).toFixed(2)}× req/s, ${(p95 / percentile(base, 95)).toFixed(1)}× p95 of baseline`;
  }
  const errors = result.errors ? `  ERRORS ${result.errors} (first: ${result.firstError})` : '';
  return `  ${name.padEnd(30)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${p50.toFixed(2).padStart(6)} ms   p95 ${p95.toFixed(2).padStart(6)} ms${ratios}${errors}`;
}

async function main(): Promise<void> {
  const workspace = await fs.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'lectern-bench-bridge-'));
  // The embedded PostgreSQL runs as its own unprivileged user and must be able to enter it.
  await fs.chmod(workspace, 0o755);
  const database = await startBenchDatabase(workspace);
  const ctx = await buildTestApp({ LECTERN_VAR_DIR: path.join(workspace, 'var') });
  try {
    const perUser = Math.ceil(VIDEOS / USERS);
    out(`bench:bridge — ${USERS} teachers × ${perUser} videos, ${CONNECTIONS} connections, ${SECONDS} s per case, ${os.cpus().length} CPUs, PostgreSQL: ${database.description}`);
    const seeding = Date.now();
    await seedCatalogue(ctx.database.db, USERS, perUser);
    out(`  seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    const admin = await createUser(ctx, { role: 'admin', username: 'bench-admin' });
    const key = (await ctx.services.bridgeKeyService.create(admin.user, { name: 'bench', siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize: 12 })).key;
    const logger = pino({ name: 'lectern', level: 'info' }, pino.destination({ dest: path.join(workspace, 'lectern.log'), sync: true }));
    const bridge = createMoodleBridge({ services: ctx.services, publicUrl: ctx.config.publicUrl, varDir: ctx.config.varDir, maxUploadSize: ctx.config.uploads.maxSize, rateLimit: { limit: 10, windowMinutes: 15 }, renditions: parseLadder(ctx.config.encoding.ladder) });
    const { app } = buildApp({ config: ctx.config, logger, pool: ctx.database.pool, services: ctx.services, sessionStore: new session.MemoryStore(), sessionSecret: 'bench-session-secret-long-enough-0123', version: 'bench', adapters: [bridge] });
    const server = await listenOnLoopback(http.createServer(app));
    try {
      const headers = { Authorization: `Token ${key}`, 'Content-Type': 'application/json', 'User-Agent': 'MoodleBot/5.0 (bench)' };
      // Warm-up: JIT, connection pool, PostgreSQL caches.
      await runLoad({ port: server.port, paths: cases(perUser)[1]!.paths, headers, connections: CONNECTIONS, seconds: Math.min(3, SECONDS), expectStatus: 200 });
      let baseline: LoadResult | null = null;
      let pass = true;
      for (const benchCase of cases(perUser)) {
        const result = await runLoad({ port: server.port, paths: benchCase.paths, headers, connections: CONNECTIONS, seconds: SECONDS, expectStatus: benchCase.status });
        out(row(benchCase.name, result, baseline));
        baseline ??= result;
        if (benchCase.judged) {
          const p95 = percentile([...result.latenciesMs].sort((a, b) => a - b), 95);
          pass &&= p95 <= TARGET_P95_MS && result.errors === 0;
        }
      }
      out(`  ${pass ? 'PASS' : 'FAIL'}: listing and search p95 ≤ ${TARGET_P95_MS} ms with no errors`);
    } finally {
      await server.close();
    }
  } finally {
    await ctx.close();
    await database.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  }
}

runBench('bridge', main);
