import { MAX_SECONDS } from './enrichment.js';

/** Milliseconds precision, as stored (numeric(10,3)); avoids 0.1 + 0.2 style noise. */
export function roundToMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

const CLOCK = /^(?:(\d{1,3}):)?(\d{1,4}):(\d{1,2})(?:[.,](\d{1,3}))?$/;
const SECONDS = /^(\d{1,7})(?:[.,](\d{1,3}))?$/;

/**
 * A time typed by a person: seconds (`90`, `90.5`, `90,5`), `mm:ss` (`1:30`, `75:00`) or
 * `hh:mm:ss` (`01:02:03`), each with optional milliseconds (`.250`, or `,250` as French
 * keyboards type it). Null when it is none of these, or when minutes or seconds reach 60 where
 * a larger unit was given.
 */
export function parseTime(text: string): number | null {
  const input = text.trim();
  const plain = SECONDS.exec(input);
  if (plain) return checked(Number(plain[1]) + fraction(plain[2]));
  const clock = CLOCK.exec(input);
  if (!clock) return null;
  const [, hours, minutes, seconds, millis] = clock;
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) return null;
  return checked(Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + fraction(millis));
}

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.padEnd(3, '0')) / 1000 : 0;
}

function checked(seconds: number): number | null {
  return Number.isFinite(seconds) && seconds <= MAX_SECONDS ? roundToMs(seconds) : null;
}

/** `1:05`, `1:02:03`, `0:07.250`: what parseTime reads back; minutes and seconds two digits after a colon. */
export function formatTime(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const whole = Math.floor(totalMs / 1000);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  return ms ? `${clock}.${String(ms).padStart(3, '0')}` : clock;
}

export interface TimeSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The first of `items` whose span meets `candidate`'s, ignoring the item being edited
 * (`exceptId`). Spans are half-open, [start, end), as PostgreSQL's numrange: one may begin
 * where the previous one ends.
 */
export function findOverlap<T extends TimeSpan & { readonly id: number }>(items: readonly T[], candidate: TimeSpan, exceptId: number | null = null): T | null {
  return items.find((item) => item.id !== exceptId && item.start < candidate.end && candidate.start < item.end) ?? null;
}

export type SpanProblem = { readonly field: 'start' | 'end'; readonly code: 'invalid_time_range' | 'time_beyond_duration' };

/** 0 ≤ start < end ≤ duration (when the duration is known). */
export function checkSpan(span: TimeSpan, durationSeconds: number | null): SpanProblem | null {
  if (!(span.start < span.end)) return { field: 'end', code: 'invalid_time_range' };
  if (durationSeconds !== null && span.end > roundToMs(durationSeconds)) return { field: 'end', code: 'time_beyond_duration' };
  return null;
}
