import path from 'node:path';
import { resolveDatabaseServer } from '../../server/src/infra/database-server.js';
import { openDatabase } from '../../server/src/infra/db.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { migrate } from '../../server/src/infra/migrator.js';
import { exitOnStartFailure, loadConfigOrExit, stopOnSignals } from '../../server/src/infra/process-lifecycle.js';
import { createLocalMediaStorage } from '../../server/src/infra/storage/local-media-storage.js';
import { startEncodingWorkers } from './encoding-workers.js';

/**
 * Composition root of a standalone encoding worker (`npm run worker`): any number of them, on
 * any number of machines, share the queue through PostgreSQL (DATABASE_URL) and the media
 * folder (LECTERN_VAR_DIR/media on shared storage). SIGTERM drains: running encodings get
 * ENCODING_SHUTDOWN_GRACE_SECONDS to finish, then go back to the queue.
 */

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel }).child({ process: 'worker' });
  const database = await resolveDatabaseServer(config, logger);
  const handle = openDatabase(database.url, logger, { max: 4 + config.encoding.concurrency });
  await migrate(handle.pool, logger);
  const binaries = resolveFfmpegBinaries(config.ffmpeg, process.env.PATH);
  logger.info({ ffmpeg: binaries.ffmpeg, ffprobe: binaries.ffprobe, source: binaries.source }, 'media tools');
  const workers = await startEncodingWorkers({
    db: handle.db,
    pool: handle.pool,
    config: config.encoding,
    logger,
    storage: createLocalMediaStorage(path.join(config.varDir, 'media')),
    probe: createFfprobeMediaProbe(binaries.ffprobe),
    ffmpegPath: binaries.ffmpeg,
    count: 1,
  });

  stopOnSignals(logger, async (signal) => {
    logger.info({ signal, workers: workers.names }, 'stopping: draining encodings');
    await workers.stop(config.encoding.shutdownGraceMs);
    await handle.close();
    await database.stop();
  });
}

main().catch(exitOnStartFailure('The Lectern worker'));
