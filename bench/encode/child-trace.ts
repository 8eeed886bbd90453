import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which child processes (ffmpeg, ffprobe) this process ran, and when, without touching the
 * worker: main transcode, probes, remuxes, thumbnails, storyboard, and the gaps between them
 * (Node, the database, the queue). This kernel has no /proc/<pid>/task/<tid>/children and a
 * readdir of /proc every 20 ms costs 35 ms of CPU per second, which would slow the very job
 * being measured; so each tick reads the last pid the kernel handed out (/proc/loadavg) and
 * looks only at the new ones, then at the children it follows. There is no timer of its own
 * (on this VM a bare 20 ms interval costs ≈ 10 ms of CPU per second): the caller ticks it from
 * its poll loop. Times are performance.now() values, good to one tick; a child living less
 * than a tick may be missed.
 */
export interface TracedProcess {
  readonly pid: number;
  /** e.g. 'transcode', 'ffprobe', 'ffprobe by fluent-ffmpeg', 'mp4 remux', 'thumbnail', 'storyboard'. */
  readonly kind: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly cpuMs: number;
}

export interface ChildTrace {
  /** Looks at new and followed children now; the caller's own poll loop calls it (one wake-up for both). */
  tick(): void;
  stop(): TracedProcess[];
}

function kindOf(argv: readonly string[]): string {
  const binary = path.basename(argv[0] ?? '');
  // Ours asks for JSON (ffprobe-media-probe.ts); fluent-ffmpeg probes every input it runs
  // once a 'progress' listener is attached, with plain -show_streams -show_format.
  if (binary.startsWith('ffprobe')) return argv.includes('-print_format') ? 'ffprobe' : 'ffprobe by fluent-ffmpeg';
  if (argv.some((arg) => ['-formats', '-codecs', '-encoders', '-filters'].includes(arg))) return 'capability check';
  if (argv.includes('-filter_complex')) return 'transcode';
  if (argv.some((arg) => arg.includes('tile='))) return 'storyboard';
  if (argv.includes('copy')) return 'mp4 remux';
  if (argv.includes('-frames:v')) return 'thumbnail';
  return binary;
}

/** [ppid, state, cpu ms] from /proc/<pid>/stat, or null once the process is gone. */
function readStat(pid: number): { ppid: number; state: string; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), state: fields[0]!, cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
  } catch {
    return null;
  }
}

function readArgv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The most recently created pid (the last field of /proc/loadavg). */
const lastPid = (): number => Number(readFileSync('/proc/loadavg', 'utf8').trim().split('/').pop()!.split(' ').pop());

/** A process (not a thread of one: threads share the pid space) whose parent is us. */
function isOurChild(pid: number): boolean | null {
  const stat = readStat(pid);
  if (stat === null || stat.ppid !== process.pid) return stat === null ? null : false;
  try {
    return /^Tgid:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(pid);
  } catch {
    return null;
  }
}

/** Pids created after `after` up to `upTo`, across a wrap of the pid space. */
function newPids(after: number, upTo: number): number[] {
  if (upTo === after) return [];
  const pids: number[] = [];
  if (upTo > after) for (let pid = after + 1; pid <= upTo; pid += 1) pids.push(pid);
  else for (let pid = 1; pid <= upTo; pid += 1) pids.push(pid);
  return pids;
}

export function startChildTrace(): ChildTrace {
  let seen = lastPid();
  /** Children still showing the forked Node image: their argv is read again next tick. */
  let pending: number[] = [];
  const live = new Map<number, { kind: string; startMs: number; lastMs: number; cpuMs: number }>();
  const done: TracedProcess[] = [];
  const finish = (pid: number) => {
    const entry = live.get(pid)!;
    live.delete(pid);
    done.push({ pid, kind: entry.kind, startMs: entry.startMs, endMs: entry.lastMs, cpuMs: entry.cpuMs });
  };
  const tick = () => {
    const now = performance.now();
    const newest = lastPid();
    const candidates = [...pending, ...newPids(seen, newest)];
    seen = newest;
    pending = [];
    for (const pid of candidates) {
      if (live.has(pid) || isOurChild(pid) !== true) continue;
      const argv = readArgv(pid);
      if (argv.length === 0 || path.basename(argv[0]!).startsWith('node')) {
        pending.push(pid);
        continue;
      }
      live.set(pid, { kind: kindOf(argv), startMs: now, lastMs: now, cpuMs: readStat(pid)?.cpuMs ?? 0 });
    }
    for (const [pid, entry] of live) {
      const stat = readStat(pid);
      if (stat === null || stat.state === 'Z') finish(pid);
      else {
        entry.lastMs = now;
        entry.cpuMs = stat.cpuMs;
      }
    }
  };
  return {
    tick,
    stop() {
      tick();
      for (const pid of [...live.keys()]) finish(pid);
      return done.sort((a, b) => a.startMs - b.startMs);
    },
  };
}
