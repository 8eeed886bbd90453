/**
 * LTI links and viewing progress. A link is a resource link of a platform (an LMS activity)
 * showing one Lectern video, recorded at its first launch and refreshed at each: the course it
 * was launched from, the video (from the link's `video` custom parameter, so links survive
 * course copies), its grade line item when the platform gave one, and the share watched that
 * makes the activity completed. Progress is per link and viewer: the played segments (merged
 * [start, end] pairs, seconds), the share of the video they cover, and the share last sent to
 * the platform as a score (a score is never sent twice for the same progress).
 * `lti_platforms.tool_kid` is the id of the tool key pair ltijs holds for the platform (null:
 * a new pair is made at the next use; rotating the key sets it back to null).
 */
export const sql = `
ALTER TABLE lti_platforms ADD COLUMN tool_kid text;

CREATE TABLE lti_links (
  id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  platform_id           integer NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
  deployment_id         text NOT NULL CHECK (length(deployment_id) BETWEEN 1 AND 255),
  resource_link_id      text NOT NULL CHECK (length(resource_link_id) BETWEEN 1 AND 255),
  course_id             integer REFERENCES courses(id) ON DELETE SET NULL,
  video_id              integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  title                 text NOT NULL DEFAULT '' CHECK (length(title) <= 500),
  line_item_url         text CHECK (line_item_url IS NULL OR line_item_url ~ '^https?://'),
  ags_scopes            text[] NOT NULL DEFAULT '{}',
  memberships_url       text CHECK (memberships_url IS NULL OR memberships_url ~ '^https?://'),
  completion_threshold  real NOT NULL DEFAULT 0.9 CHECK (completion_threshold > 0 AND completion_threshold <= 1),
  created_at            timestamptz NOT NULL DEFAULT now(),
  last_launch_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_id, resource_link_id)
);
CREATE INDEX lti_links_video_idx ON lti_links (video_id);
CREATE INDEX lti_links_course_idx ON lti_links (course_id);

CREATE TABLE lti_progress (
  link_id          integer NOT NULL REFERENCES lti_links(id) ON DELETE CASCADE,
  user_id          integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  video_id         integer NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  segments         jsonb NOT NULL DEFAULT '[]',
  watched          real NOT NULL DEFAULT 0 CHECK (watched >= 0 AND watched <= 1),
  posted           real CHECK (posted IS NULL OR (posted >= 0 AND posted <= 1)),
  posted_at        timestamptz,
  score_error      text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (link_id, user_id)
);
CREATE INDEX lti_progress_user_idx ON lti_progress (user_id);
`;
