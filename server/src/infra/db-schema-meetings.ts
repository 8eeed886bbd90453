import type { ColumnType, Generated } from 'kysely';
import type { BigIntColumn, NullableTimestamp, Timestamp } from './db-schema.js';

/** Kysely types of the BigBlueButton tables (migrations 0009, 0010); db-schema.ts adds them to Database. */

type NullableBigInt = ColumnType<string | null, number | string | bigint | null | undefined, number | string | bigint | null>;

export interface BbbServersTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  api_url: string;
  secret: string;
  checksum_algorithm: Generated<string>;
  is_default: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingsTable {
  id: Generated<number>;
  site_id: number;
  owner_id: number;
  server_id: number | null;
  /** The server of the meeting's last start (migration 0010). */
  last_server_id: Generated<number | null>;
  bbb_meeting_id: string;
  name: string;
  is_personal: Generated<boolean>;
  start_at: Timestamp;
  duration_minutes: Generated<number>;
  recurrence: string | null;
  frequency: Generated<number>;
  /** A date (YYYY-MM-DD); pg returns DATE as a string with our type parser. */
  recurring_until: string | null;
  occurrences: number | null;
  weekdays: Generated<string>;
  monthly_type: Generated<string>;
  audience: Generated<string>;
  course_id: number | null;
  max_participants: Generated<number>;
  welcome_text: Generated<string>;
  record: Generated<boolean>;
  auto_start_recording: Generated<boolean>;
  allow_start_stop_recording: Generated<boolean>;
  auto_import: boolean | null;
  invite_salt: string;
  internal_meeting_id: string | null;
  bbb_create_time: NullableBigInt;
  last_started_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingAccessGroupsTable {
  meeting_id: number;
  group_id: number;
}

export interface BbbRecordingImportsTable {
  id: Generated<number>;
  site_id: number;
  server_id: number;
  record_id: string;
  bbb_meeting_id: string;
  meeting_id: number | null;
  name: string;
  recorded_at: Timestamp;
  owner_id: number;
  requested_by: number | null;
  trigger: string;
  status: Generated<string>;
  video_id: number | null;
  media_url: string | null;
  bytes_expected: NullableBigInt;
  bytes_received: BigIntColumn;
  attempts: Generated<number>;
  captions: Generated<number>;
  error_code: string | null;
  error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface MeetingTables {
  bbb_servers: BbbServersTable;
  meetings: MeetingsTable;
  meeting_access_groups: MeetingAccessGroupsTable;
  bbb_recording_imports: BbbRecordingImportsTable;
}
