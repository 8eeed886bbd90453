import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../server/src/infra/project-root.js';

/**
 * A TCP port free on 127.0.0.1 now, for a server another process will start on it. Chosen below
 * Linux's ephemeral range (32768–60999): between this check and the server's listen (seconds,
 * while PostgreSQL starts), an outgoing connection of any process may take an ephemeral port as
 * its local port, and the server's listen then fails with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(candidate)) return candidate;
  }
  throw new Error('no free port found between 20000 and 32000 on 127.0.0.1');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export interface Running {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/** Runs one of our TypeScript entry points (e.g. 'server/src/main.ts') as a real process, with only `env`. */
export function startNodeProcess(script: string, env: Record<string, string>): Running {
  const tsx = pathToFileURL(path.join(projectRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(projectRoot(), script)], {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Keeps the last `max` lines a child process prints (stdout and stderr): a failure shows them. */
export function outputTail(child: ChildProcess, max: number): () => string {
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > max) lines.splice(0, lines.length - max);
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  return () => lines.join('\n');
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function waitForText(running: Running, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!running.output().includes(text)) {
    if (Date.now() > deadline || running.child.exitCode !== null) throw new Error(`"${text}" never came; output:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Pids of running `ffmpeg` processes whose working folder starts with `folder` (Linux /proc). */
export async function ffmpegProcessesIn(folder: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = (await readFile(`/proc/${entry}/comm`, 'utf8')).trim();
      if (name !== 'ffmpeg') continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie has exited already
      if ((await readlink(`/proc/${entry}/cwd`)).startsWith(folder)) pids.push(Number(entry));
    } catch (error) {
      // The process ended between readdir and now, or belongs to another user: not ours.
      if (!['ENOENT', 'ESRCH', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  return pids;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
