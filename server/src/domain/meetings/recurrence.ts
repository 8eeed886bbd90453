/**
 * When a meeting takes place: its occurrences, after Esup-Pod's recurrence (pod/meeting/models.py,
 * itself adapted from openfun/jitsi-magnify). Pure functions over a schedule and the time zone
 * its wall-clock times are in.
 *
 * Every occurrence starts at the start's wall-clock time (10:00 stays 10:00 across daylight-
 * saving changes; a time the clocks skip moves forward by the gap, see wall-clock.ts). The days:
 * - daily: every `frequency` days;
 * - weekly: Pod's walk — the next chosen weekday later in the same week (Monday = 0), else the
 *   first chosen weekday of the week `frequency` weeks on;
 * - monthly by date (`date_day`): the previous occurrence + `frequency` months, on the same day
 *   or the month's last day when it is shorter (relativedelta, as Pod). Like Pod, each
 *   occurrence follows the previous one, so a series started on Jan 31 goes Feb 28, Mar 28,
 *   Apr 28…: once shortened, the day stays shortened;
 * - monthly by weekday (`nth_day`): the n-th same weekday of the month as the start (n = 1–5,
 *   from the start's day of the month); a 5th weekday the month lacks is its last one. (Pod's
 *   own helper counts calendar weeks and can land in the next month; this is the rule users
 *   read in the form: "every 3rd Friday".)
 * - yearly: the previous occurrence + `frequency` years (Feb 29 → Feb 28, as relativedelta).
 * The series stops after `occurrences` occurrences, or after the last one on or before
 * `recurringUntil` (a day in the meeting's zone), or never.
 */
import type { MeetingSchedule } from './meeting.js';
import {
  addDays,
  addMonths,
  compareDays,
  daysInMonth,
  instantOf,
  parseCalendarDay,
  wallTimeAt,
  weekdayOf,
  type CalendarDay,
} from './wall-clock.js';

export interface Occurrence {
  readonly start: Date;
  readonly end: Date;
}

/** Steps past this many occurrences are not looked at (a daily meeting for 50 years). */
const MAX_OCCURRENCES = 20_000;

/** The n-th (1–5) given weekday of a month; a missing 5th one is the month's last. */
export function nthWeekdayOfMonth(year: number, month: number, nth: number, weekday: number): CalendarDay {
  const first: CalendarDay = { year, month, day: 1 };
  const firstMatch = 1 + ((weekday - weekdayOf(first) + 7) % 7);
  let day = firstMatch + (nth - 1) * 7;
  while (day > daysInMonth(year, month)) day -= 7;
  return { year, month, day };
}

/** The occurrence day after `current` (a day of the series); `first` is the series' first day. */
export function nextDay(schedule: MeetingSchedule, current: CalendarDay, first: CalendarDay): CalendarDay {
  const every = schedule.frequency;
  switch (schedule.recurrence) {
    case 'daily':
      return addDays(current, every);
    case 'weekly':
      return nextWeeklyDay(current, schedule.weekdays.length ? schedule.weekdays : [weekdayOf(first)], every);
    case 'monthly': {
      if (schedule.monthlyType === 'date_day') return addMonths(current, every);
      const target = addMonths({ ...current, day: 1 }, every);
      return nthWeekdayOfMonth(target.year, target.month, Math.ceil(first.day / 7), weekdayOf(first));
    }
    case 'yearly':
      return addMonths(current, 12 * every);
    case null:
      throw new Error('a meeting without recurrence has no next occurrence');
  }
}

function nextWeeklyDay(current: CalendarDay, weekdays: readonly number[], every: number): CalendarDay {
  const weekday = weekdayOf(current);
  for (let later = weekday + 1; later <= 6; later += 1) if (weekdays.includes(later)) return addDays(current, later - weekday);
  const monday = addDays(current, 7 - weekday + 7 * (every - 1));
  return addDays(monday, Math.min(...weekdays));
}

/** The days of the series in order, from its first (the start's day in the zone). */
export function* occurrenceDays(schedule: MeetingSchedule, zone: string): Generator<CalendarDay> {
  const start = wallTimeAt(schedule.startAt, zone);
  const first: CalendarDay = { year: start.year, month: start.month, day: start.day };
  yield first;
  if (!schedule.recurrence) return;
  const until = schedule.recurringUntil ? parseCalendarDay(schedule.recurringUntil) : null;
  let current = first;
  for (let count = 1; count < MAX_OCCURRENCES; count += 1) {
    if (schedule.occurrences !== null && count >= schedule.occurrences) return;
    current = nextDay(schedule, current, first);
    if (until && compareDays(current, until) > 0) return;
    yield current;
  }
}

function occurrenceOn(schedule: MeetingSchedule, zone: string, day: CalendarDay): Occurrence {
  const { hour, minute, ...first } = wallTimeAt(schedule.startAt, zone);
  const start = compareDays(day, first) === 0 ? schedule.startAt : instantOf({ ...day, hour, minute }, zone);
  return { start, end: new Date(start.getTime() + schedule.durationMinutes * 60_000) };
}

/** The next `count` occurrences that have not ended at `at` (the first may be under way). */
export function upcomingOccurrences(schedule: MeetingSchedule, zone: string, at: Date, count: number): Occurrence[] {
  const found: Occurrence[] = [];
  if (count <= 0) return found;
  // Days well before `at` cannot end after it: skip them without computing their instants.
  const earliest = wallTimeAt(new Date(at.getTime() - schedule.durationMinutes * 60_000 - 86_400_000), zone);
  for (const day of occurrenceDays(schedule, zone)) {
    if (compareDays(day, earliest) < 0) continue;
    const occurrence = occurrenceOn(schedule, zone, day);
    if (occurrence.end.getTime() <= at.getTime()) continue;
    found.push(occurrence);
    if (found.length >= count) break;
  }
  return found;
}

/** The occurrence under way or next at `at`; null when the series is over. */
export function nextOccurrence(schedule: MeetingSchedule, zone: string, at: Date): Occurrence | null {
  return upcomingOccurrences(schedule, zone, at, 1)[0] ?? null;
}

/** The last occurrence of the series, or null when it never ends. */
export function lastOccurrence(schedule: MeetingSchedule, zone: string): Occurrence | null {
  if (schedule.recurrence && schedule.occurrences === null && schedule.recurringUntil === null) return null;
  let last: CalendarDay | null = null;
  for (const day of occurrenceDays(schedule, zone)) last = day;
  return last ? occurrenceOn(schedule, zone, last) : null;
}
