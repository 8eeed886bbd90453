/**
 * Who may watch (access groups, LMS courses, share links, an access epoch that outdates media
 * grants) and what enriches a video (chapters, subtitle tracks, timed enrichments, overlays),
 * plus each viewer's resume position. Times are seconds with millisecond precision (numeric, so
 * PostgreSQL itself refuses overlapping enrichments and overlays with an exclusion constraint).
 */
export const sql = `
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Bumped whenever who may watch changes (draft, restriction, password, groups, courses, share
-- links): media grants carry the epoch they were issued under, so older ones stop working.
ALTER TABLE videos ADD COLUMN access_epoch integer NOT NULL DEFAULT 1;

CREATE TABLE access_groups (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id       integer NOT NULL REFERENCES sites(id),
  code_name     text NOT NULL CHECK (code_name ~ '^[[:alnum:]_.:@-]{1,250}$'),
  display_name  text NOT NULL DEFAULT '' CHECK (length(display_name) <= 250),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX access_groups_site_code_key ON access_groups (site_id, lower(code_name));

CREATE TABLE access_group_members (
  group_id  integer NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
  user_id   integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX access_group_members_user_idx ON access_group_members (user_id);

CREATE TABLE video_access_groups (
  video_id  integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  group_id  integer NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (video_id, group_id)
);

-- LMS courses (LTI contexts). The LTI tool records them and their members at launch.
CREATE TABLE courses (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id     integer NOT NULL REFERENCES sites(id),
  platform    text NOT NULL CHECK (length(platform) BETWEEN 1 AND 500),
  context_id  text NOT NULL CHECK (length(context_id) BETWEEN 1 AND 255),
  title       text NOT NULL DEFAULT '' CHECK (length(title) <= 500),
  label       text NOT NULL DEFAULT '' CHECK (length(label) <= 255),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, platform, context_id)
);

CREATE TABLE course_members (
  course_id     integer NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  roles         text[] NOT NULL DEFAULT '{}',
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_members_user_idx ON course_members (user_id);

CREATE TABLE video_courses (
  video_id   integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  course_id  integer NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  PRIMARY KEY (video_id, course_id)
);

-- Private share links. The token is an HMAC of (id, salt) under the server secret: a database
-- dump alone does not reveal working links, and owners can copy a link again.
CREATE TABLE video_share_links (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  salt        text NOT NULL,
  label       text NOT NULL DEFAULT '' CHECK (length(label) <= 100),
  created_by  integer REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX video_share_links_video_idx ON video_share_links (video_id);

CREATE TABLE chapters (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  time_start  numeric(10,3) NOT NULL CHECK (time_start >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (video_id, time_start)
);

CREATE TABLE tracks (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('subtitles', 'captions')),
  lang        text NOT NULL CHECK (lang ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$'),
  label       text NOT NULL DEFAULT '' CHECK (length(label) <= 100),
  file_key    text NOT NULL,
  origin      text NOT NULL DEFAULT 'upload' CHECK (origin IN ('upload', 'extracted', 'import')),
  cue_count   integer NOT NULL CHECK (cue_count >= 0),
  size        integer NOT NULL CHECK (size >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (video_id, kind, lang)
);

CREATE TABLE enrichments (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  type        text NOT NULL CHECK (type IN ('image', 'richtext', 'weblink', 'document', 'embed')),
  time_start  numeric(10,3) NOT NULL CHECK (time_start >= 0),
  time_end    numeric(10,3) NOT NULL,
  stop_video  boolean NOT NULL DEFAULT false,
  richtext    text,
  weblink     text,
  embed       text,
  file_key    text,
  file_name   text,
  file_type   text,
  file_size   bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (time_end > time_start),
  EXCLUDE USING gist (video_id WITH =, numrange(time_start, time_end) WITH &&)
);

CREATE TABLE overlays (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  content     text NOT NULL,
  position    text NOT NULL DEFAULT 'bottom-right'
              CHECK (position IN ('top-left', 'top', 'top-right', 'right', 'bottom-right', 'bottom', 'bottom-left', 'left')),
  background  boolean NOT NULL DEFAULT true,
  time_start  numeric(10,3) NOT NULL CHECK (time_start >= 0),
  time_end    numeric(10,3) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (time_end > time_start),
  EXCLUDE USING gist (video_id WITH =, numrange(time_start, time_end) WITH &&)
);

CREATE TABLE view_positions (
  user_id     integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  video_id    integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  position    double precision NOT NULL CHECK (position >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, video_id)
);
`;
