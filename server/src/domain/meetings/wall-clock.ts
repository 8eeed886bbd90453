/**
 * Dates and times on the wall clock of an IANA time zone (Europe/Paris…), with nothing but Intl:
 * meetings are scheduled in local time ("every Monday at 10:00") and must stay at 10:00 across
 * daylight-saving changes. Pure functions; calendar arithmetic is done on the proleptic
 * Gregorian calendar through Date.UTC.
 */

/** A calendar day; month 1–12. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A calendar day and a time of day on a wall clock (no zone). */
export interface WallTime extends CalendarDay {
  readonly hour: number;
  readonly minute: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

function partsAt(ms: number, zone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in ms (Europe/Paris in winter: +3 600 000). */
function offsetAt(ms: number, zone: string): number {
  const wall = partsAt(ms, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** What the zone's clocks show at an instant (to the minute). */
export function wallTimeAt(instant: Date, zone: string): WallTime {
  const { year, month, day, hour, minute } = partsAt(instant.getTime(), zone);
  return { year, month, day, hour, minute };
}

/**
 * The instant a wall time denotes in a zone. Like Temporal's `compatible` choice: a time that
 * happens twice (clocks going back) is the first one; a time skipped by clocks going forward
 * (02:30 on the last Sunday of March in Paris) is moved forward by the gap (03:30).
 */
export function instantOf(wall: WallTime, zone: string): Date {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = offsetAt(local - DAY_MS, zone);
  const after = offsetAt(local + DAY_MS, zone);
  const valid = [before, after].map((offset) => local - offset).filter((ms) => offsetAt(ms, zone) === local - ms);
  if (valid.length) return new Date(Math.min(...valid));
  return new Date(local - before);
}

// ---- Calendar days ----

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromUtc(ms: number): CalendarDay {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const utcOf = (day: CalendarDay) => Date.UTC(day.year, day.month - 1, day.day);

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return fromUtc(utcOf(day) + days * DAY_MS);
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round((utcOf(b) - utcOf(a)) / DAY_MS);
}

export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return utcOf(a) - utcOf(b);
}

/** Day of the week with Monday = 0 … Sunday = 6 (Python's and Esup-Pod's convention). */
export function weekdayOf(day: CalendarDay): number {
  return (new Date(utcOf(day)).getUTCDay() + 6) % 7;
}

/**
 * `months` later, on the same day of the month, or the month's last day when it has fewer
 * days (dateutil's relativedelta, which Esup-Pod uses: Jan 31 + 1 month = Feb 28 or 29).
 */
export function addMonths(day: CalendarDay, months: number): CalendarDay {
  const index = day.year * 12 + (day.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(day.day, daysInMonth(year, month)) };
}

/** `YYYY-MM-DD` → a calendar day, or null when it is not a real date. */
export function parseCalendarDay(text: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (day.year < 1900 || day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(day.year, day.month)) return null;
  return day;
}

/** `HH:MM` (or `HH:MM:SS`, seconds dropped) → hours and minutes, or null. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

export function formatCalendarDay(day: CalendarDay): string {
  return `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}`;
}

export function formatTimeOfDay(time: { hour: number; minute: number }): string {
  return `${pad(time.hour)}:${pad(time.minute)}`;
}
