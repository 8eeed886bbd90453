import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './db-schema.js';
import type { Logger } from './logger.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly pool: pg.Pool;
  readonly db: Db;
  close(): Promise<void>;
}

// bigint (int8) columns arrive as strings; sizes fit in a JS number (< 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);
// `date` columns stay as 'YYYY-MM-DD' strings: no time-zone shift.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** Opens a pool and a Kysely instance on it. Composition roots and tests call this. */
export function openDatabase(url: string, logger: Logger, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'lectern' });
  pool.on('error', (error) => {
    // An idle client lost its connection (server restart, admin shutdown): the pool drops it
    // and opens a new one on the next query, so going on is safe.
    logger.warn({ err: error }, 'idle database connection lost');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    async close() {
      // Already being ended by someone else: a second end() would throw.
      if (pool.ending || pool.ended) return;
      // Kysely ends the pool only if it ran a query itself; end it in every case.
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/** True when the database answers a trivial query within the timeout. */
export async function isDatabaseReachable(pool: pg.Pool, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
