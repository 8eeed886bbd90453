import path from 'node:path';
import { readJob, readVideo } from '../../test/helpers/encoding.js';
import { startChildTrace, type TracedProcess } from './child-trace.js';
import { listFiles, type PassOutput } from './ffmpeg-passes.js';
import { childrenCpuMs, ownCpuMs, withOtherCpu } from './ffmpeg-tool.js';
import { videoWithSource, type JobHarness } from './job-harness.js';

/**
 * (a): our encoding job end to end, on the real application and worker (the test harness:
 * real PostgreSQL, Agenda queue, one in-process worker, local storage). The clip is put in
 * place as a video's source (as an upload leaves it, ffprobe facts included) outside the
 * clock; the clock starts when encoding is requested and stops when a poll (every 50 ms by
 * default) sees the video ready.
 */
export interface JobPassOutput extends PassOutput {
  /** Request → the video seen ready. */
  readonly wallMs: number;
  /** The encoding_jobs row: queued_at → started_at (pickup) and started_at → finished_at. */
  readonly pickupMs: number;
  readonly jobMs: number;
  /** started_at and finished_at on the performance.now() timeline of `trace`, and the request's start. */
  readonly timeline: { readonly requestMs: number; readonly requestReturnedMs: number; readonly startedMs: number; readonly finishedMs: number; readonly readyMs: number };
  readonly trace: readonly TracedProcess[];
  /** CPU time of this Node process (worker, queue, database client, the bench's own polling). */
  readonly nodeCpuMs: number;
  /** Path of each rendition file, by name. */
  readonly renditionFiles: Readonly<Record<string, string>>;
  readonly videoId: number;
}

const TIMEOUT_MS = 30 * 60_000;

/**
 * The video's status alone: the poll runs 20 times a second during the pass (by default), and the full
 * video read (joins, the media manifest as JSON) cost ≈ 40 ms of CPU per second here and as much
 * in PostgreSQL, enough to slow the ffmpeg being measured by 2–3 %.
 */
async function readStatus(harness: JobHarness, videoId: number): Promise<string | null> {
  const row = await harness.ctx.database.db.selectFrom('videos').select('status').where('id', '=', videoId).executeTakeFirst();
  return row?.status ?? null;
}

export async function runJobPass(harness: JobHarness, file: string, pollMs: number): Promise<JobPassOutput> {
  const { ctx, owner } = harness;
  const video = await videoWithSource(harness, file);
  const trace = startChildTrace();
  const cpuBefore = { children: childrenCpuMs(), own: ownCpuMs() };
  const requestMs = performance.now();
  const requestDate = Date.now();
  const jobId = await ctx.services.encodingService.request(video, owner.id);
  const requestReturnedMs = performance.now();
  let status = await readStatus(harness, video.id);
  while (status !== null && status !== 'ready' && status !== 'failed') {
    if (performance.now() - requestMs > TIMEOUT_MS) throw new Error(`video ${video.id} still ${status} after ${TIMEOUT_MS / 60_000} min`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    trace.tick();
    status = await readStatus(harness, video.id);
  }
  const readyMs = performance.now();
  const traced = trace.stop();
  const cpu = { children: childrenCpuMs() - cpuBefore.children, own: ownCpuMs() - cpuBefore.own };
  const current = await readVideo(ctx, video.id);
  const job = await readJob(ctx, jobId);
  if (!current || current.status !== 'ready' || !current.media || !job?.startedAt || !job.finishedAt) {
    throw new Error(`the encoding job did not succeed: ${JSON.stringify({ status: current?.status, job: job && { status: job.status, errorCode: job.errorCode, errorMessage: job.errorMessage, stderrTail: job.stderrTail } })}`);
  }
  const onTimeline = (date: Date) => requestMs + (date.getTime() - requestDate);
  const dir = ctx.services.storage.localPath(current.media.folder);
  const renditionFiles = Object.fromEntries(current.media.manifest.renditions.map((r) => [r.name, path.join(dir, r.file)]));
  const main = traced.find((p) => p.kind === 'transcode');
  return {
    ms: readyMs - requestMs,
    cpuMs: cpu.children,
    dir,
    files: await listFiles(dir),
    steps: main ? [{ label: 'main ffmpeg (transcode)', ms: main.endMs - main.startMs }] : [],
    wallMs: readyMs - requestMs,
    pickupMs: job.startedAt.getTime() - job.queuedAt.getTime(),
    jobMs: job.finishedAt.getTime() - job.startedAt.getTime(),
    timeline: { requestMs, requestReturnedMs, startedMs: onTimeline(job.startedAt), finishedMs: onTimeline(job.finishedAt), readyMs },
    trace: traced,
    nodeCpuMs: cpu.own,
    renditionFiles,
    videoId: video.id,
  };
}

/**
 * What the bench's own instruments cost while nothing encodes: the poll of the video
 * and the /proc sampling done with it, for `ms`. CPU ms per second of this process and of the others
 * (mostly PostgreSQL answering the poll), to set against (a)'s figures.
 */
export async function measureInstrumentCost(harness: JobHarness, videoId: number, ms: number, pollMs: number): Promise<{ ownPerSecond: number; otherPerSecond: number }> {
  const own = ownCpuMs();
  const { otherCpuMs } = await withOtherCpu(async () => {
    const trace = startChildTrace();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      trace.tick();
      await readStatus(harness, videoId);
    }
    trace.stop();
  });
  return { ownPerSecond: ((ownCpuMs() - own) / ms) * 1000, otherPerSecond: (otherCpuMs / ms) * 1000 };
}
