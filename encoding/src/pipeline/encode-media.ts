import fs from 'node:fs/promises';
import path from 'node:path';
import { thumbnailRendition, type EncodedMedia, type EncodedRendition, type EncodedStoryboard } from '../../../server/src/domain/encoding/encoded-media.js';
import type { EncodingStep } from '../../../server/src/domain/encoding/encoding-job.js';
import { hasMovingVideo, type MediaInfo } from '../../../server/src/domain/media/media-info.js';
import type { MediaProbe } from '../../../server/src/domain/media/media-probe.js';
import type { FfmpegInvocation } from '../ffmpeg/ffmpeg-invocation.js';
import type { FfmpegRunner, RunnerLogger } from '../ffmpeg/ffmpeg-runner.js';
import { planTranscode, type QualitySettings, type TranscodePlan } from '../ffmpeg/hls-command.js';
import { AAC_LC_CODEC, avcCodecString, masterPlaylist, playlistBandwidth } from '../ffmpeg/master-playlist.js';
import { progressiveMp4Invocation } from '../ffmpeg/mp4-command.js';
import { outputFrameRate, planLadder, type RenditionProfile } from '../ffmpeg/rendition-ladder.js';
import { planStoryboard, storyboardInvocation, storyboardVtt } from '../ffmpeg/storyboard.js';
import { thumbnailInvocation, thumbnailTimes } from '../ffmpeg/thumbnails.js';

export interface EncodeSettings {
  readonly ladder: readonly RenditionProfile[];
  readonly quality: QualitySettings;
  readonly threads: number;
}

export interface EncodeMediaContext {
  readonly runner: FfmpegRunner;
  readonly ffmpegVersion: string;
  readonly probe: MediaProbe;
  readonly settings: EncodeSettings;
  /** Where the outputs go (the job's work folder); every manifest path is relative to it. */
  readonly workDir: string;
  readonly progress: (step: EncodingStep, fraction: number) => void;
  readonly signal: AbortSignal;
  readonly logger: RunnerLogger;
  readonly logContext: Record<string, unknown>;
}

const MASTER = 'hls/master.m3u8';
const STORYBOARD_IMAGE = 'storyboard/sprite.jpg';
const STORYBOARD_VTT = 'storyboard/storyboard.vtt';

/**
 * Encodes one source into everything a browser or an LMS player needs: the HLS ladder with its
 * master playlist, progressive MP4s, mp3 (and m4a for audio-only sources), thumbnails, the
 * storyboard and the embedded subtitles. One ffmpeg decodes the source once; the later steps
 * read the finished renditions, never the source again.
 */
export async function encodeMedia(sourcePath: string, info: MediaInfo, context: EncodeMediaContext): Promise<EncodedMedia> {
  const duration = info.durationSeconds ?? 0;
  const audioOnly = !hasMovingVideo(info);
  const { plan, frameRate } = planMainEncode(sourcePath, info, audioOnly, context.settings);
  await Promise.all(plan.folders.map((folder) => fs.mkdir(path.join(context.workDir, folder), { recursive: true })));
  await run(context, 'transcode', plan.invocation, (seconds) => context.progress('transcode', duration > 0 ? seconds / duration : 0));

  const renditions = await describeRenditions(plan, info, frameRate, context);
  if (renditions.length) await fs.writeFile(path.join(context.workDir, MASTER), masterPlaylist(renditions.map((r) => ({ ...r, uri: path.posix.relative('hls', r.playlist) }))));
  const withMp4 = await makeProgressiveMp4s(plan, renditions, context);
  const thumbnails = audioOnly ? [] : await makeThumbnails(withMp4, duration, context);
  const storyboard = audioOnly ? null : await makeStoryboard(withMp4, duration, context);
  const subtitles = await keepNonEmpty(plan.subtitles, context.workDir);
  return {
    kind: audioOnly ? 'audio' : 'video',
    durationSeconds: duration,
    master: renditions.length ? MASTER : null,
    renditions: withMp4,
    audio: { mp3: plan.mp3, m4a: plan.m4a },
    thumbnails,
    storyboard,
    subtitles: subtitles.map((s) => ({ file: s.file, language: s.language, sourceStream: s.streamIndex })),
    encoder: { ffmpeg: context.ffmpegVersion, preset: context.settings.quality.preset, crf: context.settings.quality.crf },
  };
}

function planMainEncode(sourcePath: string, info: MediaInfo, audioOnly: boolean, settings: EncodeSettings): { plan: TranscodePlan; frameRate: number } {
  const video = info.video;
  const source = video && !audioOnly
    ? { width: video.width, height: video.height, rotation: video.rotation, sampleAspectRatio: video.sampleAspectRatio, frameRate: video.frameRate, variableFrameRate: video.variableFrameRate }
    : null;
  const frameRate = source ? outputFrameRate(source) : 25;
  const plan = planTranscode({
    source: sourcePath,
    renditions: source ? planLadder(source, settings.ladder) : [],
    frameRate,
    hasAudio: info.audio !== null,
    audioOnly,
    subtitles: info.subtitles,
    quality: settings.quality,
    threads: settings.threads,
  });
  return { plan, frameRate };
}

async function run(context: EncodeMediaContext, step: EncodingStep, invocation: FfmpegInvocation, onProgress?: (seconds: number) => void): Promise<void> {
  context.signal.throwIfAborted();
  context.progress(step, 0);
  await context.runner.run(invocation, { cwd: context.workDir, onProgress, signal: context.signal, logger: context.logger, context: { ...context.logContext, step } });
}

/** Bandwidths from the byte ranges ffmpeg wrote, codecs from what x264 actually chose. */
async function describeRenditions(plan: TranscodePlan, info: MediaInfo, frameRate: number, context: EncodeMediaContext): Promise<EncodedRendition[]> {
  const result: EncodedRendition[] = [];
  for (const { rendition, playlist, file } of plan.renditions) {
    const bandwidth = playlistBandwidth(await fs.readFile(path.join(context.workDir, playlist), 'utf8'));
    const probed = await context.probe.probe(path.join(context.workDir, file));
    if (!probed.video?.profile || !probed.video.level) throw new Error(`the ${rendition.name} rendition has no H.264 profile or level`);
    const codecs = [avcCodecString(probed.video.profile, probed.video.level), ...(info.audio ? [AAC_LC_CODEC] : [])].join(',');
    result.push({
      name: rendition.name,
      width: rendition.width,
      height: rendition.height,
      bandwidth: bandwidth.peak,
      averageBandwidth: bandwidth.average,
      codecs,
      frameRate,
      playlist,
      file,
      mp4: null,
    });
  }
  return result;
}

async function makeProgressiveMp4s(plan: TranscodePlan, renditions: EncodedRendition[], context: EncodeMediaContext): Promise<EncodedRendition[]> {
  const wanted = plan.renditions.filter((r) => r.rendition.mp4);
  if (wanted.length) await fs.mkdir(path.join(context.workDir, 'mp4'), { recursive: true });
  const result: EncodedRendition[] = [];
  for (const rendition of renditions) {
    if (!wanted.some((w) => w.rendition.name === rendition.name)) {
      result.push(rendition);
      continue;
    }
    const file = `mp4/${rendition.name}.mp4`;
    await run(context, 'mp4', progressiveMp4Invocation(rendition.file, file));
    const { size } = await fs.stat(path.join(context.workDir, file));
    result.push({ ...rendition, mp4: { file, size } });
  }
  return result;
}

async function makeThumbnails(renditions: readonly EncodedRendition[], duration: number, context: EncodeMediaContext): Promise<string[]> {
  if (!renditions.length) return [];
  await fs.mkdir(path.join(context.workDir, 'thumbnails'), { recursive: true });
  const source = thumbnailRendition(renditions);
  const files: string[] = [];
  const times = thumbnailTimes(duration);
  for (const [index, seconds] of times.entries()) {
    const file = `thumbnails/${index}.jpg`;
    await run(context, 'thumbnails', thumbnailInvocation(source.file, seconds, file));
    context.progress('thumbnails', (index + 1) / times.length);
    files.push(file);
  }
  return files;
}

async function makeStoryboard(renditions: readonly EncodedRendition[], duration: number, context: EncodeMediaContext): Promise<EncodedStoryboard | null> {
  const lowest = renditions[0];
  const plan = lowest ? planStoryboard(duration, lowest.width, lowest.height) : null;
  if (!lowest || !plan) return null;
  await fs.mkdir(path.join(context.workDir, 'storyboard'), { recursive: true });
  await run(context, 'storyboard', storyboardInvocation(lowest.file, plan, STORYBOARD_IMAGE));
  await fs.writeFile(path.join(context.workDir, STORYBOARD_VTT), storyboardVtt(plan, path.posix.basename(STORYBOARD_IMAGE), duration));
  return { image: STORYBOARD_IMAGE, vtt: STORYBOARD_VTT, every: plan.every, count: plan.count, tileWidth: plan.tileWidth, tileHeight: plan.tileHeight };
}

/** A subtitle stream without a single cue converts to a bare "WEBVTT" header: not a track. */
async function keepNonEmpty<T extends { file: string }>(subtitles: readonly T[], workDir: string): Promise<T[]> {
  const kept: T[] = [];
  for (const subtitle of subtitles) {
    const text = await fs.readFile(path.join(workDir, subtitle.file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    if (text.includes('-->')) kept.push(subtitle);
  }
  return kept;
}
