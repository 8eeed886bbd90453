import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../../server/src/infra/db.js';
import { startEmbeddedPostgres } from '../../../server/src/infra/embedded-postgres.js';
import { createLogger } from '../../../server/src/infra/logger.js';
import type { LecternServer } from './lectern-server.js';

/**
 * A connection to the database of a running test server (its embedded cluster, joined as the
 * CLI joins it), for tests that play a part the server does not (an encoding worker).
 */
export async function openServerDatabase(server: LecternServer): Promise<DatabaseHandle> {
  const logger = createLogger({ level: 'silent' });
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(server.varDir, 'postgres'),
    secretsDir: path.join(server.varDir, 'secrets'),
    port: 0,
    logger,
  });
  if (cluster.ownsCluster) {
    await cluster.stop();
    throw new Error('the server’s PostgreSQL is not running: nothing to join');
  }
  return openDatabase(cluster.url, logger, { max: 2 });
}
