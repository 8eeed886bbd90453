/**
 * Import runs beat while they run, so that a run whose process stopped is told from one still
 * going in another process (several web processes share the database).
 */
export const sql = `
ALTER TABLE import_runs ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX import_runs_running_idx ON import_runs (heartbeat_at) WHERE status = 'running';
`;
