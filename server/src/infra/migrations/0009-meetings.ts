/**
 * BigBlueButton: the servers of each site, staff meetings, and recordings imported as videos.
 *
 * - `bbb_servers`: a site's BBB servers (its own or the national BBB ESR service). The shared
 *   secret signs every call and verifies recording-ready callbacks, so it is kept as given and
 *   never shown again. One server per site may be the default, the one new meetings use.
 * - `sites.bbb_auto_import`: the site's choice to import recordings as soon as BBB says they
 *   are ready; a meeting may override it (`meetings.auto_import`, null: the site's choice).
 * - `meetings`: Esup-Pod's meeting model (pod-compat.md §4.1). `bbb_meeting_id` is the BBB
 *   `meetingID` (ASCII, unique per server, with a random part because BBB ESR is shared by
 *   many institutions). Recurrence follows Pod: daily/weekly/monthly/yearly every `frequency`,
 *   until a date or for a number of occurrences (at most one of them), `weekdays` (0 = Monday)
 *   for weekly ones. `audience` says who may join with the invitation link: anyone (guests
 *   type a name), logged-in users, members of the chosen groups, or members of an LMS course.
 *   The invitation token is an HMAC of (id, invite_salt): a new salt revokes old links. Each
 *   user has at most one personal room.
 * - `bbb_recording_imports`: one row per recording (server, record id) ever imported, which is
 *   what makes an import happen once. It tracks the download (bytes expected and received, for
 *   progress and resumption), the video it became, and why it failed.
 */
export const sql = `
ALTER TABLE sites ADD COLUMN bbb_auto_import boolean NOT NULL DEFAULT false;

CREATE TABLE bbb_servers (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id             integer NOT NULL REFERENCES sites(id),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  api_url             text NOT NULL CHECK (api_url ~ '^https?://[^/?#]+(/[^?#]*)?$' AND length(api_url) <= 500),
  secret              text NOT NULL CHECK (length(secret) BETWEEN 8 AND 512),
  checksum_algorithm  text NOT NULL DEFAULT 'sha256' CHECK (checksum_algorithm IN ('sha1', 'sha256', 'sha384', 'sha512')),
  is_default          boolean NOT NULL DEFAULT false,
  is_active           boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX bbb_servers_site_name_key ON bbb_servers (site_id, lower(name));
CREATE UNIQUE INDEX bbb_servers_site_default_key ON bbb_servers (site_id) WHERE is_default;

CREATE TABLE meetings (
  id                          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id                     integer NOT NULL REFERENCES sites(id),
  owner_id                    integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  server_id                   integer REFERENCES bbb_servers(id) ON DELETE SET NULL,
  bbb_meeting_id              text NOT NULL UNIQUE CHECK (bbb_meeting_id ~ '^[A-Za-z0-9_-]{2,100}$'),
  name                        text NOT NULL CHECK (length(name) BETWEEN 2 AND 250),
  is_personal                 boolean NOT NULL DEFAULT false,
  start_at                    timestamptz NOT NULL,
  duration_minutes            integer NOT NULL DEFAULT 120 CHECK (duration_minutes BETWEEN 5 AND 1440),
  recurrence                  text CHECK (recurrence IN ('daily', 'weekly', 'monthly', 'yearly')),
  frequency                   integer NOT NULL DEFAULT 1 CHECK (frequency BETWEEN 1 AND 100),
  recurring_until             date,
  occurrences                 integer CHECK (occurrences IS NULL OR occurrences BETWEEN 1 AND 500),
  weekdays                    text NOT NULL DEFAULT '' CHECK (weekdays ~ '^[0-6]{0,7}$'),
  monthly_type                text NOT NULL DEFAULT 'date_day' CHECK (monthly_type IN ('date_day', 'nth_day')),
  audience                    text NOT NULL DEFAULT 'logged_in' CHECK (audience IN ('anyone', 'logged_in', 'groups', 'course')),
  course_id                   integer REFERENCES courses(id) ON DELETE SET NULL,
  max_participants            integer NOT NULL DEFAULT 150 CHECK (max_participants BETWEEN 2 AND 5000),
  welcome_text                text NOT NULL DEFAULT '' CHECK (length(welcome_text) <= 2000),
  record                      boolean NOT NULL DEFAULT false,
  auto_start_recording        boolean NOT NULL DEFAULT false,
  allow_start_stop_recording  boolean NOT NULL DEFAULT true,
  auto_import                 boolean,
  invite_salt                 text NOT NULL,
  internal_meeting_id         text,
  bbb_create_time             bigint,
  last_started_at             timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  CHECK (recurring_until IS NULL OR occurrences IS NULL),
  CHECK (recurrence IS NOT NULL OR (recurring_until IS NULL AND occurrences IS NULL AND weekdays = '')),
  CHECK (audience <> 'course' OR course_id IS NOT NULL)
);
CREATE INDEX meetings_owner_idx ON meetings (owner_id);
CREATE UNIQUE INDEX meetings_personal_key ON meetings (owner_id) WHERE is_personal;

CREATE TABLE meeting_access_groups (
  meeting_id  integer NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  group_id    integer NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (meeting_id, group_id)
);

CREATE TABLE bbb_recording_imports (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id         integer NOT NULL REFERENCES sites(id),
  server_id       integer NOT NULL REFERENCES bbb_servers(id) ON DELETE CASCADE,
  record_id       text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 256),
  bbb_meeting_id  text NOT NULL CHECK (length(bbb_meeting_id) BETWEEN 1 AND 256),
  meeting_id      integer REFERENCES meetings(id) ON DELETE SET NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 250),
  recorded_at     timestamptz NOT NULL,
  owner_id        integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  requested_by    integer REFERENCES users(id) ON DELETE SET NULL,
  trigger         text NOT NULL CHECK (trigger IN ('manual', 'callback')),
  status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'downloading', 'done', 'failed')),
  video_id        integer REFERENCES videos(id) ON DELETE SET NULL,
  media_url       text,
  bytes_expected  bigint CHECK (bytes_expected IS NULL OR bytes_expected >= 0),
  bytes_received  bigint NOT NULL DEFAULT 0 CHECK (bytes_received >= 0),
  attempts        integer NOT NULL DEFAULT 0,
  captions        integer NOT NULL DEFAULT 0,
  error_code      text,
  error_message   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  UNIQUE (server_id, record_id)
);
CREATE INDEX bbb_recording_imports_owner_idx ON bbb_recording_imports (owner_id);
CREATE INDEX bbb_recording_imports_meeting_idx ON bbb_recording_imports (meeting_id);
`;
