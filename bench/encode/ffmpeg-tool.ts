import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Runs ffmpeg for the benchmark: timed, with the CPU time it used, its stderr tail kept for
 * errors and the metrics parsers, and every running process known so that Ctrl-C stops them.
 */

const exec = promisify(execFile);
const STDERR_KEEP = 64 * 1024;
/** Linux reports child CPU time in USER_HZ ticks, 100 per second on every mainstream build. */
const TICK_MS = 10;

const running = new Set<ChildProcess>();

export interface FfmpegRun {
  readonly ms: number;
  /** user + system CPU time of the process, ms. */
  readonly cpuMs: number;
  readonly stderr: string;
}

/**
 * CPU time (user + system, ms) of this process's finished and reaped children, from
 * /proc/self/stat (cutime, cstime). Differences around a pass give its ffmpeg/ffprobe CPU time.
 */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/**
 * CPU time (ms) all processes on the machine have spent busy, from /proc/stat: a pass's share
 * minus its own (this process and its children) is what other processes took meanwhile.
 */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
  const busy = ticks.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy * TICK_MS;
}

/** This Node process's own CPU time (user + system, ms). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Runs `work` and says how much CPU time other processes took meanwhile (ms; ± a few ticks). */
export async function withOtherCpu<T>(work: () => Promise<T>): Promise<{ value: T; otherCpuMs: number }> {
  const machine = machineBusyMs();
  const ours = ownCpuMs() + childrenCpuMs();
  const value = await work();
  const otherCpuMs = machineBusyMs() - machine - (ownCpuMs() + childrenCpuMs() - ours);
  return { value, otherCpuMs: Math.max(0, otherCpuMs) };
}

export function runFfmpeg(binary: string, args: readonly string[], cwd: string): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr += text;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.once('error', (error) => {
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      const ms = performance.now() - started;
      if (code === 0) {
        resolve({ ms, cpuMs: childrenCpuMs() - cpuBefore, stderr });
        return;
      }
      const tail = stderr.trim().split('\n').slice(-12).join('\n');
      reject(new Error(`ffmpeg ${signal ? `was killed by ${signal}` : `exited with code ${code}`}: ${binary} ${args.join(' ')}\n${tail}`));
    });
  });
}

/** Stops every ffmpeg this module started and that is still running (Ctrl-C). */
export function killRunningFfmpeg(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1". */
export async function ffmpegVersion(binary: string): Promise<string> {
  const { stdout } = await exec(binary, ['-hide_banner', '-version']);
  return stdout.split('\n')[0]!.replace(/\s+Copyright.*$/, '').trim();
}

/** Whether this ffmpeg has the libvmaf filter (`ffmpeg -filters`; vmafmotion alone is not VMAF). */
export async function hasLibvmaf(binary: string): Promise<boolean> {
  const { stdout } = await exec(binary, ['-hide_banner', '-filters'], { maxBuffer: 4 << 20 });
  return stdout.split('\n').some((line) => /^\s*\S+\s+libvmaf\s/.test(line));
}
