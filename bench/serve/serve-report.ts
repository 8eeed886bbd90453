import type { CpuShares } from './cpu-meter.js';
import type { CaseName } from './serve-options.js';
import type { WrkResult } from './wrk-runner.js';

/** Figures of each wrk run, and the medians, ratios and verdicts printed at the end. */
export type ServerName = 'a' | 'a0' | 'b' | 'c' | 'd';

export const SERVER_ORDER: readonly ServerName[] = ['b', 'a', 'a0', 'c', 'd'];

export const SERVER_TITLES: Record<ServerName, string> = {
  a: '(a) Lectern (grant + epoch cache)',
  a0: "(a0) handler as Express's 1st middleware",
  b: '(b) bare node:http, createReadStream 1 MiB',
  c: '(c) nginx static',
  d: '(d) nginx → Lectern x-accel-redirect',
};

export interface Measured {
  readonly round: number;
  readonly caseName: CaseName;
  readonly server: ServerName;
  readonly result: WrkResult;
  readonly cpu: CpuShares;
  /** (d): requests that reached Lectern (all of them: a check against nginx's figures). */
  readonly lecternRequests: number | null;
}

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits = 0) => value.toFixed(digits).padStart(8);
const cores = (value: number) => value.toFixed(2);

export function formatRow(m: Measured): string {
  const r = m.result;
  const errors = r.errors ? `  ${r.errors} ERRORS` : '';
  const serverMicros = ((m.cpu.node + m.cpu.nginx) * 1e6) / Math.max(1, r.requestsPerSecond);
  const cpu = `cpu node ${cores(m.cpu.node)} nginx ${cores(m.cpu.nginx)} wrk ${cores(m.cpu.wrk)} other ${cores(m.cpu.other)}; server ${serverMicros.toFixed(0)} µs CPU/req`;
  const asked = m.lecternRequests === null ? '' : `; Lectern asked ${m.lecternRequests} times`;
  return `  ${pad(SERVER_TITLES[m.server], 43)}${num(r.requestsPerSecond)} req/s${num(r.megabytesPerSecond, 1)} MB/s  p50${num(r.p50Ms, 2)} ms  p99${num(r.p99Ms, 2)} ms  ${cpu}${asked}${errors}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Ratio {
  readonly label: string;
  readonly top: ServerName;
  readonly bottom: ServerName;
  readonly target: number | null;
}

const RATIOS: readonly Ratio[] = [
  { label: '(a)/(b)  Lectern / bare Node', top: 'a', bottom: 'b', target: 0.9 },
  { label: '(d)/(c)  nginx + Lectern x-accel / nginx', top: 'd', bottom: 'c', target: 0.8 },
  { label: '(a)/(c)  Lectern / nginx', top: 'a', bottom: 'c', target: null },
  { label: "(a)/(a0) ahead of Express / inside it", top: 'a', bottom: 'a0', target: null },
];

export function formatSummary(results: readonly Measured[], cases: readonly CaseName[]): string[] {
  const rounds = new Set(results.map((m) => m.round)).size;
  const lines = ['', `medians over ${rounds} round(s): requests/s, MB/s, p99 ms`];
  const of = (caseName: CaseName, server: ServerName) => results.filter((m) => m.caseName === caseName && m.server === server);
  for (const caseName of cases) {
    lines.push(`  ${caseName}`);
    for (const server of SERVER_ORDER) {
      const runs = of(caseName, server);
      if (runs.length === 0) continue;
      const rate = median(runs.map((m) => m.result.requestsPerSecond));
      const mbps = median(runs.map((m) => m.result.megabytesPerSecond));
      const p99 = median(runs.map((m) => m.result.p99Ms));
      lines.push(`    ${pad(SERVER_TITLES[server], 43)}${num(rate)} req/s${num(mbps, 1)} MB/s  p99${num(p99, 2)} ms`);
    }
  }
  lines.push('', 'ratios of the median requests/s (same files, same ranges, same run):');
  for (const caseName of cases) {
    lines.push(`  ${caseName}`);
    for (const ratio of RATIOS) {
      const top = of(caseName, ratio.top);
      const bottom = of(caseName, ratio.bottom);
      if (top.length === 0 || bottom.length === 0) continue;
      const value = median(top.map((m) => m.result.requestsPerSecond)) / median(bottom.map((m) => m.result.requestsPerSecond));
      const verdict = ratio.target === null ? '' : `  target ≥ ${ratio.target}: ${value >= ratio.target ? 'PASS' : 'FAIL'}`;
      lines.push(`    ${pad(ratio.label, 44)} ${value.toFixed(3)}${verdict}`);
    }
  }
  return lines;
}
