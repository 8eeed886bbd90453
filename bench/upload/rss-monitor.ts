import { readFileSync } from 'node:fs';

/**
 * Memory of another process from /proc/<pid>/status: VmRSS (now) and VmHWM (the kernel's
 * own peak of VmRSS since the process started). VmRSS is also sampled on a timer so each
 * pass can report its own peak.
 */
export interface RssReading {
  readonly rssBytes: number;
  readonly hwmBytes: number;
}

export interface RssMonitor {
  read(): RssReading;
  /** Highest sampled VmRSS since the previous call (or the start), then starts a new window. */
  takeWindowPeak(): number;
  /** Highest sampled VmRSS since the start. */
  overallPeak(): number;
  stop(): void;
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`${name} is missing from /proc status`);
  return Number(match[1]) * 1024;
}

export function readRss(pid: number): RssReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: field(status, 'VmRSS'), hwmBytes: field(status, 'VmHWM') };
}

export function startRssMonitor(pid: number, intervalMs = 50): RssMonitor {
  let window = 0;
  let overall = 0;
  const sample = () => {
    let rss: number;
    try {
      rss = readRss(pid).rssBytes;
    } catch {
      return; // the process is gone (it is being stopped): nothing left to sample
    }
    window = Math.max(window, rss);
    overall = Math.max(overall, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    read: () => readRss(pid),
    takeWindowPeak() {
      sample();
      const peak = window;
      window = 0;
      return peak;
    },
    overallPeak: () => overall,
    stop: () => clearInterval(timer),
  };
}
