// Which parts of the video the viewer actually played (pure; progress-report.ts feeds it from
// the player's events). Consecutive playing instants extend the current segment; a seek, a jump
// or a gap longer than MAX_STEP_SECONDS starts a new one, so skipping ahead never counts.

export type PlayedSegment = [start: number, end: number];

/** Longest step between two playing instants still taken as continuous play (timeupdate fires every 15-250 ms; 2× speed doubles it). */
export const MAX_STEP_SECONDS = 4;

export interface SegmentTracker {
  /** The player is playing (not seeking) at `time` seconds. */
  played(time: number): void;
  /** Playback jumps (seeking): the next instant starts a new segment. */
  cut(): void;
  /** The segments played so far, sorted and merged, rounded to the millisecond. */
  segments(): PlayedSegment[];
  /** Something was played since the last `markReported()`. */
  readonly changed: boolean;
  markReported(): void;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Sorted, with overlapping or touching segments joined; empty ones dropped. */
export function mergePlayed(segments: readonly PlayedSegment[]): PlayedSegment[] {
  const sorted = segments.filter(([start, end]) => end > start).map(([start, end]): PlayedSegment => [start, end]).sort((a, b) => a[0] - b[0]);
  const merged: PlayedSegment[] = [];
  for (const segment of sorted) {
    const last = merged.at(-1);
    if (last && segment[0] <= last[1]) last[1] = Math.max(last[1], segment[1]);
    else merged.push(segment);
  }
  return merged.map(([start, end]) => [round3(start), round3(end)]);
}

export function createSegmentTracker(): SegmentTracker {
  let done: PlayedSegment[] = [];
  let current: PlayedSegment | null = null;
  let changed = false;

  const close = () => {
    if (current && current[1] > current[0]) done = mergePlayed([...done, current]);
    current = null;
  };

  return {
    played(time) {
      if (!Number.isFinite(time) || time < 0) return;
      if (current && time >= current[1] && time - current[1] <= MAX_STEP_SECONDS) {
        if (time > current[1]) changed = true;
        current[1] = time;
        return;
      }
      close();
      current = [time, time];
    },
    cut: close,
    segments: () => mergePlayed(current ? [...done, current] : done),
    get changed() {
      return changed;
    },
    markReported() {
      changed = false;
    },
  };
}
