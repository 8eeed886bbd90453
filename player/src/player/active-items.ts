// Which timed item (enrichment, overlay, chapter) is on at a given time (pure).

export interface Timed {
  /** Seconds, inclusive. */
  readonly start: number;
  /** Seconds, exclusive. */
  readonly end: number;
}

/** Playback moving forward by more than this between two time updates is a jump, not play. */
const MAX_PLAYBACK_STEP_SECONDS = 1.5;

/** The item on at `time` (start ≤ time < end); the latest-starting one if several are. */
export function activeAt<T extends Timed>(items: readonly T[], time: number): T | null {
  let found: T | null = null;
  for (const item of items) {
    if (item.start <= time && time < item.end && (found === null || item.start >= found.start)) found = item;
  }
  return found;
}

/** Every item on at `time`, in the order given (overlays may be several at once). */
export function allActiveAt<T extends Timed>(items: readonly T[], time: number): T[] {
  return items.filter((item) => item.start <= time && time < item.end);
}

/**
 * Whether `item` started because playback ran over its start between two time updates
 * (`previous` then `current`), rather than because the viewer jumped into it.
 */
export function reachedByPlayback(item: Timed, previous: number, current: number): boolean {
  const step = current - previous;
  return step > 0 && step <= MAX_PLAYBACK_STEP_SECONDS && previous < item.start && item.start <= current;
}

/** Chapters as ranges: each ends where the next starts, the last one never. */
export function chapterRanges<T extends { readonly start: number }>(chapters: readonly T[]): (T & Timed)[] {
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  return sorted.map((chapter, index) => ({ ...chapter, end: sorted[index + 1]?.start ?? Number.POSITIVE_INFINITY }));
}
