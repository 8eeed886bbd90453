/**
 * The Moodle bridge and bulk imports:
 * - API tokens gain the settings of an Esup-Pod key: the site (tenant) it is bound to, how the
 *   `username` Moodle sends is matched to a Lectern user, and the page size the plugin expects;
 * - user identities from LTI platforms, SAML IdPs and CAS servers (filled at sign-in), which
 *   the bridge's username mapping also reads;
 * - the import key of videos created by a CSV import (re-running a file creates no duplicates)
 *   and the record of each import run (progress and report).
 */
export const sql = `
ALTER TABLE api_tokens
  ADD COLUMN kind              text NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'bridge')),
  ADD COLUMN site_id           integer REFERENCES sites(id),
  ADD COLUMN username_mapping  text NOT NULL DEFAULT 'username'
                               CHECK (username_mapping IN ('username', 'email', 'lti', 'saml', 'cas')),
  ADD COLUMN identity_issuer   text CHECK (identity_issuer IS NULL OR length(identity_issuer) BETWEEN 1 AND 500),
  ADD COLUMN page_size         integer NOT NULL DEFAULT 12 CHECK (page_size BETWEEN 1 AND 100),
  ADD CONSTRAINT api_tokens_bridge_settings CHECK (kind = 'bridge' OR (site_id IS NULL AND username_mapping = 'username' AND identity_issuer IS NULL));

CREATE TABLE user_identities (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider      text NOT NULL CHECK (provider IN ('lti', 'saml', 'cas')),
  issuer        text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
  subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  username      text CHECK (username IS NULL OR length(username) BETWEEN 1 AND 255),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, issuer, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);
CREATE INDEX user_identities_username_idx ON user_identities (provider, lower(username)) WHERE username IS NOT NULL;
CREATE INDEX user_identities_subject_idx ON user_identities (provider, lower(subject));

CREATE INDEX users_site_email_idx ON users (site_id, lower(email)) WHERE email <> '';
CREATE INDEX videos_owner_recent_idx ON videos (owner_id, created_at DESC, id DESC);

ALTER TABLE videos ADD COLUMN import_key text CHECK (import_key IS NULL OR length(import_key) BETWEEN 1 AND 300);
CREATE UNIQUE INDEX videos_site_import_key ON videos (site_id, import_key) WHERE import_key IS NOT NULL;

CREATE TABLE import_runs (
  id             uuid PRIMARY KEY,
  site_id        integer NOT NULL REFERENCES sites(id),
  kind           text NOT NULL CHECK (kind IN ('users', 'videos')),
  requested_by   integer REFERENCES users(id) ON DELETE SET NULL,
  filename       text NOT NULL DEFAULT '' CHECK (length(filename) <= 255),
  skip_invalid   boolean NOT NULL DEFAULT false,
  status         text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  total          integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  processed      integer NOT NULL DEFAULT 0 CHECK (processed >= 0),
  created        integer NOT NULL DEFAULT 0 CHECK (created >= 0),
  unchanged      integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
  rejected       integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  problems       jsonb NOT NULL DEFAULT '[]'::jsonb,
  video_ids      integer[] NOT NULL DEFAULT '{}',
  error_message  text,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX import_runs_site_started_idx ON import_runs (site_id, started_at DESC);
`;
