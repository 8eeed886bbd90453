// The storyboard's WebVTT: each cue names a tile of a sprite image,
// `sprite.jpg#xywh=x,y,w,h`, relative to the VTT's own URL (pure).

export interface StoryboardTile {
  readonly start: number;
  readonly end: number;
  /** The sprite image, resolved against the VTT URL (root-relative when same-origin). */
  readonly image: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}(?:\.\d{1,3})?)\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}(?:\.\d{1,3})?)/;
const PLACEHOLDER_ORIGIN = 'http://lectern.invalid';

/** Seconds from a WebVTT timestamp ("01:02.500" or "1:01:02.500"). */
export function vttTimestamp(text: string): number {
  const parts = text.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * `reference` resolved against `base` (itself root-relative or absolute). The result stays
 * root-relative when both are on the page's origin, so it can be used as given.
 */
export function resolveUrl(reference: string, base: string): string {
  const resolved = new URL(reference, new URL(base, `${PLACEHOLDER_ORIGIN}/`));
  return resolved.origin === PLACEHOLDER_ORIGIN ? `${resolved.pathname}${resolved.search}${resolved.hash}` : resolved.href;
}

/** One cue's payload (`image#xywh=x,y,w,h`) as a tile, or null when it is not one. */
function tile(payload: string, start: number, end: number, vttUrl: string): StoryboardTile | null {
  const match = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(payload.trim());
  if (!match) return null;
  const [, image = '', x, y, width, height] = match;
  if (image === '') return null;
  return { start, end, image: resolveUrl(image, vttUrl), x: Number(x), y: Number(y), width: Number(width), height: Number(height) };
}

/** The tiles of a storyboard VTT, in file order; cues that are not tiles are skipped. */
export function parseStoryboardVtt(text: string, vttUrl: string): StoryboardTile[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tiles: StoryboardTile[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const timing = TIMING.exec(lines[i] ?? '');
    if (!timing) continue;
    const found = tile(lines[i + 1] ?? '', vttTimestamp(timing[1] ?? ''), vttTimestamp(timing[2] ?? ''), vttUrl);
    if (found) tiles.push(found);
  }
  return tiles;
}

/** The tile shown at `time` (binary search over tiles sorted by start), or null in a gap. */
export function tileAt(tiles: readonly StoryboardTile[], time: number): StoryboardTile | null {
  let low = 0;
  let high = tiles.length - 1;
  let best: StoryboardTile | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = tiles[middle];
    if (!candidate) break;
    if (candidate.start <= time) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  // Past the last tile's end (the media runs a little longer than the storyboard): keep it.
  return best && (time < best.end || best === tiles[tiles.length - 1]) ? best : null;
}
