// Which renditions a source gets, at which pixel size and frame rate. Pure: the probe gives
// the source's facts, the config gives the ladder, and the command planners take the result.

/** One rung of the ladder as configured: `height` is the nominal size of the short side. */
export interface RenditionProfile {
  readonly name: string;
  readonly height: number;
  readonly maxrateKbps: number;
  readonly audioKbps: number;
  /** Whether a progressive MP4 is also published for this rung (downloads, Moodle). */
  readonly mp4: boolean;
}

/** Esup-Pod's defaults (pod-compat §3.1): 360p 1000k/96k mp4, 720p 3000k/128k mp4, 1080p 4500k/192k HLS only. */
export const DEFAULT_LADDER: readonly RenditionProfile[] = Object.freeze([
  { name: '360p', height: 360, maxrateKbps: 1000, audioKbps: 96, mp4: true },
  { name: '720p', height: 720, maxrateKbps: 3000, audioKbps: 128, mp4: true },
  { name: '1080p', height: 1080, maxrateKbps: 4500, audioKbps: 192, mp4: false },
]);

/** What the probe tells about the source's video stream, as stored (before rotation). */
export interface SourceVideo {
  readonly width: number;
  readonly height: number;
  /** Display rotation in degrees; any multiple of 90 (ffprobe may say -90), normalized here. */
  readonly rotation: number;
  readonly sampleAspectRatio: number | null;
  readonly frameRate: number | null;
  readonly variableFrameRate: boolean;
}

/** A rung to encode: `width`/`height` are the OUTPUT pixel size (square pixels, upright). */
export interface PlannedRendition extends RenditionProfile {
  readonly width: number;
  readonly height: number;
}

/** A rung is produced when the source's short side reaches this share of the rung's height. */
export const RUNG_TOLERANCE = 0.9;

/** The highest frame rate we publish; faster sources are halved until they fit. */
export const MAX_FRAME_RATE = 60;

/** The frame rate assumed when the probe could not tell one. */
export const DEFAULT_FRAME_RATE = 25;

/** Nearest even integer, at least 2: x264 with yuv420p needs even dimensions. */
export function roundEven(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

/** The size a viewer sees: SAR applied to the width, then sides swapped for 90°/270°. */
export function displaySize(source: SourceVideo): { width: number; height: number } {
  if (!(source.width > 0) || !(source.height > 0)) {
    throw new Error(`invalid source video size ${source.width}x${source.height}`);
  }
  const sar = source.sampleAspectRatio !== null && source.sampleAspectRatio > 0 && Number.isFinite(source.sampleAspectRatio) ? source.sampleAspectRatio : 1;
  const width = source.width * sar;
  const quarterTurns = Math.round((((source.rotation % 360) + 360) % 360) / 90) % 4;
  return quarterTurns % 2 === 1 ? { width: source.height, height: width } : { width, height: source.height };
}

/**
 * The renditions to encode for a source. A rung's height applies to the short side of the
 * display size, so portrait videos keep their shape (1080x1920 gets a 360x640 "360p").
 * Rungs the source cannot fill (short side < 90 % of the rung) are skipped and nothing is
 * upscaled, except the lowest rung, which every video gets so that something plays
 * everywhere: when the source is below its threshold it is upscaled to the rung's height.
 * Sizes are even; a rung whose size equals the previous one's is dropped.
 */
export function planLadder(source: SourceVideo, ladder: readonly RenditionProfile[]): PlannedRendition[] {
  if (ladder.length === 0) throw new Error('the rendition ladder is empty');
  const display = displaySize(source);
  const sourceShort = Math.min(display.width, display.height);
  const aspect = Math.max(display.width, display.height) / sourceShort;
  const portrait = display.height > display.width;
  const sorted = [...ladder].sort((a, b) => a.height - b.height);
  const planned: PlannedRendition[] = [];
  sorted.forEach((rung, index) => {
    const qualifies = sourceShort >= RUNG_TOLERANCE * rung.height;
    if (!qualifies && index > 0) return;
    const targetShort = qualifies ? Math.min(rung.height, sourceShort) : rung.height;
    const short = roundEven(targetShort);
    const long = roundEven(targetShort * aspect);
    const size = portrait ? { width: short, height: long } : { width: long, height: short };
    const previous = planned[planned.length - 1];
    if (previous !== undefined && previous.width === size.width && previous.height === size.height) return;
    planned.push({ ...rung, ...size });
  });
  return planned.sort((a, b) => a.height - b.height);
}

/**
 * The constant frame rate to encode at. Constant sources keep theirs (29.97 stays 29.97, so
 * motion stays smooth) unless above 60, which is halved (120 → 60, 59.94 × 2 → 59.94);
 * variable-rate sources (phones) get their average rounded to an integer in [1, 60];
 * unknown → 25. Constant rates below 1 fps are raised to 1 so a GOP holds whole frames.
 */
export function outputFrameRate(source: SourceVideo): number {
  const rate = source.frameRate;
  if (rate === null || !Number.isFinite(rate) || rate <= 0) return DEFAULT_FRAME_RATE;
  if (source.variableFrameRate) return Math.min(MAX_FRAME_RATE, Math.max(1, Math.round(rate)));
  let constant = rate;
  while (constant > MAX_FRAME_RATE) constant /= 2;
  return Math.max(1, Math.round(constant * 1000) / 1000);
}

const RUNG_PATTERN = /^(\d+)p$/;

/** A positive integer field of a ladder entry, or a clear error naming the entry. */
function positiveInteger(text: string | undefined, what: string, entry: string): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) <= 0) {
    throw new Error(`invalid rendition ladder entry "${entry}": ${what} must be a positive integer, got "${text ?? ''}"`);
  }
  return Number(text);
}

/** One `name:maxrateKbps:audioKbps[:mp4]` entry, e.g. `720p:3000:128:mp4`. */
function parseRung(entry: string): RenditionProfile {
  const fields = entry.split(':').map((field) => field.trim());
  if (fields.length < 3 || fields.length > 4) {
    throw new Error(`invalid rendition ladder entry "${entry}": expected name:maxrateKbps:audioKbps[:mp4], e.g. 720p:3000:128:mp4`);
  }
  const [name = '', maxrate, audio, flag] = fields;
  const match = RUNG_PATTERN.exec(name);
  if (match === null) throw new Error(`invalid rendition ladder entry "${entry}": the name must be a height followed by "p", e.g. 720p`);
  const height = positiveInteger(match[1], 'the height', entry);
  if (height < 2 || height > 4320) throw new Error(`invalid rendition ladder entry "${entry}": the height must be between 2 and 4320`);
  if (flag !== undefined && flag !== 'mp4') throw new Error(`invalid rendition ladder entry "${entry}": the 4th field may only be "mp4", got "${flag}"`);
  return {
    name: `${height}p`,
    height,
    maxrateKbps: positiveInteger(maxrate, 'the video maxrate (kbit/s)', entry),
    audioKbps: positiveInteger(audio, 'the audio bitrate (kbit/s)', entry),
    mp4: flag === 'mp4',
  };
}

/**
 * Parses the ladder from config text such as `360p:1000:96:mp4,720p:3000:128:mp4,1080p:4500:192`
 * (Esup-Pod's rendition table flattened into one environment variable). Throws an Error that
 * names the bad entry, so that config validation can list it. Result sorted by height.
 */
export function parseLadder(text: string): RenditionProfile[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') throw new Error('the rendition ladder is empty: expected e.g. 360p:1000:96:mp4,720p:3000:128:mp4');
  const ladder = entries.map((entry) => {
    if (entry === '') throw new Error(`invalid rendition ladder "${text}": empty entry between commas`);
    return parseRung(entry);
  });
  const seen = new Set<number>();
  for (const rung of ladder) {
    if (seen.has(rung.height)) throw new Error(`invalid rendition ladder "${text}": ${rung.name} appears twice`);
    seen.add(rung.height);
  }
  return ladder.sort((a, b) => a.height - b.height);
}
