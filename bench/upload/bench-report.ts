import { formatByteSize } from '../../server/src/config/byte-size.js';
import type { CpuTime } from './process-cpu.js';

/** Figures of the upload benchmark and how they are printed. MB = 10^6 bytes throughout. */
export type PassKind =
  | { readonly kind: 'baseline' }
  | { readonly kind: 'upload'; readonly chunkSize: number }
  | { readonly kind: 'plain'; readonly chunkSize: number };

export interface PassResult {
  readonly pass: PassKind;
  readonly round: number;
  readonly ms: number;
  /** Highest sampled server VmRSS during the pass. */
  readonly serverRssPeak: number;
  /** CPU time of the server and of the bench process (client or baseline copy) during the pass. */
  readonly cpu: { readonly server: CpuTime; readonly bench: CpuTime };
  /** Full GCs of the server during the pass (0 unless it runs with --trace-gc). */
  readonly serverMarkCompacts: number;
  /** Upload passes: final status, PATCH count, last byte → final response. */
  readonly upload?: { readonly status: number; readonly patches: number; readonly finishMs: number };
}

export interface MemoryFigures {
  readonly hwm: number;
  readonly sampledPeak: number;
  readonly idle: number;
}

export const TARGET_RATIO = 0.7;
export const TARGET_RSS_BYTES = 250e6;

export function passLabel(pass: PassKind): string {
  if (pass.kind === 'baseline') return 'disk write (baseline)';
  if (pass.kind === 'upload') return `tus upload, ${formatByteSize(pass.chunkSize)} PATCH`;
  return `plain node:http, ${formatByteSize(pass.chunkSize)} PUT`;
}

export const mbPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const cpuText = (cpu: CpuTime): string => `${(cpu.userMs / 1000).toFixed(1)}+${(cpu.systemMs / 1000).toFixed(1)} s`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatPass(result: PassResult, size: number): string {
  const speed = `${mbPerSecond(size, result.ms).toFixed(1).padStart(7)} MB/s`;
  const head = `round ${result.round}  ${passLabel(result.pass).padEnd(27)} ${(result.ms / 1000).toFixed(2).padStart(6)} s ${speed}`;
  const cpu = `CPU user+sys: server ${cpuText(result.cpu.server)}, bench ${cpuText(result.cpu.bench)}`;
  const upload = result.upload ? `; ${result.upload.patches} PATCH, last byte → ${result.upload.status} in ${(result.upload.finishMs / 1000).toFixed(2)} s` : '';
  const gc = result.serverMarkCompacts ? `; server Mark-Compacts ${result.serverMarkCompacts}` : '';
  return `${head}   ${cpu}; server RSS ≤ ${mb(result.serverRssPeak)}${upload}${gc}`;
}

function statusMeaning(status: number): string {
  if (status === 204) return 'video filed: received, probed by ffprobe, moved into storage';
  if (status === 422) return 'all bytes received, then rejected as not media (expected for a random payload)';
  return 'unexpected';
}

function speedLine(label: string, speed: number, tail: string): string {
  return `  ${label.padEnd(38)} ${speed.toFixed(1).padStart(8)} MB/s${tail}`;
}

export function formatSummary(results: readonly PassResult[], passes: readonly PassKind[], size: number, memory: MemoryFigures): string {
  const speedOf = (pass: PassKind) => median(results.filter((r) => passLabel(r.pass) === passLabel(pass)).map((r) => mbPerSecond(size, r.ms)));
  const baseline = speedOf({ kind: 'baseline' });
  const rounds = new Set(results.map((r) => r.round)).size;
  const lines = ['', `Results (median of ${rounds} round${rounds > 1 ? 's' : ''}; MB = 10^6 bytes)`, speedLine(passLabel({ kind: 'baseline' }), baseline, '')];
  const uploads = passes.filter((pass) => pass.kind === 'upload');
  const ratios = uploads.map((pass) => speedOf(pass) / baseline);
  uploads.forEach((pass, index) => {
    const ratio = ratios[index]!;
    lines.push(speedLine(passLabel(pass), speedOf(pass), `   ratio ${ratio.toFixed(2)}  ${verdict(ratio >= TARGET_RATIO)} (target ≥ ${TARGET_RATIO})`));
  });
  const plain = passes.find((pass) => pass.kind === 'plain');
  if (plain && uploads[0]) {
    const ceiling = speedOf(plain);
    lines.push(speedLine(`${passLabel(plain)} (ceiling)`, ceiling, `   ratio ${(ceiling / baseline).toFixed(2)}; Lectern ${passLabel(uploads[0]).replace('tus upload, ', '')} / ceiling ${(speedOf(uploads[0]) / ceiling).toFixed(2)}`));
  }
  const statuses = [...new Set(results.flatMap((r) => (r.upload ? [r.upload.status] : [])))];
  lines.push(`  ${'final PATCH status'.padEnd(38)} ${statuses.map((s) => `${s} (${statusMeaning(s)})`).join(', ')}`);
  const rssOk = memory.hwm <= TARGET_RSS_BYTES;
  lines.push(`  ${'server peak RSS (VmHWM)'.padEnd(38)} ${mb(memory.hwm).padStart(11)}      ${verdict(rssOk)} (target ≤ ${mb(TARGET_RSS_BYTES)})`);
  lines.push(`    max sampled VmRSS ${mb(memory.sampledPeak)}, VmRSS when idle after start ${mb(memory.idle)}`);
  const first = uploads[0] ? passLabel(uploads[0]) : 'upload';
  lines.push('', `TARGETS: ratio ${ratios[0]?.toFixed(2) ?? '-'} (${first}) ${verdict((ratios[0] ?? 0) >= TARGET_RATIO)}; peak RSS ${mb(memory.hwm)} ${verdict(rssOk)}`);
  return lines.join('\n');
}
