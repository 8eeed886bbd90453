import { readdirSync, readFileSync } from 'node:fs';
import { childrenCpuMs, machineBusyMs, ownCpuMs } from '../encode/ffmpeg-tool.js';

/**
 * Where the CPU went during one wrk run, in cores (CPU seconds per second): this process (the
 * Node servers), wrk (a reaped child by the time it is read), nginx's processes, and everything
 * else on the machine. "Other" above a few hundredths means something else ran meanwhile
 * (another test run on a shared machine): that run's figures are not comparable.
 */
export interface CpuSample {
  readonly atMs: number;
  readonly ownMs: number;
  readonly childrenMs: number;
  readonly nginxMs: number;
  readonly busyMs: number;
}

export interface CpuShares {
  readonly node: number;
  readonly wrk: number;
  readonly nginx: number;
  readonly other: number;
}

const TICK_MS = 10;

function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // the process is gone: it used no more CPU
  }
}

/** A process and its direct children (nginx's master and workers), from /proc. */
export function processTree(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
  return [pid, ...children];
}

export function sampleCpu(nginxPids: readonly number[]): CpuSample {
  return {
    atMs: performance.now(),
    ownMs: ownCpuMs(),
    childrenMs: childrenCpuMs(),
    nginxMs: nginxPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    busyMs: machineBusyMs(),
  };
}

export function cpuShares(before: CpuSample, after: CpuSample): CpuShares {
  const wall = after.atMs - before.atMs;
  const own = after.ownMs - before.ownMs;
  const wrk = after.childrenMs - before.childrenMs;
  const nginx = after.nginxMs - before.nginxMs;
  const other = Math.max(0, after.busyMs - before.busyMs - own - wrk - nginx);
  return { node: own / wall, wrk: wrk / wall, nginx: nginx / wall, other: other / wall };
}
