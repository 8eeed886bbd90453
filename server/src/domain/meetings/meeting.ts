/**
 * A BigBlueButton meeting of a staff member, after Esup-Pod's model (pod-compat.md §4.1):
 * personal rooms (one per user, created on first visit) and scheduled, possibly recurring,
 * meetings. Who may join as attendee is the audience; the owner (and site administrators)
 * join as moderators. Invitation links carry an HMAC of (id, inviteSalt).
 */
/**
 * The time zone of meetings' wall-clock times (the form's date and time, recurrences, the
 * pages): the schema keeps instants only, so one zone for the whole server. French
 * universities overseas would need it configurable (a config key passed to the services).
 */
export const DEFAULT_MEETING_TIME_ZONE = 'Europe/Paris';

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

/** The recurrence fields of a meeting that happens once. */
export const NO_RECURRENCE = { recurrence: null, frequency: 1, recurringUntil: null, occurrences: null, weekdays: [], monthlyType: 'date_day' } as const satisfies Omit<MeetingSchedule, 'startAt' | 'durationMinutes'>;

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
  /**
   * The server the meeting was last created on, whatever it has become since (deactivated, no
   * longer the default, no longer chosen): its recordings are there. Null when it never started
   * (or that server was removed).
   */
  readonly lastServerId: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a new meeting row needs besides its settings. */
export interface NewMeeting extends MeetingSettings {
  readonly siteId: number;
  readonly ownerId: number;
  readonly bbbMeetingId: string;
  readonly isPersonal: boolean;
  readonly inviteSalt: string;
}

/** An LMS course a meeting may be restricted to, with the chooser's roles in it. */
export interface MeetingCourse {
  readonly id: number;
  readonly siteId: number;
  readonly title: string;
  readonly label: string;
  /** The LTI context roles of the member it was listed for (empty in an administrator's list). */
  readonly roles: readonly string[];
}

/** What BBB's create answered, and on which server, kept to join with the right createTime and find recordings. */
export interface MeetingStart {
  readonly serverId: number;
  readonly internalMeetingId: string;
  readonly createTime: number;
}

/** Port: meetings and their access groups (implemented in infra/repositories/meeting-repository.ts). */
export interface MeetingRepository {
  insert(meeting: NewMeeting): Promise<Meeting>;
  /** The owner's personal room, inserted from `room` when they have none (safe under concurrent calls). */
  ensurePersonal(room: NewMeeting): Promise<Meeting>;
  findById(id: number): Promise<Meeting | null>;
  findByBbbMeetingId(bbbMeetingId: string): Promise<Meeting | null>;
  /** The meetings among these BBB meetingIDs (one query; unknown ids are left out). */
  findByBbbMeetingIds(bbbMeetingIds: readonly string[]): Promise<Meeting[]>;
  listByOwner(ownerId: number): Promise<Meeting[]>;
  /** Null when the meeting is gone. */
  update(id: number, settings: MeetingSettings): Promise<Meeting | null>;
  setInviteSalt(id: number, salt: string): Promise<Meeting | null>;
  /** Keeps BBB's answer, the server it came from (`lastServerId`) and the time. */
  recordStart(id: number, start: MeetingStart): Promise<void>;
  remove(id: number): Promise<boolean>;
  /** The courses the user is a member of, with their roles there. */
  coursesOfMember(userId: number): Promise<MeetingCourse[]>;
  /** Every course of the site (an administrator's choice). */
  coursesOfSite(siteId: number): Promise<MeetingCourse[]>;
}
