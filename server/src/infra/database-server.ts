import path from 'node:path';
import type { Config } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { Logger } from './logger.js';

export interface DatabaseServer {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded cluster when this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/** The external server of DATABASE_URL, or the embedded cluster under LECTERN_VAR_DIR. */
export async function resolveDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.database.url) {
    return { url: config.database.url, embedded: false, stop: async () => {} };
  }
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(config.varDir, 'postgres'),
    secretsDir: path.join(config.varDir, 'secrets'),
    port: config.database.embeddedPort,
    logger,
  });
  return { url: cluster.url, embedded: true, stop: () => cluster.stop() };
}
