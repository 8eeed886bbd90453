// The main encode: one ffmpeg process that decodes the source once and writes every HLS
// rendition, the MP3 (and the M4A of audio-only sources) and the WebVTT subtitles.
// Measured (ARCHITECTURE.md §6): one process with a split filter ≈ 30 s for 60 s of 1080p,
// three processes ≈ 41 s. Every argument here works on ffmpeg 4.1 and 5.1.
import { ffmpegNumber, GLOBAL_OPTIONS, type FfmpegInvocation, type FfmpegOutput } from './ffmpeg-invocation.js';
import type { PlannedRendition } from './rendition-ladder.js';

/** x264 speed/quality trade-off: a preset and a constant rate factor, capped by each rung's maxrate. */
export interface QualitySettings {
  readonly preset: string;
  readonly crf: number;
}

/** `veryfast` keeps 1080p at ≈ 2× realtime on our 2-core machines; the benchmark will revisit. */
export const DEFAULT_QUALITY: QualitySettings = Object.freeze({ preset: 'veryfast', crf: 23 });

/** A keyframe every 2 s exactly: segments cut on them and the storyboard reads only them. */
export const KEYFRAME_INTERVAL_SECONDS = 2;

/** HLS target segment length (a multiple of the keyframe interval). */
export const SEGMENT_SECONDS = 6;

/** Subtitle codecs ffmpeg can turn into WebVTT; bitmap ones (PGS, DVB, VobSub) cannot be. */
export const TEXT_SUBTITLE_CODECS: readonly string[] = ['subrip', 'ass', 'ssa', 'mov_text', 'webvtt', 'text'];

/** A subtitle stream of the source as the probe saw it. */
export interface SubtitleStream {
  /** Absolute ffprobe stream index (as in `-map 0:<index>`). */
  readonly index: number;
  readonly codec: string;
  readonly language: string | null;
}

/** Everything the main encode needs to know, already decided by the probe and the ladder. */
export interface TranscodePlanInput {
  /** Absolute path of the source file. */
  readonly source: string;
  /** Empty for audio-only sources. */
  readonly renditions: readonly PlannedRendition[];
  /** From outputFrameRate. */
  readonly frameRate: number;
  readonly hasAudio: boolean;
  readonly audioOnly: boolean;
  readonly subtitles: readonly SubtitleStream[];
  readonly quality: QualitySettings;
  /** 0/undefined: ffmpeg decides. */
  readonly threads?: number;
}

/** A WebVTT file the encode writes, and which source stream it came from. */
export interface SubtitleOutput {
  readonly file: string;
  readonly language: string | null;
  readonly streamIndex: number;
}

/** The main encode's command and the files it writes (paths relative to the work folder). */
export interface TranscodePlan {
  readonly invocation: FfmpegInvocation;
  /** e.g. { playlist: 'hls/360p.m3u8', file: 'hls/360p.mp4' }, in the order of the input. */
  readonly renditions: readonly { readonly rendition: PlannedRendition; readonly playlist: string; readonly file: string }[];
  /** 'audio/audio.mp3' when the source has audio. */
  readonly mp3: string | null;
  /** 'audio/audio.m4a' for audio-only sources. */
  readonly m4a: string | null;
  /** 'subtitles/<n>.vtt' (n = 0, 1, …) for text subtitle streams; bitmap ones are skipped. */
  readonly subtitles: readonly SubtitleOutput[];
  /** Relative folders the runner creates before running ffmpeg, e.g. ['hls', 'audio', 'subtitles']. */
  readonly folders: readonly string[];
}

/**
 * A frame rate as the `fps` filter wants it: NTSC rates as exact rationals (29.97 →
 * 30000/1001) so timestamps do not drift against the source; others as decimals.
 */
export function frameRateArg(rate: number): string {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`invalid frame rate ${rate}`);
  const ntsc = Math.round(rate * 1.001);
  if (!Number.isInteger(rate) && Math.abs(rate * 1.001 - ntsc) < 0.0005) return `${ntsc * 1000}/1001`;
  return ffmpegNumber(rate);
}

/**
 * x264's maximum GOP: 2 s of frames, rounded UP (ceil, not round). Keyframes are forced on
 * the first frame at or after each 2 s mark, so two of them are floor or ceil of 2 × rate
 * frames apart; a smaller -g would make x264 add a keyframe of its own in the longer gaps
 * (25.2 fps: gaps of 51 frames, round would give 50), and the storyboard, which counts
 * keyframes, would drift. Equal to round() for every usual rate (24, 25, 29.97, 30, 59.94…).
 */
export function gopSize(frameRate: number): number {
  return Math.max(1, Math.ceil(KEYFRAME_INTERVAL_SECONDS * frameRate - 1e-6));
}

/** The filter graph: one fps conversion, split N ways, each scaled to its square-pixel size. */
export function videoFilterGraph(renditions: readonly PlannedRendition[], frameRate: number): string {
  const scaled = (width: number, height: number) => `scale=${width}:${height},setsar=1,format=yuv420p`;
  const head = `[0:v]fps=${frameRateArg(frameRate)}`;
  const [only] = renditions;
  if (only === undefined) throw new Error('no rendition to encode');
  if (renditions.length === 1) return `${head},${scaled(only.width, only.height)}[v0]`;
  const splits = renditions.map((_, k) => `[s${k}]`).join('');
  const branches = renditions.map((r, k) => `[s${k}]${scaled(r.width, r.height)}[v${k}]`);
  return [`${head},split=${renditions.length}${splits}`, ...branches].join(';');
}

function threadOptions(threads: number | undefined): string[] {
  return threads !== undefined && threads > 0 ? ['-threads', String(threads)] : [];
}

/** Strips the source's global metadata and chapters (phones put GPS positions there). */
const STRIP_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1'];

/** One rendition: H.264 High + AAC stereo in a single-file fMP4 HLS playlist. */
function renditionOutput(rendition: PlannedRendition, k: number, input: TranscodePlanInput): FfmpegOutput {
  const gop = String(gopSize(input.frameRate));
  const audio = input.hasAudio ? ['-c:a', 'aac', '-ar', '48000', '-ac', '2', '-b:a', `${rendition.audioKbps}k`] : [];
  return {
    path: `hls/${rendition.name}.m3u8`,
    options: [
      '-map', `[v${k}]`,
      ...(input.hasAudio ? ['-map', '0:a:0'] : []),
      '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
      '-preset', input.quality.preset, '-crf', ffmpegNumber(input.quality.crf),
      '-maxrate', `${rendition.maxrateKbps}k`, '-bufsize', `${2 * rendition.maxrateKbps}k`,
      '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
      '-force_key_frames', `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_SECONDS})`,
      ...threadOptions(input.threads),
      ...audio,
      ...STRIP_METADATA,
      '-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_playlist_type', 'vod',
      '-hls_segment_type', 'fmp4', '-hls_flags', 'single_file',
      '-hls_segment_filename', `hls/${rendition.name}.mp4`,
    ],
  };
}

/** Numbers the text subtitle streams 0, 1, … and skips bitmap ones (no WebVTT possible). */
export function textSubtitleOutputs(subtitles: readonly SubtitleStream[]): SubtitleOutput[] {
  return subtitles
    .filter((stream) => TEXT_SUBTITLE_CODECS.includes(stream.codec))
    .map((stream, n) => ({ file: `subtitles/${n}.vtt`, language: stream.language, streamIndex: stream.index }));
}

/**
 * The outputs besides the video renditions: MP3, M4A (audio-only) and WebVTT files. The
 * audio files drop chapters too: without -map_chapters -1 ffmpeg copies the source's
 * chapters into the MP3 (ID3 CHAP frames), on 4.1 and 5.1 alike.
 */
function extraOutputs(input: TranscodePlanInput, subtitles: readonly SubtitleOutput[]): FfmpegOutput[] {
  const outputs: FfmpegOutput[] = [];
  if (input.hasAudio) {
    outputs.push({ path: 'audio/audio.mp3', options: ['-map', '0:a:0', '-vn', '-c:a', 'libmp3lame', '-q:a', '2', ...STRIP_METADATA] });
  }
  if (input.audioOnly) {
    outputs.push({
      path: 'audio/audio.m4a',
      options: ['-map', '0:a:0', '-vn', '-c:a', 'aac', '-b:a', '192k', '-ar', '48000', '-movflags', '+faststart', ...STRIP_METADATA],
    });
  }
  for (const subtitle of subtitles) {
    outputs.push({ path: subtitle.file, options: ['-map', `0:${subtitle.streamIndex}`, '-c:s', 'webvtt'] });
  }
  return outputs;
}

/** Refuses inputs that cannot make a sensible encode, before ffmpeg is started. */
function checkInput(input: TranscodePlanInput): void {
  if (input.audioOnly && !input.hasAudio) throw new Error('an audio-only source must have audio');
  if (input.audioOnly && input.renditions.length > 0) throw new Error('an audio-only source has no video rendition');
  if (!input.audioOnly && input.renditions.length === 0) throw new Error('a video source needs at least one rendition');
  const names = new Set(input.renditions.map((r) => r.name));
  if (names.size !== input.renditions.length) throw new Error('two renditions have the same name');
}

function sourceInput(input: TranscodePlanInput) {
  return { path: input.source, options: threadOptions(input.threads) };
}

/** The relative folders the plan's outputs live in, in a stable order. */
function outputFolders(input: TranscodePlanInput, subtitles: readonly SubtitleOutput[]): string[] {
  return [
    ...(input.renditions.length > 0 ? ['hls'] : []),
    ...(input.hasAudio ? ['audio'] : []),
    ...(subtitles.length > 0 ? ['subtitles'] : []),
  ];
}

/**
 * The single-process encode (decode once, split, encode each rendition) and the files it
 * writes. Audio-only sources get no filter graph, only the MP3 and M4A.
 */
export function planTranscode(input: TranscodePlanInput): TranscodePlan {
  checkInput(input);
  const subtitles = textSubtitleOutputs(input.subtitles);
  const video = input.renditions.map((rendition, k) => renditionOutput(rendition, k, input));
  return {
    invocation: {
      global: GLOBAL_OPTIONS,
      inputs: [sourceInput(input)],
      filterComplex: input.renditions.length > 0 ? videoFilterGraph(input.renditions, input.frameRate) : null,
      outputs: [...video, ...extraOutputs(input, subtitles)],
    },
    renditions: input.renditions.map((rendition) => ({ rendition, playlist: `hls/${rendition.name}.m3u8`, file: `hls/${rendition.name}.mp4` })),
    mp3: input.hasAudio ? 'audio/audio.mp3' : null,
    m4a: input.audioOnly ? 'audio/audio.m4a' : null,
    subtitles,
    folders: outputFolders(input, subtitles),
  };
}

/**
 * Same ladder and quality, one ffmpeg process per rendition (Esup-Pod's way), for the
 * benchmark. The MP3/M4A/WebVTT outputs, when there are any, come in one last process, so
 * that running all of them writes exactly the files planTranscode's plan lists.
 */
export function planTranscodePerRendition(input: TranscodePlanInput): FfmpegInvocation[] {
  checkInput(input);
  const perRendition = input.renditions.map((rendition) => ({
    global: GLOBAL_OPTIONS,
    inputs: [sourceInput(input)],
    filterComplex: videoFilterGraph([rendition], input.frameRate),
    outputs: [renditionOutput(rendition, 0, input)],
  }));
  const extras = extraOutputs(input, textSubtitleOutputs(input.subtitles));
  if (extras.length === 0) return perRendition;
  return [...perRendition, { global: GLOBAL_OPTIONS, inputs: [sourceInput(input)], filterComplex: null, outputs: extras }];
}
