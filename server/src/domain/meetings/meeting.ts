/**
 * A BigBlueButton meeting of a staff member, after Esup-Pod's model (pod-compat.md §4.1):
 * personal rooms (one per user, created on first visit) and scheduled, possibly recurring,
 * meetings. Who may join as attendee is the audience; the owner (and site administrators)
 * join as moderators. Invitation links carry an HMAC of (id, inviteSalt).
 */
export const MEETING_AUDIENCES = ['anyone', 'logged_in', 'groups', 'course'] as const;
export type MeetingAudience = (typeof MEETING_AUDIENCES)[number];

export const MEETING_RECURRENCES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type MeetingRecurrence = (typeof MEETING_RECURRENCES)[number];

export type MonthlyType = 'date_day' | 'nth_day';

export interface MeetingSchedule {
  readonly startAt: Date;
  readonly durationMinutes: number;
  readonly recurrence: MeetingRecurrence | null;
  /** Every N days/weeks/months/years (1–100). */
  readonly frequency: number;
  /** YYYY-MM-DD, inclusive; exclusive with `occurrences`. */
  readonly recurringUntil: string | null;
  readonly occurrences: number | null;
  /** Weekly only: days 0–6, Monday = 0 (Pod's convention); the start's day is always one. */
  readonly weekdays: readonly number[];
  readonly monthlyType: MonthlyType;
}

export interface MeetingSettings extends MeetingSchedule {
  readonly name: string;
  /** Null: the site's default server at start time. */
  readonly serverId: number | null;
  readonly audience: MeetingAudience;
  readonly groupIds: readonly number[];
  readonly courseId: number | null;
  readonly maxParticipants: number;
  readonly welcomeText: string;
  readonly record: boolean;
  readonly autoStartRecording: boolean;
  readonly allowStartStopRecording: boolean;
  /** Null: follow the site's setting. */
  readonly autoImport: boolean | null;
}

export interface Meeting extends MeetingSettings {
  readonly id: number;
  readonly siteId: number;
  readonly ownerId: number;
  /** The BBB `meetingID`. */
  readonly bbbMeetingId: string;
  readonly isPersonal: boolean;
  readonly inviteSalt: string;
  readonly internalMeetingId: string | null;
  readonly bbbCreateTime: number | null;
  readonly lastStartedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
