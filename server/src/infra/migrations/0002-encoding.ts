/**
 * Encoding jobs (one row per encoding request: what the owner and admins see) and the published
 * media of a video (the folder the last successful job renamed into place, and its manifest).
 * Agenda keeps its own queue table (agenda_jobs); this one is the truth about state.
 */
export const sql = `
CREATE TABLE encoding_jobs (
  id            uuid PRIMARY KEY,
  video_id      integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  site_id       integer NOT NULL REFERENCES sites(id),
  requested_by  integer REFERENCES users(id) ON DELETE SET NULL,
  status        text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  step          text,
  progress      real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  worker        text,
  error_code    text,
  error_message text,
  stderr_tail   text,
  log           jsonb NOT NULL DEFAULT '[]'::jsonb,
  queued_at     timestamptz NOT NULL DEFAULT now(),
  retry_at      timestamptz,
  started_at    timestamptz,
  heartbeat_at  timestamptz,
  finished_at   timestamptz
);
CREATE INDEX encoding_jobs_video_idx ON encoding_jobs (video_id);
CREATE INDEX encoding_jobs_site_status_idx ON encoding_jobs (site_id, status, queued_at DESC);

ALTER TABLE videos
  ADD COLUMN encoding_job_id  uuid,
  ADD COLUMN media_folder     text,
  ADD COLUMN media            jsonb,
  ADD COLUMN thumbnail_index  integer CHECK (thumbnail_index IS NULL OR thumbnail_index >= 0),
  ADD COLUMN encoded_at       timestamptz;
`;
