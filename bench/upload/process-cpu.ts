import { readFileSync } from 'node:fs';

/**
 * CPU time (all threads) used so far, in milliseconds, split into user and kernel time.
 * Disk-independent: it shows what a pass costs even when the disk's speed wanders.
 */
export interface CpuTime {
  readonly userMs: number;
  readonly systemMs: number;
}

/** Linux reports /proc/<pid>/stat times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/** Another process, from /proc/<pid>/stat (fields 14 utime and 15 stime). */
export function processCpu(pid: number): CpuTime {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { userMs: Number(fields[11]) * MS_PER_TICK, systemMs: Number(fields[12]) * MS_PER_TICK };
}

/** This process (the bench: the tus client, or the baseline copy). */
export function ownCpu(): CpuTime {
  const usage = process.cpuUsage();
  return { userMs: usage.user / 1000, systemMs: usage.system / 1000 };
}

export function cpuSince(before: CpuTime, after: CpuTime): CpuTime {
  return { userMs: after.userMs - before.userMs, systemMs: after.systemMs - before.systemMs };
}
