import fs from 'node:fs/promises';
import path from 'node:path';
import { planTranscode, type TranscodePlanInput } from '../../encoding/src/ffmpeg/hls-command.js';
import type { PlannedRendition } from '../../encoding/src/ffmpeg/rendition-ladder.js';
import type { EncodeBenchOptions } from './encode-options.js';
import { formatPass, totalBytes, type PassId, type PassResult, type PresetRow } from './encode-report.js';
import { runPerRenditionPass, runSinglePass, type PassOutput } from './ffmpeg-passes.js';
import { formatJobBreakdown } from './job-breakdown.js';
import type { JobHarness } from './job-harness.js';
import { runJobPass, type JobPassOutput } from './job-pass.js';
import { withOtherCpu } from './ffmpeg-tool.js';
import { measureQuality, type QualityFigures } from './quality-metrics.js';
import type { SourceClip } from './source-clip.js';

/** The measured passes: rounds of (b), (a), (c), their quality figures and the preset table. */
export interface EncodeContext {
  readonly options: EncodeBenchOptions;
  readonly workspace: string;
  readonly ffmpeg: string;
  readonly clip: SourceClip;
  readonly input: TranscodePlanInput;
  readonly harness: JobHarness;
  readonly vmaf: boolean;
  readonly out: (line: string) => void;
}

export interface RoundsOutcome {
  readonly results: PassResult[];
  /** Round 1's outputs, kept for the quality figures (removed by measureRoundOne). */
  readonly kept: Map<PassId, PassOutput>;
}

/** The rendition whose quality is printed: 720p, or the largest the ladder has. */
export function measuredRendition(input: TranscodePlanInput): PlannedRendition {
  const rendition = input.renditions.find((r) => r.name === '720p') ?? input.renditions[input.renditions.length - 1];
  if (!rendition) throw new Error('the ladder gives this source no rendition');
  return rendition;
}

function renditionFile(pass: PassId, output: PassOutput, input: TranscodePlanInput): string {
  const { name } = measuredRendition(input);
  if (pass === 'a') return (output as JobPassOutput).renditionFiles[name]!;
  return path.join(output.dir, planTranscode(input).renditions.find((r) => r.rendition.name === name)!.file);
}

async function runPass(context: EncodeContext, pass: PassId, round: number, singleMs: number | null): Promise<PassResult> {
  const { ffmpeg, input, workspace, out } = context;
  const dir = path.join(workspace, `pass-${pass}-round-${round}`);
  if (pass !== 'a') {
    const run = pass === 'b' ? () => runSinglePass(ffmpeg, input, dir) : () => runPerRenditionPass(ffmpeg, input, dir);
    const { value, otherCpuMs } = await withOtherCpu(run);
    return { pass, round, output: value, otherCpuMs };
  }
  const { value: output, otherCpuMs } = await withOtherCpu(() => runJobPass(context.harness, context.clip.path, context.options.pollMs));
  const result = { pass, round, output, jobMs: output.jobMs, otherCpuMs };
  out(formatPass(result, context.clip.seconds));
  out(formatJobBreakdown(output, singleMs, context.options.pollMs));
  return result;
}

export async function runRounds(context: EncodeContext): Promise<RoundsOutcome> {
  const results: PassResult[] = [];
  const kept = new Map<PassId, PassOutput>();
  for (let round = 1; round <= context.options.rounds; round += 1) {
    const order: PassId[] = round % 2 === 1 ? ['b', 'a', 'c'] : ['c', 'a', 'b'];
    for (const pass of order) {
      const single = results.find((r) => r.pass === 'b' && r.round === round)?.output.ms ?? null;
      const result = await runPass(context, pass, round, single);
      if (pass !== 'a') context.out(formatPass(result, context.clip.seconds));
      results.push(result);
      if (round === 1) kept.set(pass, result.output);
      else if (pass !== 'a') await fs.rm(result.output.dir, { recursive: true, force: true });
    }
  }
  return { results, kept };
}

/** Whether (b) and (c) wrote the same files (names), as the comparison requires. */
export function sameOutputs(b: PassOutput, c: PassOutput): boolean {
  const names = (output: PassOutput) => output.files.map((f) => f.file).join('\n');
  return names(b) === names(c);
}

/** SSIM/PSNR of each round-1 pass's measured rendition; then removes the bare-ffmpeg outputs. */
export async function measureRoundOne(context: EncodeContext, kept: Map<PassId, PassOutput>): Promise<Partial<Record<PassId, QualityFigures>>> {
  const rendition = measuredRendition(context.input);
  const figures: Partial<Record<PassId, QualityFigures>> = {};
  for (const [pass, output] of kept) {
    figures[pass] = await measureQuality(context.ffmpeg, renditionFile(pass, output, context.input), context.clip.path, rendition, context.vmaf, context.workspace);
    context.out(`  ${rendition.name} of (${pass}) against the source: SSIM ${figures[pass]!.ssim.toFixed(4)}, PSNR ${figures[pass]!.psnr.toFixed(2)} dB (measured in ${(figures[pass]!.ms / 1000).toFixed(1)} s)`);
    if (pass !== 'a') await fs.rm(output.dir, { recursive: true, force: true });
  }
  return figures;
}

/** (b) once per preset at the same CRF; the preset of the rounds reuses round 1's (b). */
export async function runPresetTable(context: EncodeContext, roundOneB: PassOutput, quality: QualityFigures | null): Promise<PresetRow[]> {
  const rows: PresetRow[] = [];
  const rendition = measuredRendition(context.input);
  for (const preset of context.options.presets) {
    if (preset === context.input.quality.preset) {
      rows.push({ preset, ms: roundOneB.ms, bytes: totalBytes(roundOneB), quality, reused: true });
      continue;
    }
    const input = { ...context.input, quality: { ...context.input.quality, preset } };
    const { value: output, otherCpuMs } = await withOtherCpu(() => runSinglePass(context.ffmpeg, input, path.join(context.workspace, `preset-${preset}`)));
    const figures = await measureQuality(context.ffmpeg, renditionFile('b', output, input), context.clip.path, rendition, context.vmaf, context.workspace);
    context.out(`  preset ${preset}: ${(output.ms / 1000).toFixed(2)} s, ffmpeg CPU ${(output.cpuMs / 1000).toFixed(2)} s, other processes' CPU ${(otherCpuMs / 1000).toFixed(2)} s; ${rendition.name} SSIM ${figures.ssim.toFixed(4)}`);
    rows.push({ preset, ms: output.ms, bytes: totalBytes(output), quality: figures, reused: false });
    await fs.rm(output.dir, { recursive: true, force: true });
  }
  return rows;
}
