// The entries of the quality menu (pure).

export interface QualityLevel {
  /** Lines of picture; 0 for an audio-only level. */
  readonly height: number;
  /** Bits per second. */
  readonly bitrate: number;
}

export interface QualityOption {
  /** The level's index in the engine's own list. */
  readonly index: number;
  readonly label: string;
  readonly height: number;
}

function kilobits(bitrate: number): string {
  return `${Math.round(bitrate / 1000)} kb/s`;
}

/** "720p"; "720p (2500 kb/s)" when several levels share a height; "128 kb/s" for audio. */
export function qualityLabel(level: QualityLevel, heightIsShared: boolean): string {
  if (level.height <= 0) return kilobits(level.bitrate);
  return heightIsShared ? `${level.height}p (${kilobits(level.bitrate)})` : `${level.height}p`;
}

/** The levels as menu entries, best first (taller, then higher bitrate). */
export function qualityOptions(levels: readonly QualityLevel[]): QualityOption[] {
  const countByHeight = new Map<number, number>();
  for (const level of levels) countByHeight.set(level.height, (countByHeight.get(level.height) ?? 0) + 1);
  return levels
    .map((level, index) => ({ level, index }))
    .sort((a, b) => b.level.height - a.level.height || b.level.bitrate - a.level.bitrate)
    .map(({ level, index }) => ({ index, label: qualityLabel(level, (countByHeight.get(level.height) ?? 0) > 1), height: level.height }));
}
