import type { PassOutput } from './ffmpeg-passes.js';
import type { QualityFigures } from './quality-metrics.js';

/** Figures of the encoding benchmark and how they are printed. */
export type PassId = 'a' | 'b' | 'c';

export interface PassResult {
  readonly pass: PassId;
  readonly round: number;
  readonly output: PassOutput;
  /** (a) only: the job's own started_at → finished_at. */
  readonly jobMs?: number;
  /** CPU time other processes on the machine took during the pass (PostgreSQL's included). */
  readonly otherCpuMs: number;
}

export interface PresetRow {
  readonly preset: string;
  readonly ms: number;
  readonly bytes: number;
  readonly quality: QualityFigures | null;
  readonly reused: boolean;
}

export const TARGET_JOB_OVER_SINGLE = 1.05;
export const TARGET_PER_RENDITION_OVER_JOB = 1.3;

export const PASS_LABELS: Record<PassId, string> = {
  b: '(b) one ffmpeg, decode once + split',
  a: '(a) Lectern job, request → ready',
  c: '(c) one ffmpeg per rendition, in a row',
};

/** MB = 10^6 bytes. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const secs = (ms: number): string => (ms / 1000).toFixed(2);
const realtime = (clipSeconds: number, ms: number): string => `${(clipSeconds / (ms / 1000)).toFixed(2)}×`;
export const totalBytes = (output: PassOutput): number => output.files.reduce((sum, f) => sum + f.bytes, 0);

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatPass(result: PassResult, clipSeconds: number): string {
  const { output } = result;
  const head = `round ${result.round}  ${PASS_LABELS[result.pass].padEnd(40)} ${secs(output.ms).padStart(7)} s ${realtime(clipSeconds, output.ms).padStart(7)} realtime`;
  const cpu = `ffmpeg CPU ${secs(output.cpuMs)} s, other processes' CPU ${secs(result.otherCpuMs)} s`;
  const extra = result.jobMs !== undefined ? `; job started_at → finished_at ${secs(result.jobMs)} s` : '';
  const steps = output.steps.length > 1 ? `; ${output.steps.map((s) => `${s.label} ${secs(s.ms)} s`).join(', ')}` : '';
  return `${head}   ${cpu}${extra}${steps}`;
}

function qualityText(quality: QualityFigures | null | undefined): string {
  if (!quality) return `${'-'.padStart(9)} ${'-'.padStart(9)}`;
  const vmaf = quality.vmaf === null ? '' : `  VMAF ${quality.vmaf.toFixed(2)}`;
  return `${quality.ssim.toFixed(4).padStart(9)} ${`${quality.psnr.toFixed(2)} dB`.padStart(9)}${vmaf}`;
}

export interface SummaryInput {
  readonly results: readonly PassResult[];
  readonly clipSeconds: number;
  readonly quality: Partial<Record<PassId, QualityFigures>>;
  readonly setting: string;
}

export function formatSummary(input: SummaryInput): string {
  const { results, clipSeconds } = input;
  const ms = (pass: PassId) => median(results.filter((r) => r.pass === pass).map((r) => r.output.ms));
  const rounds = new Set(results.map((r) => r.round)).size;
  const lines = ['', `Results (${rounds > 1 ? `median of ${rounds} rounds` : '1 round'}; ${clipSeconds} s of 1080p30; ${input.setting})`];
  lines.push(`  ${'pass'.padEnd(42)} ${'seconds'.padStart(8)} ${'realtime'.padStart(9)} ${'720p SSIM'.padStart(9)} ${'720p PSNR'.padStart(9)}   output`);
  for (const pass of ['b', 'a', 'c'] as const) {
    const first = results.find((r) => r.pass === pass)!;
    lines.push(`  ${PASS_LABELS[pass].padEnd(42)} ${secs(ms(pass)).padStart(8)} ${realtime(clipSeconds, ms(pass)).padStart(9)} ${qualityText(input.quality[pass])}   ${megabytes(totalBytes(first.output))} in ${first.output.files.length} files`);
  }
  const jobOwn = median(results.filter((r) => r.pass === 'a').map((r) => r.jobMs ?? Number.NaN));
  lines.push(`  ${'    the job alone: started_at → finished_at'.padEnd(42)} ${secs(jobOwn).padStart(8)} ${realtime(clipSeconds, jobOwn).padStart(9)}`);
  const aOverB = ms('a') / ms('b');
  const cOverA = ms('c') / ms('a');
  lines.push('');
  lines.push(`  (a)/(b) = ${aOverB.toFixed(3)}   ${verdict(aOverB <= TARGET_JOB_OVER_SINGLE)} (target ≤ ${TARGET_JOB_OVER_SINGLE}); the job alone / (b) = ${(jobOwn / ms('b')).toFixed(3)}`);
  lines.push(`  (c)/(a) = ${cOverA.toFixed(3)}   ${verdict(cOverA >= TARGET_PER_RENDITION_OVER_JOB)} (target ≥ ${TARGET_PER_RENDITION_OVER_JOB}); (c)/(b) = ${(ms('c') / ms('b')).toFixed(3)}`);
  return lines.join('\n');
}

export function formatPresetTable(rows: readonly PresetRow[], clipSeconds: number, crf: number, defaultPreset: string): string {
  const lines = ['', `Single-process command (b) by x264 preset, CRF ${crf} (the default is ${defaultPreset}):`];
  lines.push(`  ${'preset'.padEnd(12)} ${'seconds'.padStart(8)} ${'realtime'.padStart(9)} ${'720p SSIM'.padStart(9)} ${'720p PSNR'.padStart(9)}   ${'output'.padStart(9)}`);
  for (const row of rows) {
    const note = row.reused ? '   (the (b) pass of round 1)' : '';
    lines.push(`  ${row.preset.padEnd(12)} ${secs(row.ms).padStart(8)} ${realtime(clipSeconds, row.ms).padStart(9)} ${qualityText(row.quality)}   ${megabytes(row.bytes).padStart(9)}${note}`);
  }
  return lines.join('\n');
}

export function formatTargets(results: readonly PassResult[]): string {
  const ms = (pass: PassId) => median(results.filter((r) => r.pass === pass).map((r) => r.output.ms));
  const aOverB = ms('a') / ms('b');
  const cOverA = ms('c') / ms('a');
  return `TARGETS: (a)/(b) ${aOverB.toFixed(3)} ${verdict(aOverB <= TARGET_JOB_OVER_SINGLE)} (≤ ${TARGET_JOB_OVER_SINGLE}); (c)/(a) ${cOverA.toFixed(3)} ${verdict(cOverA >= TARGET_PER_RENDITION_OVER_JOB)} (≥ ${TARGET_PER_RENDITION_OVER_JOB})`;
}
