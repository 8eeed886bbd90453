import type { TracedProcess } from './child-trace.js';
import type { JobPassOutput } from './job-pass.js';

/**
 * Where the job's time went, from the request to the video seen ready: the queue (request →
 * started_at), the child processes it ran grouped by kind, and the time with no child
 * process running (Node: the database, the queue, writing playlists, renaming folders).
 */

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const at = (ms: number): string => `+${(ms / 1000).toFixed(3)} s`;

/** Total length of the union of [start, end] intervals clipped to [from, to]. */
function coveredMs(processes: readonly TracedProcess[], from: number, to: number): number {
  const intervals = processes.map((p) => [Math.max(from, p.startMs), Math.min(to, p.endMs)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = from;
  for (const [start, end] of intervals) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

function byKind(processes: readonly TracedProcess[]): string[] {
  const groups = new Map<string, { count: number; ms: number; cpuMs: number }>();
  for (const p of processes) {
    const group = groups.get(p.kind) ?? { count: 0, ms: 0, cpuMs: 0 };
    group.count += 1;
    group.ms += p.endMs - p.startMs;
    group.cpuMs += p.cpuMs;
    groups.set(p.kind, group);
  }
  return [...groups].map(([kind, g]) => `${kind} ×${g.count} ${seconds(g.ms)} (CPU ${seconds(g.cpuMs)})`);
}

export function formatJobBreakdown(job: JobPassOutput, singlePassMs: number | null, pollMs: number): string {
  const { timeline: t, trace } = job;
  const rel = (ms: number) => ms - t.requestMs;
  const main = trace.find((p) => p.kind === 'transcode');
  const lines = [`  where (a)'s time went (times from the request; child processes sampled at each ${pollMs} ms poll):`];
  lines.push(`    ${'request() returned'.padEnd(34)} ${at(rel(t.requestReturnedMs)).padStart(10)}   job row inserted, job handed to Agenda`);
  lines.push(`    ${'job claimed by the worker'.padEnd(34)} ${at(rel(t.startedMs)).padStart(10)}   started_at; queued_at → started_at ${seconds(job.pickupMs)}`);
  if (main) {
    const versus = singlePassMs === null ? '' : `; (b) ran the same command in ${seconds(singlePassMs)}`;
    lines.push(`    ${'main ffmpeg started'.padEnd(34)} ${at(rel(main.startMs)).padStart(10)}   after ${seconds(main.startMs - t.startedMs)} of probe and set-up in the job`);
    lines.push(`    ${'main ffmpeg ended'.padEnd(34)} ${at(rel(main.endMs)).padStart(10)}   ran ${seconds(main.endMs - main.startMs)}${versus}`);
  }
  lines.push(`    ${'job finished'.padEnd(34)} ${at(rel(t.finishedMs)).padStart(10)}   finished_at; ${main ? `${seconds(t.finishedMs - main.endMs)} after the main ffmpeg` : ''}`);
  lines.push(`    ${'video seen ready by the poll'.padEnd(34)} ${at(rel(t.readyMs)).padStart(10)}   (every ${pollMs} ms)`);
  const during = trace.filter((p) => p.endMs >= t.startedMs - 50);
  lines.push(`    child processes: ${byKind(during).join(', ') || 'none seen'}`);
  const span = t.finishedMs - t.startedMs;
  const idle = span - coveredMs(during, t.startedMs, t.finishedMs);
  lines.push(`    started_at → finished_at ${seconds(span)}, of which ${seconds(idle)} with no child process running (Node, database, queue, files)`);
  if (main && singlePassMs !== null) {
    const parts = [
      `pickup ${seconds(t.startedMs - t.requestMs)}`,
      `probe and set-up ${seconds(main.startMs - t.startedMs)}`,
      `main ffmpeg longer than (b) by ${seconds(main.endMs - main.startMs - singlePassMs)}`,
      `steps after it ${seconds(t.finishedMs - main.endMs)}`,
      `seen ready ${seconds(t.readyMs - t.finishedMs)} later`,
    ];
    lines.push(`    (a) − (b) = ${seconds(job.wallMs - singlePassMs)}: ${parts.join(', ')}`);
  }
  lines.push(`    CPU: ffmpeg/ffprobe ${seconds(job.cpuMs)}, this Node process ${seconds(job.nodeCpuMs)} (worker, queue, database client, the bench's polling and sampling)`);
  return lines.join('\n');
}
