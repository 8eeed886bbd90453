import net from 'node:net';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../server/src/infra/embedded-postgres.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { startTestCluster, stopTestCluster } from '../../test/helpers/test-database.js';

/**
 * The PostgreSQL of the job pass. TEST_DATABASE_URL when set (as for the tests); otherwise a
 * cluster of the benchmark's own under its workspace, not the tests' var/test-postgres: a test
 * run that owns that cluster stops it when it ends, which would cut the benchmark's
 * connections mid-run. test/helpers/test-database.ts then migrates a template on it, as in a
 * test run, and buildTestApp copies it.
 */
export interface BenchDatabase {
  readonly description: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startBenchDatabase(workspace: string): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgresHandle | null = null;
  if (!process.env.TEST_DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(workspace, 'postgres'),
      secretsDir: path.join(workspace, 'secrets'),
      port: await freePort(),
      logger: createLogger({ level: 'silent' }),
      database: 'postgres',
    });
    // test-database.ts reads it: the template and the test database go on this cluster.
    process.env.TEST_DATABASE_URL = embedded.adminUrl;
  }
  try {
    await startTestCluster();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    description: embedded ? `embedded PostgreSQL under ${path.join(workspace, 'postgres')}` : 'TEST_DATABASE_URL',
    async stop() {
      try {
        await stopTestCluster();
      } finally {
        await embedded?.stop();
      }
    },
  };
}
