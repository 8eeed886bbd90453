import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import type { Logger } from './logger.js';

/** The one use of connect-pg-simple: sessions in the `sessions` table (created by migration 1). */
export function createSessionStore(pool: pg.Pool, logger: Logger): session.Store {
  const PgStore = connectPgSimple(session);
  return new PgStore({
    pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    errorLog: (...args: unknown[]) => logger.error({ args }, 'session store error'),
  });
}

/** Stops the store's pruning timer so the process can exit. */
export function closeSessionStore(store: session.Store): void {
  (store as unknown as { close?: () => void }).close?.();
}
