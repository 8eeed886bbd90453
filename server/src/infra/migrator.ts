import type pg from 'pg';
import type { Logger } from './logger.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

/** Arbitrary constant: the advisory lock that serialises concurrent migrators. */
const MIGRATION_LOCK_ID = 7_261_453_001;

export interface MigrationResult {
  readonly applied: readonly number[];
  readonly current: number;
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory lock so
 * that several processes starting at once migrate exactly once. Forward-only: a database whose
 * recorded version is newer than this code knows is refused.
 */
export async function migrate(
  pool: pg.Pool,
  logger: Logger,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(`Database schema version ${newest} is newer than this Lectern knows (${known}); upgrade Lectern.`);
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      logger.info({ version: migration.version, name: migration.name }, 'migration applied');
      applied.push(migration.version);
    }
    return { applied, current: Math.max(newest, ...applied) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not release the migration lock; it ends with the connection');
    });
    client.release();
  }
}
