import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { planTranscode, planTranscodePerRendition } from '../encoding/src/ffmpeg/hls-command.js';
import { createFfprobeMediaProbe } from '../server/src/infra/media/ffprobe-media-probe.js';
import { measureRoundOne, measuredRendition, runPresetTable, runRounds, sameOutputs, type EncodeContext } from './encode/bench-rounds.js';
import { readEncodeOptions, type EncodeBenchOptions } from './encode/encode-options.js';
import { formatPresetTable, formatSummary, formatTargets } from './encode/encode-report.js';
import { transcodeInput, warmUpFfmpeg } from './encode/ffmpeg-passes.js';
import { ffmpegVersion, hasLibvmaf, killRunningFfmpeg } from './encode/ffmpeg-tool.js';
import { startJobHarness, type JobHarness } from './encode/job-harness.js';
import { measureInstrumentCost, runJobPass } from './encode/job-pass.js';
import { makeSourceClip, makeWarmUpClip } from './encode/source-clip.js';
import { runBench } from './bench-settings.js';

/**
 * npm run bench:encode — a generated 60 s 1080p30 clip encoded to our rendition ladder three
 * ways in one run: (a) our encoding job end to end (real PostgreSQL, queue and worker, from
 * the request to the video ready), (b) the bare single-process ffmpeg command the job runs
 * (decode once, split), (c) one ffmpeg per rendition run one after another (Esup-Pod's way),
 * all at the same preset and CRF. Prints seconds, realtime factor, the ratios (a)/(b) ≤ 1.05
 * and (c)/(a) ≥ 1.3 with PASS/FAIL, where the job's time goes, the 720p rendition's SSIM and
 * PSNR against the source, and (b) for a few x264 presets. Exits 0 once it has figures,
 * whatever they are. Settings: BENCH_* environment variables (see bench/README.md).
 */

const out = (line: string) => process.stdout.write(`${line}\n`);
const INSTRUMENT_PROBE_MS = 5000;

/** The job's config: ENCODING_* from the environment, BENCH_PRESET/BENCH_CRF over them. */
function jobEnv(options: EncodeBenchOptions): Record<string, string> {
  return {
    ...options.encodingEnv,
    ...(options.preset ? { ENCODING_PRESET: options.preset } : {}),
    ...(options.crf !== null ? { ENCODING_CRF: String(options.crf) } : {}),
  };
}

function describePasses(context: EncodeContext): void {
  const plan = planTranscode(context.input);
  const perRendition = planTranscodePerRendition(context.input);
  const outputs = (paths: readonly string[]) => paths.join(' + ');
  const ladder = context.input.renditions.map((r) => `${r.name} ${r.width}x${r.height} ≤${r.maxrateKbps}k+AAC ${r.audioKbps}k`).join(', ');
  out(`  ladder    ${ladder}; ${context.input.frameRate} fps; x264 ${context.input.quality.preset} CRF ${context.input.quality.crf}, threads ${context.input.threads || 'auto'}`);
  out(`  (b)       1 ffmpeg process: ${outputs(plan.invocation.outputs.map((o) => o.path))} (each rendition H.264 + AAC, single-file fMP4 HLS)`);
  out(`  (c)       ${perRendition.length} ffmpeg processes in a row: ${perRendition.map((i) => outputs(i.outputs.map((o) => o.path))).join(' | ')} (same outputs and options as (b))`);
  out('  (a)       the job: ffprobe, the (b) command through fluent-ffmpeg, master playlist, probe of each rendition, progressive MP4 remuxes, thumbnails, storyboard, publish (rename + database)');
  out(`  quality   ${measuredRendition(context.input).name} rendition against the source scaled to its size (bicubic): SSIM and PSNR${context.vmaf ? ' and VMAF' : ' (this ffmpeg has no libvmaf: no VMAF)'}`);
}

async function prepare(options: EncodeBenchOptions, workspace: string, harness: JobHarness): Promise<EncodeContext> {
  const { ffmpeg, ffprobe, source } = harness.binaries;
  const encoding = harness.ctx.config.encoding;
  const [version, vmaf] = await Promise.all([ffmpegVersion(ffmpeg), hasLibvmaf(ffmpeg)]);
  out('Lectern encoding benchmark');
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  out(`  machine   ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${load} at start; each pass prints the CPU time other processes took meanwhile`);
  out(`  ffmpeg    ${ffmpeg} (${source.ffmpeg}): ${version}; ffprobe ${ffprobe}`);
  out(`  workspace ${workspace} (source, outputs, the job's LECTERN_VAR_DIR)`);
  out(`  job       buildTestApp with 1 in-process worker; PostgreSQL: ${harness.database}`);
  out(`  making the ${options.seconds} s source clip…`);
  const clip = await makeSourceClip(ffmpeg, workspace, options.seconds);
  out(`  source    ${clip.description}, ${(clip.bytes / 1e6).toFixed(1)} MB (made in ${(clip.makeMs / 1000).toFixed(1)} s)`);
  const info = await createFfprobeMediaProbe(ffprobe).probe(clip.path);
  const input = transcodeInput(clip.path, info, encoding, { preset: encoding.preset, crf: encoding.crf });
  const context: EncodeContext = { options, workspace, ffmpeg, clip, input, harness, vmaf, out };
  describePasses(context);
  out(`  rounds    ${options.rounds}, order (b) (a) (c), reversed every other round`);
  out('');
  return context;
}

async function warmUp(context: EncodeContext): Promise<void> {
  const { ffmpeg, workspace, harness } = context;
  const clip = await makeWarmUpClip(ffmpeg, workspace);
  const info = await createFfprobeMediaProbe(harness.binaries.ffprobe).probe(clip);
  const ffmpegMs = await warmUpFfmpeg(ffmpeg, transcodeInput(clip, info, harness.ctx.config.encoding, context.input.quality), path.join(workspace, 'warm-up'));
  const job = await runJobPass(harness, clip, context.options.pollMs);
  out(`warm-up (not measured): 2 s 640x360 clip, bare ffmpeg ${(ffmpegMs / 1000).toFixed(2)} s, job request → ready ${(job.wallMs / 1000).toFixed(2)} s (pickup ${(job.pickupMs / 1000).toFixed(3)} s)`);
  const cost = await measureInstrumentCost(harness, job.videoId, INSTRUMENT_PROBE_MS, context.options.pollMs);
  const share = (perSecond: number) => `${perSecond.toFixed(1)} ms CPU/s`;
  out(`the bench's ${context.options.pollMs} ms status poll + /proc sampling, idle for ${INSTRUMENT_PROBE_MS / 1000} s: this process ${share(cost.ownPerSecond)}, other processes (PostgreSQL) ${share(cost.otherPerSecond)}`);
}

async function measure(options: EncodeBenchOptions, workspace: string, setHarness: (h: JobHarness) => void): Promise<void> {
  const harness = await startJobHarness(workspace, jobEnv(options));
  setHarness(harness);
  const context = await prepare(options, workspace, harness);
  await warmUp(context);
  const { results, kept } = await runRounds(context);
  const b = kept.get('b')!;
  const c = kept.get('c')!;
  out(`(b) and (c) wrote ${sameOutputs(b, c) ? 'the same' : 'DIFFERENT'} files: ${b.files.map((f) => f.file).join(', ')}${sameOutputs(b, c) ? '' : ` / ${c.files.map((f) => f.file).join(', ')}`}`);
  out('');
  const quality = await measureRoundOne(context, kept);
  const setting = `x264 ${context.input.quality.preset} CRF ${context.input.quality.crf}`;
  out(formatSummary({ results, clipSeconds: options.seconds, quality, setting }));
  if (options.presets.length) {
    out('');
    out(`preset table: (b) once per preset in ${options.presets.join(', ')}…`);
    const rows = await runPresetTable(context, results.find((r) => r.pass === 'b' && r.round === 1)!.output, quality.b ?? null);
    out(formatPresetTable(rows, options.seconds, context.input.quality.crf, context.input.quality.preset));
  }
  out('');
  out(formatTargets(results));
}

async function main(): Promise<void> {
  const options = readEncodeOptions(process.env);
  const workspace = await fs.mkdtemp(path.join(options.parentDir, 'lectern-encode-bench-'));
  // When run as root, the embedded PostgreSQL runs as `postgres` and must traverse this folder.
  await fs.chmod(workspace, 0o755);
  let harness: JobHarness | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanUp = async () => {
    killRunningFfmpeg();
    await harness?.close();
    await fs.rm(workspace, { recursive: true, force: true });
  };
  const cleanUpOnce = () => (cleaning ??= cleanUp());
  const interrupt = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping ffmpeg and the test application, removing ${workspace}\n`);
    cleanUpOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await measure(options, workspace, (h) => (harness = h));
  } catch (error) {
    // Once interrupted, the passes fail as their processes are killed: that is not news.
    if (cleaning === null) throw error;
  } finally {
    await cleanUpOnce();
  }
}

runBench('encode', main);
