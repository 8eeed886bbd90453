import type { ColumnType, Generated } from 'kysely';
import type { MeetingTables } from './db-schema-meetings.js';
import type { SsoTables } from './db-schema-sso.js';

/** Kysely's view of the tables (snake_case, as in the database). Repositories map to camelCase. */

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type BigIntColumn = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;

export interface SitesTable {
  id: Generated<number>;
  name: string;
  domain: string;
  bbb_auto_import: Generated<boolean>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  site_id: number;
  username: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  email: Generated<string>;
  affiliation: Generated<string>;
  role: Generated<'admin' | 'staff' | 'student'>;
  auth_type: Generated<'local' | 'cas' | 'saml' | 'lti'>;
  password_hash: string | null;
  quota_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  is_active: Generated<boolean>;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: Generated<string>;
  token_hash: string;
  token_prefix: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  kind: Generated<'api' | 'bridge'>;
  site_id: number | null;
  username_mapping: Generated<'username' | 'email' | 'lti' | 'saml' | 'cas'>;
  identity_issuer: string | null;
  page_size: Generated<number>;
}

export interface VideoTypesTable {
  id: Generated<number>;
  site_id: number;
  title: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export interface DisciplinesTable {
  id: Generated<number>;
  site_id: number;
  title: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export type VideoStatus = 'awaiting_upload' | 'uploaded' | 'queued' | 'encoding' | 'ready' | 'failed';

export interface VideosTable {
  id: Generated<number>;
  site_id: number;
  owner_id: number;
  type_id: number;
  title: string;
  slug: string;
  description: Generated<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  licence: string | null;
  main_lang: Generated<string>;
  date_evt: ColumnType<string | null, string | null | undefined, string | null>;
  is_draft: Generated<boolean>;
  is_restricted: Generated<boolean>;
  password_hash: string | null;
  allow_downloading: Generated<boolean>;
  status: Generated<VideoStatus>;
  duration_seconds: number | null;
  source_filename: string | null;
  source_size: BigIntColumn;
  source_key: string | null;
  source_info: ColumnType<unknown, string | null | undefined, string | null>;
  encoding_job_id: string | null;
  media_folder: string | null;
  media: ColumnType<unknown, string | null | undefined, string | null>;
  thumbnail_index: number | null;
  encoded_at: NullableTimestamp;
  access_epoch: Generated<number>;
  import_key: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type EncodingJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface EncodingJobsTable {
  id: string;
  video_id: number;
  site_id: number;
  requested_by: number | null;
  status: Generated<EncodingJobStatus>;
  step: string | null;
  progress: Generated<number>;
  attempts: Generated<number>;
  worker: string | null;
  error_code: string | null;
  error_message: string | null;
  stderr_tail: string | null;
  log: ColumnType<unknown, string | undefined, string>;
  queued_at: Generated<Date>;
  retry_at: NullableTimestamp;
  started_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface VideoAdditionalOwnersTable {
  video_id: number;
  user_id: number;
}

export interface VideoDisciplinesTable {
  video_id: number;
  discipline_id: number;
}

export interface UploadsTable {
  id: string;
  user_id: number;
  video_id: number | null;
  filename: string;
  title: string | null;
  size: BigIntColumn;
  status: Generated<'receiving' | 'completed' | 'rejected'>;
  error_code: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** numeric(10,3) seconds: pg returns strings; repositories convert with Number(). */
type Seconds = ColumnType<string, number | string, number | string>;

export interface AccessGroupsTable {
  id: Generated<number>;
  site_id: number;
  code_name: string;
  display_name: Generated<string>;
  created_at: Timestamp;
  /** Migration 11: memberships computed from SSO attributes, recomputed at each login. */
  auto_sync: Generated<boolean>;
}

export interface AccessGroupMembersTable {
  group_id: number;
  user_id: number;
}

export interface VideoAccessGroupsTable {
  video_id: number;
  group_id: number;
}

export interface CoursesTable {
  id: Generated<number>;
  site_id: number;
  platform: string;
  context_id: string;
  title: Generated<string>;
  label: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CourseMembersTable {
  course_id: number;
  user_id: number;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  last_seen_at: Timestamp;
}

export interface VideoCoursesTable {
  video_id: number;
  course_id: number;
}

export interface VideoShareLinksTable {
  id: Generated<number>;
  video_id: number;
  salt: string;
  label: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface ChaptersTable {
  id: Generated<number>;
  video_id: number;
  title: string;
  time_start: Seconds;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TracksTable {
  id: Generated<number>;
  video_id: number;
  kind: 'subtitles' | 'captions';
  lang: string;
  label: Generated<string>;
  file_key: string;
  origin: Generated<'upload' | 'extracted' | 'import'>;
  cue_count: number;
  size: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EnrichmentsTable {
  id: Generated<number>;
  video_id: number;
  title: string;
  type: 'image' | 'richtext' | 'weblink' | 'document' | 'embed';
  time_start: Seconds;
  time_end: Seconds;
  stop_video: Generated<boolean>;
  richtext: string | null;
  weblink: string | null;
  embed: string | null;
  file_key: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OverlaysTable {
  id: Generated<number>;
  video_id: number;
  title: string;
  content: string;
  position: Generated<string>;
  background: Generated<boolean>;
  time_start: Seconds;
  time_end: Seconds;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ViewPositionsTable {
  user_id: number;
  video_id: number;
  position: number;
  updated_at: Timestamp;
}

export interface UserIdentitiesTable {
  id: Generated<number>;
  user_id: number;
  provider: 'lti' | 'saml' | 'cas';
  issuer: string;
  subject: string;
  username: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ImportRunsTable {
  id: string;
  site_id: number;
  kind: 'users' | 'videos';
  requested_by: number | null;
  filename: Generated<string>;
  skip_invalid: Generated<boolean>;
  status: Generated<'running' | 'succeeded' | 'failed' | 'interrupted'>;
  total: Generated<number>;
  processed: Generated<number>;
  created: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  problems: ColumnType<unknown, string | undefined, string>;
  video_ids: ColumnType<number[], number[] | undefined, number[]>;
  error_message: string | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  heartbeat_at: Timestamp;
}

export interface LtiPlatformsTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  issuer: string;
  client_id: string;
  authentication_endpoint: string;
  access_token_endpoint: string;
  jwks_url: string;
  deployment_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<'pending' | 'active' | 'inactive'>;
  origin: Generated<'manual' | 'dynamic'>;
  product: string | null;
  tool_kid: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LtiLinksTable {
  id: Generated<number>;
  platform_id: number;
  deployment_id: string;
  resource_link_id: string;
  course_id: number | null;
  video_id: number;
  title: Generated<string>;
  line_item_url: string | null;
  ags_scopes: ColumnType<string[], string[] | undefined, string[]>;
  memberships_url: string | null;
  completion_threshold: Generated<number>;
  created_at: Timestamp;
  last_launch_at: Timestamp;
}

export interface LtiProgressTable {
  link_id: number;
  user_id: number;
  video_id: number;
  subject: string;
  segments: ColumnType<[number, number][], string, string>;
  watched: Generated<number>;
  posted: number | null;
  posted_at: NullableTimestamp;
  score_error: string | null;
  updated_at: Timestamp;
  /** Migration 8: a score job is pending for the pair. */
  score_queued_at: NullableTimestamp;
}

export interface Database extends MeetingTables, SsoTables {
  sites: SitesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  video_types: VideoTypesTable;
  disciplines: DisciplinesTable;
  videos: VideosTable;
  encoding_jobs: EncodingJobsTable;
  video_additional_owners: VideoAdditionalOwnersTable;
  video_disciplines: VideoDisciplinesTable;
  uploads: UploadsTable;
  access_groups: AccessGroupsTable;
  access_group_members: AccessGroupMembersTable;
  video_access_groups: VideoAccessGroupsTable;
  courses: CoursesTable;
  course_members: CourseMembersTable;
  video_courses: VideoCoursesTable;
  video_share_links: VideoShareLinksTable;
  chapters: ChaptersTable;
  tracks: TracksTable;
  enrichments: EnrichmentsTable;
  overlays: OverlaysTable;
  view_positions: ViewPositionsTable;
  user_identities: UserIdentitiesTable;
  import_runs: ImportRunsTable;
  lti_platforms: LtiPlatformsTable;
  lti_links: LtiLinksTable;
  lti_progress: LtiProgressTable;
}
