import fs from 'node:fs/promises';
import path from 'node:path';
import type { EncodingConfig } from '../../server/src/config/config.js';
import type { MediaInfo } from '../../server/src/domain/media/media-info.js';
import { invocationArgs } from '../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import { planTranscode, planTranscodePerRendition, type QualitySettings, type TranscodePlanInput } from '../../encoding/src/ffmpeg/hls-command.js';
import { outputFrameRate, parseLadder, planLadder } from '../../encoding/src/ffmpeg/rendition-ladder.js';
import { runFfmpeg } from './ffmpeg-tool.js';

/**
 * The two bare-ffmpeg passes, both from our own pure planners, so that they encode exactly
 * what the job encodes (same ladder, frame rate, preset, CRF, maxrate, GOP, HLS muxing):
 * (b) planTranscode's one process, decode once and split; (c) planTranscodePerRendition,
 * one process per rendition run one after another (Esup-Pod's way) plus one for the MP3.
 */
export interface PassOutput {
  readonly ms: number;
  /** ffmpeg CPU time (user + system). */
  readonly cpuMs: number;
  /** The folder the pass wrote into (cwd of its ffmpeg processes). */
  readonly dir: string;
  /** Files written, relative to dir, with their sizes. */
  readonly files: readonly { readonly file: string; readonly bytes: number }[];
  /** One entry per ffmpeg process: what it wrote and how long it took. */
  readonly steps: readonly { readonly label: string; readonly ms: number }[];
}

/** The plan input the job's encodeMedia builds for this source (planMainEncode's rules). */
export function transcodeInput(sourcePath: string, info: MediaInfo, encoding: EncodingConfig, quality: QualitySettings): TranscodePlanInput {
  const video = info.video;
  if (!video) throw new Error('the source has no video stream');
  const source = { width: video.width, height: video.height, rotation: video.rotation, sampleAspectRatio: video.sampleAspectRatio, frameRate: video.frameRate, variableFrameRate: video.variableFrameRate };
  return {
    source: sourcePath,
    renditions: planLadder(source, parseLadder(encoding.ladder)),
    frameRate: outputFrameRate(source),
    hasAudio: info.audio !== null,
    audioOnly: false,
    subtitles: info.subtitles,
    quality,
    threads: encoding.threads,
  };
}

export async function listFiles(dir: string): Promise<{ file: string; bytes: number }[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return { file: path.relative(dir, full), bytes: (await fs.stat(full)).size };
      }),
  );
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

async function freshFolder(dir: string, folders: readonly string[]): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await Promise.all(folders.map((folder) => fs.mkdir(path.join(dir, folder), { recursive: true })));
}

/** (b): the single-process command of the job, spawned directly. */
export async function runSinglePass(ffmpeg: string, input: TranscodePlanInput, dir: string): Promise<PassOutput> {
  const plan = planTranscode(input);
  await freshFolder(dir, plan.folders);
  const run = await runFfmpeg(ffmpeg, invocationArgs(plan.invocation), dir);
  const label = plan.invocation.outputs.map((output) => output.path).join(' + ');
  return { ms: run.ms, cpuMs: run.cpuMs, dir, files: await listFiles(dir), steps: [{ label, ms: run.ms }] };
}

/** (c): one ffmpeg per rendition, then one for the audio-only outputs, one after another. */
export async function runPerRenditionPass(ffmpeg: string, input: TranscodePlanInput, dir: string): Promise<PassOutput> {
  const invocations = planTranscodePerRendition(input);
  await freshFolder(dir, planTranscode(input).folders);
  const steps: { label: string; ms: number }[] = [];
  let ms = 0;
  let cpuMs = 0;
  for (const invocation of invocations) {
    const run = await runFfmpeg(ffmpeg, invocationArgs(invocation), dir);
    steps.push({ label: invocation.outputs.map((output) => output.path).join(' + '), ms: run.ms });
    ms += run.ms;
    cpuMs += run.cpuMs;
  }
  return { ms, cpuMs, dir, files: await listFiles(dir), steps };
}

/** Encodes the warm-up clip once with the single-process command (not measured). */
export async function warmUpFfmpeg(ffmpeg: string, input: TranscodePlanInput, dir: string): Promise<number> {
  const output = await runSinglePass(ffmpeg, input, dir);
  await fs.rm(dir, { recursive: true, force: true });
  return output.ms;
}
