import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EncodedMedia, EncodedRendition } from '../../server/src/domain/encoding/encoded-media.js';
import { waitForVideo } from '../../test/helpers/encoding.js';
import { runFfmpeg } from '../encode/ffmpeg-tool.js';
import { startJobHarness, videoWithSource, type JobHarness } from '../encode/job-harness.js';

/**
 * The files every server of the benchmark serves: one video really encoded by Lectern's job
 * (buildTestApp with one in-process worker, on the bench's own PostgreSQL), from a noisy 720p
 * source whose bit rate reaches the ladder's caps, so that the 720p segments weigh 1–2 MB
 * like a lecture's at 6 s and 2 Mbit/s.
 */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface MediaFixture {
  readonly harness: JobHarness;
  /** LECTERN_VAR_DIR/media: the root nginx and the bare server serve `videos/<id>/…` from. */
  readonly mediaRoot: string;
  readonly videoId: number;
  readonly accessEpoch: number;
  /** Key prefix under `videos/<id>/`: `media-<job id>`. */
  readonly folder: string;
  readonly manifest: EncodedMedia;
  /** The top rendition's fMP4 and its segments' byte ranges (init section excluded). */
  readonly segmentFile: string;
  readonly segments: readonly ByteRange[];
  readonly playlists: readonly string[];
  readonly mp4File: string;
  readonly mp4Size: number;
  readonly description: string;
}

/** Bench ladder: 6 s segments of ≈ 1.5 MB at 720p (2 Mbit/s cap) and ≈ 0.75 MB at 360p. */
export const BENCH_LADDER = '360p:1000:96:mp4,720p:2000:128:mp4';

async function makeSource(ffmpeg: string, dir: string, seconds: number): Promise<string> {
  const file = path.join(dir, 'source-720p.mp4');
  const video = 'testsrc2=size=1280x720:rate=30,noise=alls=20:allf=t+u,format=yuv420p';
  // prettier-ignore
  await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file], dir);
  return file;
}

function segmentRanges(playlist: string): ByteRange[] {
  return [...playlist.matchAll(/#EXT-X-BYTERANGE:(\d+)@(\d+)/g)].map(([, length, offset]) => ({ start: Number(offset), end: Number(offset) + Number(length) - 1 }));
}

function topRendition(manifest: EncodedMedia): EncodedRendition {
  const top = [...manifest.renditions].sort((a, b) => b.height - a.height)[0];
  if (!top?.mp4) throw new Error('the encoding made no rendition with a progressive MP4');
  return top;
}

export async function makeMediaFixture(workspace: string, clipSeconds: number, out: (line: string) => void): Promise<MediaFixture> {
  const harness = await startJobHarness(workspace, { ENCODING_LADDER: BENCH_LADDER, ENCODING_PRESET: 'veryfast', ENCODING_POLL_SECONDS: '0.5' });
  try {
    out(`  making a ${clipSeconds} s noisy 1280x720 source and encoding it with Lectern's job (ladder ${BENCH_LADDER})…`);
    const source = await makeSource(harness.binaries.ffmpeg, workspace, clipSeconds);
    const uploaded = await videoWithSource(harness, source);
    await harness.ctx.services.encodingService.request(uploaded, harness.owner.id);
    const video = await waitForVideo(harness.ctx, uploaded.id, ['ready', 'failed'], 600_000);
    if (video.status !== 'ready' || !video.media) throw new Error(`the encoding failed: ${JSON.stringify(video.encoding)}`);
    await harness.ctx.workers?.stop(0);
    // The harness's config, not ctx.varDir: the job harness points LECTERN_VAR_DIR into the workspace.
    const mediaRoot = path.join(harness.ctx.config.varDir, 'media');
    const folder = path.basename(video.media.folder);
    const manifest = video.media.manifest;
    const top = topRendition(manifest);
    const local = (key: string) => path.join(mediaRoot, 'videos', String(video.id), folder, key);
    const segments = segmentRanges(await readFile(local(top.playlist), 'utf8'));
    const mp4Size = (await stat(local(top.mp4!.file))).size;
    const sizes = segments.map((s) => ((s.end - s.start + 1) / 1e6).toFixed(2)).join(', ');
    return {
      harness,
      mediaRoot,
      videoId: video.id,
      accessEpoch: video.accessEpoch,
      folder,
      manifest,
      segmentFile: top.file,
      segments,
      playlists: [manifest.master!, ...manifest.renditions.map((r) => r.playlist)],
      mp4File: top.mp4!.file,
      mp4Size,
      description: `${top.name} segments of ${sizes} MB in ${top.file}; progressive ${top.mp4!.file} of ${(mp4Size / 1e6).toFixed(1)} MB`,
    };
  } catch (error) {
    await harness.close();
    throw error;
  }
}
