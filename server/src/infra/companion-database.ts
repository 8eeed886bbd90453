import pg from 'pg';

/**
 * Databases next to Lectern's on the same PostgreSQL server: the embedded cluster's own, and
 * the LTI tool's (ltijs keeps its tables, its `sync()` and its cron out of our schema).
 */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // Two processes starting at once may both try: the loser finds the database there.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** The URL of database `<ours>_<suffix>` on the server of `url` (same role and options). */
export function companionDatabaseUrl(url: string, suffix: string): { url: string; database: string } {
  const parsed = new URL(url);
  const ours = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  const database = `${ours}_${suffix}`;
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return { url: parsed.toString(), database };
}
