import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../server/src/infra/embedded-postgres.js';
import { openDatabase } from '../../server/src/infra/db.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { migrate } from '../../server/src/infra/migrator.js';
import { projectRoot } from '../../server/src/infra/project-root.js';
import { freePort } from './processes.js';

/**
 * Tests run on a real PostgreSQL: TEST_DATABASE_URL (a role allowed to CREATE DATABASE), or
 * an embedded cluster under var/test-postgres. A template database is migrated once per run;
 * each test file gets its own copy (CREATE DATABASE … TEMPLATE), so files never share data.
 */
const quietLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

interface TestCluster {
  adminUrl: string;
  template: string;
  embedded: EmbeddedPostgresHandle | null;
}

let cluster: TestCluster | null = null;

export function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function startTestCluster(): Promise<void> {
  const external = process.env.TEST_DATABASE_URL || null;
  let embedded: EmbeddedPostgresHandle | null = null;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const varDir = path.join(projectRoot(), 'var');
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(varDir, 'test-postgres'),
      secretsDir: path.join(varDir, 'test-secrets'),
      port: await freePort(),
      logger: quietLogger,
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
  }
  const template = `lectern_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const handle = openDatabase(urlWithDatabase(adminUrl, template), quietLogger, { max: 1 });
  try {
    await migrate(handle.pool, quietLogger);
  } finally {
    await handle.close();
  }
  cluster = { adminUrl, template, embedded };
}

export async function stopTestCluster(): Promise<void> {
  if (!cluster) return;
  await adminQuery(cluster.adminUrl, `DROP DATABASE IF EXISTS ${cluster.template}`);
  await cluster.embedded?.stop();
  cluster = null;
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!cluster) throw new Error('The test cluster is not started: run tests through mocha with .mocharc.json (test/helpers/global-setup.ts).');
  const { adminUrl, template } = cluster;
  const name = `lectern_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: urlWithDatabase(adminUrl, name),
    // The LTI tool's companion database (<name>_lti) goes with it.
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name}_lti WITH (FORCE)`);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The maintenance URL of the test cluster, for tests of migrations and the like. */
export function testClusterAdminUrl(): string {
  if (!cluster) throw new Error('The test cluster is not started.');
  return cluster.adminUrl;
}
