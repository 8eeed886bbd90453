/**
 * What an encoding published for a video: every path is relative to the video's media folder
 * (`MediaStorage` key `videos/<id>/media-<job id>`), so the manifest survives moving storage.
 * The player, the Moodle bridge (Pod's encoded files) and the media routes all read this.
 */
export interface EncodedRendition {
  /** Ladder name, e.g. "720p" (Esup-Pod's rendition names). */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Peak and average bits per second, as in the master playlist. */
  readonly bandwidth: number;
  readonly averageBandwidth: number;
  /** RFC 6381 codecs, e.g. `avc1.64001f,mp4a.40.2`. */
  readonly codecs: string;
  readonly frameRate: number;
  /** HLS media playlist and its single byte-ranged fragmented MP4 file. */
  readonly playlist: string;
  readonly file: string;
  /** Progressive faststart MP4 for players that do not speak HLS; null when not configured. */
  readonly mp4: { readonly file: string; readonly size: number } | null;
}

export interface EncodedSubtitle {
  readonly file: string;
  /** ISO 639 code from the source stream's tag, when it had one. */
  readonly language: string | null;
  readonly sourceStream: number;
}

export interface EncodedStoryboard {
  readonly image: string;
  readonly vtt: string;
  readonly every: number;
  readonly count: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
}

export interface EncodedMedia {
  /** `audio` for audio-only sources: no HLS ladder, an m4a and an mp3 instead. */
  readonly kind: 'video' | 'audio';
  readonly durationSeconds: number;
  readonly master: string | null;
  readonly renditions: readonly EncodedRendition[];
  readonly audio: { readonly mp3: string | null; readonly m4a: string | null };
  readonly thumbnails: readonly string[];
  readonly storyboard: EncodedStoryboard | null;
  readonly subtitles: readonly EncodedSubtitle[];
  /** How it was made, for the record (and to re-encode when the settings change). */
  readonly encoder: { readonly ffmpeg: string; readonly preset: string; readonly crf: number };
}

/** The thumbnail shown by default: the middle candidate, as Esup-Pod does. */
export function defaultThumbnailIndex(media: Pick<EncodedMedia, 'thumbnails'>): number | null {
  if (media.thumbnails.length === 0) return null;
  return Math.min(1, media.thumbnails.length - 1);
}

/**
 * The rendition thumbnails are taken from (they keep its size): the largest whose short side is
 * at most 720 (sharp enough for a poster, cheap to decode), else the smallest.
 */
export function thumbnailRendition<T extends { width: number; height: number }>(renditions: readonly T[]): T {
  const short = (r: T) => Math.min(r.width, r.height);
  const bySize = [...renditions].sort((a, b) => short(a) - short(b) || a.width * a.height - b.width * b.height);
  const smallest = bySize[0];
  if (smallest === undefined) throw new Error('no rendition to take thumbnails from');
  return bySize.filter((r) => short(r) <= 720).pop() ?? smallest;
}
