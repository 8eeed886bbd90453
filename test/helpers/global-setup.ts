import { startTestCluster, stopTestCluster } from './test-database.js';

/** mocha global fixtures: one PostgreSQL for the whole run. */
export async function mochaGlobalSetup(): Promise<void> {
  await startTestCluster();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestCluster();
}
