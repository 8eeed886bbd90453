import type { AppError } from '../../domain/errors.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import type { MeetingDraft } from '../../domain/meetings/meeting-rules.js';
import { formatCalendarDay, formatTimeOfDay, wallTimeAt } from '../../domain/meetings/wall-clock.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import { parseRecordId } from '../record-id.js';
import type { FormProblem } from '../views/form-fields.view.js';

/** The meeting form's fields, named like the domain's problem paths. Lists are comma-joined. */
export const MEETING_FIELDS = [
  'name',
  'start_date',
  'start_time',
  'duration_minutes',
  'recurrence',
  'frequency',
  'weekdays',
  'monthly_type',
  'recurring_until',
  'occurrences',
  'audience',
  'groups',
  'course_id',
  'max_participants',
  'welcome_text',
  'record',
  'auto_start_recording',
  'allow_start_stop_recording',
  'auto_import',
  'server_id',
] as const;

export type MeetingFormValues = Record<(typeof MEETING_FIELDS)[number], string>;

const LIST_FIELDS = new Set(['weekdays', 'groups']);

/** The posted strings: lists joined with commas, unchecked boxes as '', anything else read as ''. */
export function meetingFormValues(body: unknown): MeetingFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const read = (name: string): string => {
    const value = form[name];
    if (LIST_FIELDS.has(name)) return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string').join(',');
    return typeof value === 'string' ? value : '';
  };
  return Object.fromEntries(MEETING_FIELDS.map((name) => [name, read(name)])) as MeetingFormValues;
}

/** A whole number written in the form, NaN otherwise ('' too: the domain says what it wants). */
const integer = (text: string): number => (/^\s*\d{1,9}\s*$/.test(text) ? Number(text) : Number.NaN);
/** Ids: a wrong one becomes 0, which no choice has. */
const ids = (text: string): number[] => (text ? text.split(',').map((id) => parseRecordId(id) ?? 0) : []);
const optionalId = (text: string): number | null => (text === '' ? null : (parseRecordId(text) ?? 0));

/** The form's strings → the domain's draft (the rules themselves are the domain's). */
export function meetingDraftOf(values: MeetingFormValues): MeetingDraft {
  return {
    name: values.name,
    startDate: values.start_date,
    startTime: values.start_time,
    durationMinutes: integer(values.duration_minutes),
    recurrence: values.recurrence,
    frequency: values.frequency.trim() === '' ? 1 : integer(values.frequency),
    recurringUntil: values.recurring_until.trim(),
    occurrences: values.occurrences.trim() === '' ? null : integer(values.occurrences),
    weekdays: values.weekdays ? values.weekdays.split(',').map(integer) : [],
    monthlyType: values.monthly_type || 'date_day',
    audience: values.audience,
    groupIds: ids(values.groups),
    courseId: optionalId(values.course_id),
    maxParticipants: integer(values.max_participants),
    welcomeText: values.welcome_text,
    record: values.record === 'true',
    autoStartRecording: values.auto_start_recording === 'true',
    allowStartStopRecording: values.allow_start_stop_recording === 'true',
    autoImport: values.auto_import === 'yes' ? true : values.auto_import === 'no' ? false : null,
    serverId: optionalId(values.server_id),
  };
}

const flag = (on: boolean) => (on ? 'true' : '');

/** A meeting's values as the form shows them, its times on the wall clock of `zone`. */
export function meetingValues(meeting: Meeting, zone: string): MeetingFormValues {
  const start = wallTimeAt(meeting.startAt, zone);
  return {
    name: meeting.name,
    start_date: formatCalendarDay(start),
    start_time: formatTimeOfDay(start),
    duration_minutes: String(meeting.durationMinutes),
    recurrence: meeting.recurrence ?? '',
    frequency: String(meeting.frequency),
    weekdays: meeting.weekdays.join(','),
    monthly_type: meeting.monthlyType,
    recurring_until: meeting.recurringUntil ?? '',
    occurrences: meeting.occurrences === null ? '' : String(meeting.occurrences),
    audience: meeting.audience,
    groups: meeting.groupIds.join(','),
    course_id: meeting.courseId === null ? '' : String(meeting.courseId),
    max_participants: String(meeting.maxParticipants),
    welcome_text: meeting.welcomeText,
    record: flag(meeting.record),
    auto_start_recording: flag(meeting.autoStartRecording),
    allow_start_stop_recording: flag(meeting.allowStartStopRecording),
    auto_import: meeting.autoImport === null ? '' : meeting.autoImport ? 'yes' : 'no',
    server_id: meeting.serverId === null ? '' : String(meeting.serverId),
  };
}

/** A new meeting's form: tomorrow at the next full hour, two hours, Pod's defaults. */
export function newMeetingValues(now: Date, zone: string): MeetingFormValues {
  const start = wallTimeAt(new Date(now.getTime() + 86_400_000 + 3_600_000), zone);
  const values = meetingFormValues({});
  return {
    ...values,
    start_date: formatCalendarDay(start),
    start_time: formatTimeOfDay({ hour: start.hour, minute: 0 }),
    duration_minutes: '120',
    frequency: '1',
    monthly_type: 'date_day',
    audience: 'logged_in',
    max_participants: '150',
    allow_start_stop_recording: 'true',
  };
}

/** The domain's refusal next to the fields, in the page's language. */
export function meetingProblems(error: AppError, t: Translate): FormProblem[] {
  const fields = error.details.fields ?? [];
  const message = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  if (!fields.length) return [{ path: '', message: message(`error.${error.code}`, error.message) }];
  return fields.map((field) => ({ path: field.path, message: message(`meetings.invalid.${field.path}`, field.message) }));
}
