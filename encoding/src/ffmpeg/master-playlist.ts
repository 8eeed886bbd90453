// The HLS master playlist, written by us rather than by ffmpeg: the static ffmpeg 4.1 crashes
// on -master_pl_name with var_stream_map (ARCHITECTURE.md §6), and as text it is easy to test.
// The figures come from the finished media playlists (playlistBandwidth) and ffprobe
// (avcCodecString), so they describe what was really encoded.

/** One rendition as the master playlist announces it. */
export interface MasterVariant {
  /** The media playlist, relative to the master (e.g. '360p.m3u8'). */
  readonly uri: string;
  /** Peak bits per second. */
  readonly bandwidth: number;
  readonly averageBandwidth: number;
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** e.g. 'avc1.64001f,mp4a.40.2'. */
  readonly codecs: string;
}

/** AAC-LC, the only audio codec our renditions carry. */
export const AAC_LC_CODEC = 'mp4a.40.2';

function checkVariant(variant: MasterVariant): void {
  if (variant.uri === '' || /[\r\n]/.test(variant.uri) || variant.uri.startsWith('#')) {
    throw new Error(`invalid variant URI ${JSON.stringify(variant.uri)}`);
  }
  if (variant.codecs === '' || /["\r\n]/.test(variant.codecs)) throw new Error(`invalid CODECS ${JSON.stringify(variant.codecs)}`);
  const counts = [variant.bandwidth, variant.averageBandwidth, variant.width, variant.height];
  if (!counts.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error(`variant ${variant.uri}: bandwidths and size must be positive integers`);
  }
  if (!(variant.frameRate > 0) || !Number.isFinite(variant.frameRate)) throw new Error(`variant ${variant.uri}: invalid frame rate`);
}

/**
 * The master playlist text: version 7 (fMP4 segments), independent segments (every segment
 * starts on a keyframe), one EXT-X-STREAM-INF per variant sorted by bandwidth ascending so
 * that players which start with the first entry start small. No closed captions: subtitles
 * are published as separate WebVTT tracks.
 */
export function masterPlaylist(variants: readonly MasterVariant[]): string {
  if (variants.length === 0) throw new Error('a master playlist needs at least one variant');
  variants.forEach(checkVariant);
  const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of sorted) {
    const attributes = [
      `BANDWIDTH=${v.bandwidth}`,
      `AVERAGE-BANDWIDTH=${v.averageBandwidth}`,
      `RESOLUTION=${v.width}x${v.height}`,
      `FRAME-RATE=${v.frameRate.toFixed(3)}`,
      `CODECS="${v.codecs}"`,
      'CLOSED-CAPTIONS=NONE',
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}

interface Segment {
  readonly duration: number;
  readonly bytes: number;
}

/** The segments of a media playlist: each URI line closes one, with the EXTINF and BYTERANGE before it. */
function byteRangedSegments(playlistText: string): Segment[] {
  const segments: Segment[] = [];
  let duration: number | null = null;
  let bytes: number | null = null;
  for (const raw of playlistText.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) {
      duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      bytes = Number.parseInt(line.slice('#EXT-X-BYTERANGE:'.length), 10);
    } else if (line !== '' && !line.startsWith('#')) {
      if (duration === null || bytes === null || !(duration > 0) || !(bytes >= 0)) {
        throw new Error(`media segment "${line}" lacks a positive #EXTINF duration or an #EXT-X-BYTERANGE: not a single-file byte-ranged playlist`);
      }
      segments.push({ duration, bytes });
      duration = null;
      bytes = null;
    }
  }
  if (segments.length === 0) throw new Error('the playlist has no byte-ranged media segment');
  return segments;
}

/**
 * Peak and average bits per second of a single-file byte-ranged media playlist (EXTINF
 * durations and EXT-X-BYTERANGE lengths), as the master's BANDWIDTH and AVERAGE-BANDWIDTH
 * must state them. Peak = max over segments of bytes × 8 / duration; both rounded up. The
 * init section (EXT-X-MAP) is not a segment. Throws on a playlist without them.
 */
export function playlistBandwidth(playlistText: string): { peak: number; average: number } {
  const segments = byteRangedSegments(playlistText);
  const peak = Math.max(...segments.map((s) => Math.ceil((s.bytes * 8) / s.duration)));
  const totalBits = segments.reduce((sum, s) => sum + s.bytes * 8, 0);
  const totalSeconds = segments.reduce((sum, s) => sum + s.duration, 0);
  return { peak, average: Math.ceil(totalBits / totalSeconds) };
}

/** profile_idc and constraint flags byte of the H.264 profiles we can name, keyed by ffprobe's profile name. */
const AVC_PROFILES: Readonly<Record<string, string>> = {
  'constrained baseline': '42e0',
  baseline: '4200',
  main: '4d00',
  high: '6400',
};

/**
 * The RFC 6381 codec string of an H.264 stream from ffprobe's `profile` and `level`:
 * ('High', 31) → 'avc1.64001f'. Constrained Baseline sets constraint_set0-2 (0xe0, as x264
 * writes it), Baseline none. Throws on other profiles (High 10, 4:2:2…) and bad levels:
 * browsers would refuse those streams anyway.
 */
export function avcCodecString(profile: string, level: number): string {
  const prefix = AVC_PROFILES[profile.trim().toLowerCase()];
  if (prefix === undefined) throw new Error(`unsupported H.264 profile "${profile}" (expected High, Main, Baseline or Constrained Baseline)`);
  if (!Number.isInteger(level) || level < 1 || level > 255) throw new Error(`invalid H.264 level ${level} (expected ffprobe's level_idc, e.g. 31 for 3.1)`);
  return `avc1.${prefix}${level.toString(16).padStart(2, '0')}`;
}
