/**
 * The rules of a meeting's settings, after Esup-Pod's model and form (pod-compat.md §4.1), and
 * the BBB meetingID. Pure: the service passes what the owner may choose from.
 */
import { randomBytes } from 'node:crypto';
import type { FieldProblem } from '../errors.js';
import { slugify } from '../videos/slug.js';
import { MEETING_AUDIENCES, MEETING_RECURRENCES, type MeetingAudience, type MeetingRecurrence, type MeetingSettings, type MonthlyType } from './meeting.js';
import { compareDays, instantOf, parseCalendarDay, parseTimeOfDay, wallTimeAt, weekdayOf } from './wall-clock.js';

/** The form's values, read but not judged (numbers are NaN when not numbers; '' for no choice). */
export interface MeetingDraft
  extends Pick<
    MeetingSettings,
    'name' | 'durationMinutes' | 'frequency' | 'occurrences' | 'weekdays' | 'groupIds' | 'courseId' | 'maxParticipants' | 'welcomeText' | 'record' | 'autoStartRecording' | 'allowStartStopRecording' | 'autoImport' | 'serverId'
  > {
  /** `YYYY-MM-DD` and `HH:MM`, on the wall clock of the meetings' time zone. */
  readonly startDate: string;
  readonly startTime: string;
  readonly recurrence: string;
  readonly recurringUntil: string;
  readonly monthlyType: string;
  readonly audience: string;
}

/** What the owner may choose: the site's groups, their courses, the site's active servers. */
export interface MeetingChoices {
  readonly groupIds: ReadonlySet<number>;
  readonly courseIds: ReadonlySet<number>;
  readonly serverIds: ReadonlySet<number>;
}

export const MEETING_LIMITS = {
  name: { min: 2, max: 250 },
  durationMinutes: { min: 5, max: 1440 },
  frequency: { min: 1, max: 100 },
  occurrences: { min: 2, max: 500 },
  maxParticipants: { min: 2, max: 5000 },
  welcomeText: { max: 2000 },
} as const;

const inRange = (value: number | null, range: { min: number; max: number }) => value !== null && Number.isInteger(value) && value >= range.min && value <= range.max;

function startOf(draft: MeetingDraft, zone: string, problems: FieldProblem[]): Date | null {
  const day = parseCalendarDay(draft.startDate.trim());
  const time = parseTimeOfDay(draft.startTime.trim());
  if (!day) problems.push({ path: 'start_date', message: 'a date (YYYY-MM-DD)' });
  if (!time) problems.push({ path: 'start_time', message: 'a time (HH:MM)' });
  return day && time ? instantOf({ ...day, ...time }, zone) : null;
}

function recurrenceProblems(draft: MeetingDraft, startAt: Date | null, zone: string, problems: FieldProblem[]): void {
  if (!inRange(draft.frequency, MEETING_LIMITS.frequency)) problems.push({ path: 'frequency', message: 'a whole number from 1 to 100' });
  if (draft.monthlyType !== 'date_day' && draft.monthlyType !== 'nth_day') problems.push({ path: 'monthly_type', message: 'date_day or nth_day' });
  if (draft.recurringUntil && draft.occurrences !== null) problems.push({ path: 'recurrence_end', message: 'an end date or a number of occurrences, not both' });
  if (draft.occurrences !== null && !inRange(draft.occurrences, MEETING_LIMITS.occurrences)) problems.push({ path: 'occurrences', message: 'a whole number from 2 to 500' });
  const startDay = startAt ? wallTimeAt(startAt, zone) : null;
  if (draft.recurringUntil) {
    const until = parseCalendarDay(draft.recurringUntil.trim());
    if (!until || (startDay && compareDays(until, startDay) < 0)) problems.push({ path: 'recurring_until', message: 'a date on or after the start date' });
  }
  // Pod: "The day of the start date of the meeting must be included in the recurrence weekdays."
  const weekdaysOk = draft.weekdays.every((day) => Number.isInteger(day) && day >= 0 && day <= 6);
  if (draft.recurrence === 'weekly' && (!weekdaysOk || (startDay && !draft.weekdays.includes(weekdayOf(startDay))))) {
    problems.push({ path: 'weekdays', message: 'the days of the week, including the start date’s day' });
  }
}

function audienceProblems(draft: MeetingDraft, choices: MeetingChoices, problems: FieldProblem[]): void {
  if (!(MEETING_AUDIENCES as readonly string[]).includes(draft.audience)) problems.push({ path: 'audience', message: `one of ${MEETING_AUDIENCES.join(', ')}` });
  if (draft.audience === 'groups' && (draft.groupIds.length === 0 || draft.groupIds.some((id) => !choices.groupIds.has(id)))) {
    problems.push({ path: 'groups', message: 'one or more access groups of this site' });
  }
  if (draft.audience === 'course' && (draft.courseId === null || !choices.courseIds.has(draft.courseId))) problems.push({ path: 'course_id', message: 'one of your courses' });
}

/**
 * Checks a draft (trimmed) and lists every problem, with the form's field names as paths.
 * A personal room has no schedule: its start and duration stay `keep`'s and it never recurs.
 */
export function checkMeetingDraft(
  draft: MeetingDraft,
  choices: MeetingChoices,
  zone: string,
  personal: { readonly startAt: Date; readonly durationMinutes: number } | null = null,
): { settings: MeetingSettings | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = draft.name.trim();
  if (name.length < MEETING_LIMITS.name.min || name.length > MEETING_LIMITS.name.max) problems.push({ path: 'name', message: '2 to 250 characters' });
  const startAt = personal ? personal.startAt : startOf(draft, zone, problems);
  const durationMinutes = personal ? personal.durationMinutes : draft.durationMinutes;
  if (!inRange(durationMinutes, MEETING_LIMITS.durationMinutes)) problems.push({ path: 'duration_minutes', message: 'a whole number of minutes from 5 to 1440' });
  const recurrence = personal || draft.recurrence === '' ? null : draft.recurrence;
  if (recurrence !== null && !(MEETING_RECURRENCES as readonly string[]).includes(recurrence)) problems.push({ path: 'recurrence', message: `none or one of ${MEETING_RECURRENCES.join(', ')}` });
  if (recurrence !== null) recurrenceProblems(draft, startAt, zone, problems);
  audienceProblems(draft, choices, problems);
  if (!inRange(draft.maxParticipants, MEETING_LIMITS.maxParticipants)) problems.push({ path: 'max_participants', message: 'a whole number from 2 to 5000' });
  const welcomeText = draft.welcomeText.trim();
  if (welcomeText.length > MEETING_LIMITS.welcomeText.max) problems.push({ path: 'welcome_text', message: 'at most 2000 characters' });
  if (draft.serverId !== null && !choices.serverIds.has(draft.serverId)) problems.push({ path: 'server_id', message: 'an active BigBlueButton server of this site' });
  if (problems.length || !startAt) return { settings: null, problems };

  const audience = draft.audience as MeetingAudience;
  const recurring = recurrence as MeetingRecurrence | null;
  return {
    problems,
    settings: {
      name,
      startAt,
      durationMinutes,
      recurrence: recurring,
      frequency: recurring ? draft.frequency : 1,
      recurringUntil: recurring && draft.recurringUntil ? draft.recurringUntil.trim() : null,
      occurrences: recurring ? draft.occurrences : null,
      weekdays: recurring === 'weekly' ? [...new Set(draft.weekdays)].sort((a, b) => a - b) : [],
      monthlyType: recurring === 'monthly' ? (draft.monthlyType as MonthlyType) : 'date_day',
      serverId: draft.serverId,
      audience,
      groupIds: audience === 'groups' ? [...new Set(draft.groupIds)] : [],
      courseId: audience === 'course' ? draft.courseId : null,
      maxParticipants: draft.maxParticipants,
      welcomeText,
      record: draft.record,
      autoStartRecording: draft.autoStartRecording,
      allowStartStopRecording: draft.allowStartStopRecording,
      autoImport: draft.autoImport,
    },
  };
}

const SLUG_MAX = 40;

/**
 * The BBB `meetingID`: ASCII `<slug of the name, at most 40>-<12 random hex characters>`, made
 * once and never changed (a rename keeps it, so recordings and links stay attached). The
 * random part keeps ids apart on servers shared by many institutions (BBB ESR).
 */
export function newBbbMeetingId(name: string, random: () => string = () => randomBytes(6).toString('hex')): string {
  const slug = slugify(name).replace(/_/g, '-').slice(0, SLUG_MAX).replace(/-+$/, '') || 'meeting';
  return `${slug}-${random()}`;
}

/** A fresh invitation salt: a new one revokes the links made with the old. */
export function newInviteSalt(): string {
  return randomBytes(16).toString('base64url');
}
