/**
 * What ffprobe says of a file, reduced to what Lectern uses, and whether it is media at all.
 * Pure: `parseProbeOutput` takes ffprobe's `-print_format json -show_format -show_streams`.
 */
export interface VideoStreamInfo {
  readonly codec: string;
  /** Codec profile and level as ffprobe names them ("High", 31): the HLS CODECS attribute needs them. */
  readonly profile: string | null;
  readonly level: number | null;
  readonly width: number;
  readonly height: number;
  /** Average frames per second (the real rate of a variable-frame-rate source). */
  readonly frameRate: number | null;
  /** Phones record variable frame rate: the nominal and the average rates then differ. */
  readonly variableFrameRate: boolean;
  /** Pixel shape (anamorphic DV, some broadcast files); null when square or unknown. */
  readonly sampleAspectRatio: number | null;
  /** Display rotation in degrees clockwise: 0, 90, 180 or 270. */
  readonly rotation: number;
}

export interface SubtitleStreamInfo {
  /** The stream's absolute index in the file (ffmpeg's `-map 0:<index>`). */
  readonly index: number;
  readonly codec: string;
  readonly language: string | null;
}

export interface AudioStreamInfo {
  readonly codec: string;
  readonly channels: number;
  readonly sampleRate: number;
}

export interface MediaInfo {
  readonly formatName: string;
  readonly durationSeconds: number | null;
  readonly bitRate: number | null;
  readonly video: VideoStreamInfo | null;
  readonly audio: AudioStreamInfo | null;
  readonly subtitles: readonly SubtitleStreamInfo[];
}

interface ProbeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  sample_aspect_ratio?: string;
  r_frame_rate?: string;
  channels?: number;
  sample_rate?: string;
  duration?: string;
  nb_frames?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string; language?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

/** Demuxers that read anything as "video" (text art, still images): not media for us. */
const NOT_MEDIA_FORMATS = new Set(['tty', 'ansi', 'bin', 'xbin', 'adf', 'idf', 'image2', 'png_pipe', 'jpeg_pipe', 'gif', 'webp_pipe', 'bmp_pipe', 'svg_pipe', 'tiff_pipe']);
const STILL_IMAGE_CODECS = new Set(['png', 'mjpeg', 'bmp', 'gif', 'webp', 'tiff', 'ansi', 'svg']);

function ratio(text: string | undefined, separator = '/'): number | null {
  if (!text) return null;
  const [num, den] = text.split(separator).map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return null;
  return Math.round((num / den) * 1000) / 1000;
}

function positiveNumber(text: string | undefined): number | null {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function rotationOf(stream: ProbeStream): number {
  const fromSideData = stream.side_data_list?.find((data) => typeof data.rotation === 'number')?.rotation;
  const raw = fromSideData ?? Number(stream.tags?.rotate ?? 0);
  return ((Math.round(raw) % 360) + 360) % 360;
}

/** More than 1 % apart: a nominal 30/1 with a 29.97 average is NTSC rounding, not VFR. */
function isVariable(stream: ProbeStream): boolean {
  const nominal = ratio(stream.r_frame_rate);
  const average = ratio(stream.avg_frame_rate);
  return nominal !== null && average !== null && Math.abs(nominal - average) / nominal > 0.01;
}

function sampleAspect(stream: ProbeStream): number | null {
  const value = ratio(stream.sample_aspect_ratio, ':');
  return value === null || value === 1 ? null : value;
}

function languageOf(stream: ProbeStream): string | null {
  const language = stream.tags?.language?.trim().toLowerCase();
  return language && language !== 'und' ? language : null;
}

export function parseProbeOutput(output: unknown): MediaInfo {
  const probe = (output ?? {}) as ProbeOutput;
  const streams = probe.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: probe.format?.format_name ?? '',
    durationSeconds: positiveNumber(probe.format?.duration) ?? positiveNumber(video?.duration ?? audio?.duration),
    bitRate: positiveNumber(probe.format?.bit_rate),
    video: video
      ? {
          codec: video.codec_name ?? 'unknown',
          profile: video.profile ?? null,
          level: typeof video.level === 'number' && video.level > 0 ? video.level : null,
          width: video.width ?? 0,
          height: video.height ?? 0,
          frameRate: ratio(video.avg_frame_rate) ?? ratio(video.r_frame_rate),
          variableFrameRate: isVariable(video),
          sampleAspectRatio: sampleAspect(video),
          rotation: rotationOf(video),
        }
      : null,
    audio: audio
      ? { codec: audio.codec_name ?? 'unknown', channels: audio.channels ?? 0, sampleRate: Number(audio.sample_rate ?? 0) }
      : null,
    subtitles: streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s, position) => ({ index: s.index ?? position, codec: s.codec_name ?? 'unknown', language: languageOf(s) })),
  };
}

export type MediaVerdict = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly reason: string };

/** A real video stream: moving pictures, not a still image or cover art. */
export function hasMovingVideo(info: MediaInfo): boolean {
  return Boolean(info.video && !STILL_IMAGE_CODECS.has(info.video.codec) && info.video.width > 0 && info.video.height > 0);
}

/** Accepts a file with a real video stream (moving pictures) or an audio stream. */
export function assessMedia(info: MediaInfo): MediaVerdict {
  const formats = info.formatName.split(',');
  if (formats.some((format) => NOT_MEDIA_FORMATS.has(format))) {
    return { ok: false, code: 'not_media', reason: `This file is not a video or audio file (format ${info.formatName}).` };
  }
  if (!hasMovingVideo(info) && !info.audio) {
    return { ok: false, code: 'no_media_stream', reason: 'This file has no video or audio stream.' };
  }
  if (info.durationSeconds === null) {
    return { ok: false, code: 'invalid_media', reason: 'The duration of this file cannot be read: it may be damaged or truncated.' };
  }
  return { ok: true };
}
