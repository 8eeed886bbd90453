/**
 * Played segments (pure): the [start, end] stretches of a video, in seconds, that a viewer
 * actually played. The share watched is the length they cover over the video's duration, so
 * seeking to the end counts for nothing and watching a part twice counts once.
 */
export type Segment = readonly [start: number, end: number];

/** What a report may carry: more is refused at the edge, not trimmed. */
export const MAX_REPORTED_SEGMENTS = 1000;
/** Seconds; beyond any lecture (about 11.5 days): larger values are refused as nonsense. */
export const MAX_SEGMENT_SECONDS = 1_000_000;
/** Gaps shorter than this (seconds) between two segments are closed when merging: timeupdate's granularity. */
const JOIN_GAP = 0.5;

/** True when a reported segment is acceptable input: finite, 0 ≤ start ≤ end ≤ MAX_SEGMENT_SECONDS. */
export function isValidSegment(segment: readonly number[]): boolean {
  if (segment.length !== 2) return false;
  const [start, end] = segment as [number, number];
  return Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end >= start && end <= MAX_SEGMENT_SECONDS;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Sorted, disjoint segments covering the same time as `segments` within [0, duration]
 * (overlapping, adjacent or nearly adjacent ones joined; empty ones dropped; times rounded to
 * the millisecond). Invalid segments are ignored: validate at the edge to refuse them.
 */
export function mergeSegments(segments: Iterable<readonly number[]>, durationSeconds: number): Segment[] {
  const limit = Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : 0;
  const clamped: [number, number][] = [];
  for (const segment of segments) {
    if (!isValidSegment(segment)) continue;
    const start = Math.min(segment[0]!, limit);
    const end = Math.min(segment[1]!, limit);
    if (end > start) clamped.push([start, end]);
  }
  clamped.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of clamped) {
    const last = merged.at(-1);
    if (last && start <= last[1] + JOIN_GAP) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => [round3(start), round3(end)] as const);
}

/** Seconds covered by merged segments. */
export function coveredSeconds(merged: readonly Segment[]): number {
  return merged.reduce((sum, [start, end]) => sum + (end - start), 0);
}

/** The share of the video the segments cover, in [0, 1] (0 for an unknown duration). */
export function watchedFraction(merged: readonly Segment[], durationSeconds: number): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return 0;
  const fraction = coveredSeconds(merged) / durationSeconds;
  return Math.min(1, Math.max(0, Math.round(fraction * 10_000) / 10_000));
}
