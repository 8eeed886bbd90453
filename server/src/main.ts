import { createServer, type Server } from 'node:http';
import v8 from 'node:v8';
import { startEncodingWorkers, type EncodingWorkers } from '../../encoding/src/encoding-workers.js';
import { parseLadder } from '../../encoding/src/ffmpeg/rendition-ladder.js';
import { startLti } from '../../lti/start-lti.js';
import { createMoodleBridge } from '../../moodle-bridge/moodle-bridge.js';
import { buildApp } from './app.js';
import type { Config } from './config/config.js';
import { createJobQueueProducer } from './infra/agenda.js';
import { startBbbJobs } from './infra/bbb/bbb-jobs.js';
import { startSamlMetadataJobs } from './infra/saml/saml-metadata-jobs.js';
import { resolveDatabaseServer } from './infra/database-server.js';
import { openDatabase } from './infra/db.js';
import { createLogger, type Logger } from './infra/logger.js';
import { resolveFfmpegBinaries } from './infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from './infra/media/ffprobe-media-probe.js';
import { migrate } from './infra/migrator.js';
import { createLocalMediaStorage } from './infra/storage/local-media-storage.js';
import path from 'node:path';
import { packageVersion } from './infra/package-version.js';
import { exitOnStartFailure, loadConfigOrExit, stopOnSignals } from './infra/process-lifecycle.js';
import { readOrCreateSecret } from './infra/secrets.js';
import { closeSessionStore, createSessionStore } from './infra/session-store.js';
import { createServices } from './services.js';

/** Composition root of the web process: config → database → services → app → listen. */

// Uploads stream gigabytes through short-lived 64 KiB socket buffers; with V8's default heap
// growth the old generation stays tiny and full collections ran every ~50 ms during uploads,
// halving throughput (bench/upload, --trace-gc). Letting the heap grow 4× before collecting
// stops that for about 10 MB of memory. An unknown flag is ignored by V8, never fatal.
v8.setFlagsFromString('--heap-growing-percent=300');

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const DRAIN_TIMEOUT_MS = 10_000;

function announce(config: Config, admin: { created: boolean; generatedPassword: string | null }, username: string): void {
  const lines = ['', `  Lectern is running at ${config.publicUrl}`];
  if (admin.created && admin.generatedPassword) {
    lines.push('', `  First run: an administrator account was created.`, `    username: ${username}`, `    password: ${admin.generatedPassword}`, '  This password is shown only once: log in and keep it somewhere safe.');
  } else if (admin.created) {
    lines.push('', `  First run: administrator "${username}" was created with LECTERN_ADMIN_PASSWORD.`);
  } else {
    lines.push(`  Log in at ${config.publicUrl}/login`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger: Logger = createLogger({ level: config.logLevel });
  const database = await resolveDatabaseServer(config, logger);
  const handle = openDatabase(database.url, logger, { max: 10 + config.encoding.inProcessWorkers * (2 + config.encoding.concurrency) });
  await migrate(handle.pool, logger);

  const binaries = resolveFfmpegBinaries(config.ffmpeg, process.env.PATH);
  logger.info({ ffmpeg: binaries.ffmpeg, ffprobe: binaries.ffprobe, source: binaries.source }, 'media tools');
  const probe = createFfprobeMediaProbe(binaries.ffprobe);
  const storage = createLocalMediaStorage(path.join(config.varDir, 'media'));
  const queue = await createJobQueueProducer(handle.pool, logger);
  const sessionSecret = config.sessionSecret ?? (await readOrCreateSecret(config.varDir, 'session-secret'));
  const services = createServices({ db: handle.db, config, logger, probe, queue, storage, secret: sessionSecret });
  await services.importService.interruptStale();
  const admin = await services.userService.ensureFirstAdmin(config.admin);

  const sessionStore = createSessionStore(handle.pool, logger);
  const moodleBridge = createMoodleBridge({
    services,
    publicUrl: config.publicUrl,
    varDir: config.varDir,
    maxUploadSize: config.uploads.maxSize,
    rateLimit: { limit: config.login.rateLimit, windowMinutes: config.login.rateWindowMinutes },
    renditions: parseLadder(config.encoding.ladder),
  });
  // The LTI tool (ltijs in its own database next to ours) and its score jobs.
  const lti = await startLti({ services, config, logger, secret: sessionSecret, databaseUrl: database.url, pool: handle.pool });
  // BigBlueButton recording imports (download, then the draft video): jobs run in this process.
  const bbbJobs = await startBbbJobs({ pool: handle.pool, services, config, logger });
  // SAML IdP metadata sources read again when due (Renater's aggregate, IdPs' own metadata).
  const samlJobs = await startSamlMetadataJobs({ pool: handle.pool, services, logger });
  const { app, tus } = buildApp({ config, logger, pool: handle.pool, services, sessionStore, sessionSecret, version: packageVersion(), adapters: [moodleBridge, lti.adapter] });
  const server = createServer(app);
  await listen(server, config);
  const workers: EncodingWorkers | null = config.encoding.inProcessWorkers
    ? await startEncodingWorkers({ db: handle.db, pool: handle.pool, config: config.encoding, logger, storage, probe, ffmpegPath: binaries.ffmpeg, count: config.encoding.inProcessWorkers })
    : null;
  announce(config, admin, config.admin.username);

  const cleanup = setInterval(() => {
    const cutoff = new Date(Date.now() - config.uploads.incompleteTtlHours * 3600_000);
    Promise.all([tus.cleanUpExpired(), services.uploadService.expireAbandoned(cutoff)]).catch((error: unknown) =>
      logger.error({ err: error }, 'upload cleanup failed; it runs again in an hour'),
    );
  }, CLEANUP_INTERVAL_MS);
  cleanup.unref();

  stopOnSignals(logger, async (signal) => {
    logger.info({ signal }, 'stopping: draining HTTP connections');
    clearInterval(cleanup);
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await workers?.stop(config.encoding.shutdownGraceMs);
    await lti.stop(DRAIN_TIMEOUT_MS);
    await bbbJobs.stop(DRAIN_TIMEOUT_MS);
    await samlJobs.stop(DRAIN_TIMEOUT_MS);
    await queue.close();
    closeSessionStore(sessionStore);
    await handle.close();
    await database.stop();
  });
}

main().catch(exitOnStartFailure('Lectern'));
