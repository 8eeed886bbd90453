import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { buildApp } from '../../server/src/app.js';
import { createMoodleBridge } from '../../moodle-bridge/moodle-bridge.js';
import type { LtiProvider } from '../../lti/lti-provider.js';
import { startLti, type RunningLti } from '../../lti/start-lti.js';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../server/src/infra/db.js';
import { startEncodingWorkers, type EncodingWorkers } from '../../encoding/src/encoding-workers.js';
import { parseLadder } from '../../encoding/src/ffmpeg/rendition-ladder.js';
import { createJobQueueProducer } from '../../server/src/infra/agenda.js';
import { startBbbJobs, type BbbJobs } from '../../server/src/infra/bbb/bbb-jobs.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { closeSessionStore, createSessionStore } from '../../server/src/infra/session-store.js';
import { createServices, type Services } from '../../server/src/services.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_PUBLIC_URL = 'http://lectern.test';
/** The server secret of test apps (session cookies, media grants, share links derive from it). */
export const TEST_SECRET = 'test-session-secret-that-is-long-enough';

export interface TestApp {
  readonly app: Express;
  readonly config: Config;
  readonly services: Services;
  readonly database: DatabaseHandle;
  readonly varDir: string;
  readonly testDatabase: TestDatabase;
  /** In-process encoding workers, when asked for. */
  readonly workers: EncodingWorkers | null;
  /** The ltijs provider, when the app was built with `{ lti: true }` (/lti is mounted then). */
  readonly ltiProvider: LtiProvider | null;
  /** Closes this instance's connections only (the data stays, for a restart). */
  stop(): Promise<void>;
  /** Closes and removes the database and the data folder. */
  close(): Promise<void>;
}

/** Encoding workers on a test app's database and storage (also for tests that start them late). */
export async function startTestWorkers(ctx: Pick<TestApp, 'config' | 'database' | 'services'>, count = 1): Promise<EncodingWorkers> {
  const binaries = resolveFfmpegBinaries(ctx.config.ffmpeg, process.env.PATH);
  return startEncodingWorkers({
    db: ctx.database.db,
    pool: ctx.database.pool,
    config: ctx.config.encoding,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    storage: ctx.services.storage,
    probe: createFfprobeMediaProbe(binaries.ffprobe),
    ffmpegPath: binaries.ffmpeg,
    count,
  });
}

/**
 * The real application on a database and a data folder of its own. `env` overrides
 * configuration keys (e.g. { USER_QUOTA: '1MiB' }). `restartOf` builds a second instance on
 * the same database and folder, as after a server restart (close the first one's pool only
 * with `stop()`).
 */
export async function buildTestApp(env: Record<string, string> = {}, restartOf?: TestApp, options: { workers?: number; lti?: boolean; bbbJobs?: boolean } = {}): Promise<TestApp> {
  const testDb = restartOf ? restartOf.testDatabase : await createTestDatabase();
  const varDir = restartOf ? restartOf.varDir : await mkdtemp(path.join(os.tmpdir(), 'lectern-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_PUBLIC_URL,
    LECTERN_VAR_DIR: varDir,
    DATABASE_URL: testDb.url,
    // Agenda checks a running job's lock every half lock lifetime with a timer it never unrefs:
    // with the 120 s default, a test process would linger a minute after its last encoding.
    ENCODING_LOCK_SECONDS: '4',
    ...env,
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const database = openDatabase(testDb.url, logger, { max: 8 });
  const binaries = resolveFfmpegBinaries(config.ffmpeg, process.env.PATH);
  const probe = createFfprobeMediaProbe(binaries.ffprobe);
  const queue = await createJobQueueProducer(database.pool, logger);
  const services = createServices({ db: database.db, config, logger, probe, queue, secret: TEST_SECRET });
  const workers = options.workers ? await startTestWorkers({ config, database, services }, options.workers) : null;
  const sessionStore = createSessionStore(database.pool, logger);
  const moodleBridge = createMoodleBridge({
    services,
    publicUrl: config.publicUrl,
    varDir,
    maxUploadSize: config.uploads.maxSize,
    rateLimit: { limit: config.login.rateLimit, windowMinutes: config.login.rateWindowMinutes },
    renditions: parseLadder(config.encoding.ladder),
  });
  // The LTI tool only where a test asks for it: ltijs's tables cost a database and a second per
  // app. Score jobs retry and poll fast, so that tests wait for seconds, not minutes.
  const lti: RunningLti | null = options.lti
    ? await startLti({ services, config, logger, secret: TEST_SECRET, databaseUrl: testDb.url, pool: database.pool, jobs: { retry: { maxAttempts: 4, baseDelayMs: 300 }, pollIntervalMs: 250, lockLifetimeMs: 4000 } })
    : null;
  // Recording import jobs only where a test asks for them, retrying and polling fast.
  const bbbJobs: BbbJobs | null = options.bbbJobs
    ? await startBbbJobs({ pool: database.pool, services, config, logger, retry: { maxAttempts: 3, baseDelayMs: 200 }, pollIntervalMs: 250, lockLifetimeMs: 4000, downloadBackoffMs: 50 })
    : null;
  const adapters = lti ? [moodleBridge, lti.adapter] : [moodleBridge];
  const { app } = buildApp({ config, logger, pool: database.pool, services, sessionStore, sessionSecret: TEST_SECRET, version: '0.0.0-test', adapters });
  const stop = async () => {
    await workers?.stop(0);
    await lti?.stop(2000);
    await bbbJobs?.stop(2000);
    await queue.close();
    closeSessionStore(sessionStore);
    await database.close();
  };
  return {
    app,
    config,
    services,
    database,
    varDir,
    testDatabase: testDb,
    workers,
    ltiProvider: lti?.provider ?? null,
    stop,
    async close() {
      await stop();
      await testDb.drop();
      await rm(varDir, { recursive: true, force: true });
    },
  };
}
