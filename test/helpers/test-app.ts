import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { buildApp } from '../../server/src/app.js';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { openDatabase, type DatabaseHandle } from '../../server/src/infra/db.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { closeSessionStore, createSessionStore } from '../../server/src/infra/session-store.js';
import { createServices, type Services } from '../../server/src/services.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_PUBLIC_URL = 'http://lectern.test';

export interface TestApp {
  readonly app: Express;
  readonly config: Config;
  readonly services: Services;
  readonly database: DatabaseHandle;
  readonly varDir: string;
  readonly testDatabase: TestDatabase;
  /** Closes this instance's connections only (the data stays, for a restart). */
  stop(): Promise<void>;
  /** Closes and removes the database and the data folder. */
  close(): Promise<void>;
}

/**
 * The real application on a database and a data folder of its own. `env` overrides
 * configuration keys (e.g. { USER_QUOTA: '1MiB' }). `restartOf` builds a second instance on
 * the same database and folder, as after a server restart (close the first one's pool only
 * with `stop()`).
 */
export async function buildTestApp(env: Record<string, string> = {}, restartOf?: TestApp): Promise<TestApp> {
  const testDb = restartOf ? restartOf.testDatabase : await createTestDatabase();
  const varDir = restartOf ? restartOf.varDir : await mkdtemp(path.join(os.tmpdir(), 'lectern-test-'));
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, LECTERN_VAR_DIR: varDir, DATABASE_URL: testDb.url, ...env });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const database = openDatabase(testDb.url, logger, { max: 5 });
  const binaries = resolveFfmpegBinaries(config.ffmpeg, process.env.PATH);
  const services = createServices({ db: database.db, config, logger, probe: createFfprobeMediaProbe(binaries.ffprobe) });
  const sessionStore = createSessionStore(database.pool, logger);
  const { app } = buildApp({ config, logger, pool: database.pool, services, sessionStore, sessionSecret: 'test-session-secret-that-is-long-enough', version: '0.0.0-test' });
  const stop = async () => {
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
    stop,
    async close() {
      await stop();
      await testDb.drop();
      await rm(varDir, { recursive: true, force: true });
    },
  };
}
