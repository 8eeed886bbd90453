import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServerMode } from './bench-options.js';

/**
 * The real Lectern server as a child `node` process (so its memory can be read from /proc),
 * on loopback only, with its embedded PostgreSQL and its var folder in the bench workspace.
 */
export interface ServerProcess {
  /** Pid of the server's own node process (no shell or npm in between). */
  readonly pid: number;
  readonly baseUrl: string;
  readonly env: NodeJS.ProcessEnv;
  /** Last lines the server printed, for error messages. */
  outputTail(): string;
  /** Full garbage collections so far; counted only when the server runs with --trace-gc. */
  markCompacts(): number;
  /** SIGTERM, then wait for the exit (SIGKILL after a grace period). */
  stop(): Promise<string>;
}

export interface ServerOptions {
  readonly repoRoot: string;
  readonly varDir: string;
  readonly mode: ServerMode;
  readonly maxUploadSize: number;
  /** Extra node arguments (V8 flags) placed before the script. */
  readonly nodeArgs: readonly string[];
}

const execFileAsync = promisify(execFile);
const READY_TIMEOUT_MS = 120_000;
const READY_POLL_MS = 250;
const STOP_GRACE_MS = 30_000;
const CLI_TIMEOUT_MS = 90_000;
const BUILD_TIMEOUT_MS = 300_000;
const TAIL_LINES = 40;
const ADMIN = 'admin';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function serverEnv(options: ServerOptions, port: number, pgPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    EMBEDDED_PG_PORT: String(pgPort),
    LECTERN_VAR_DIR: options.varDir,
    LOG_LEVEL: 'warn',
    LECTERN_ADMIN_USERNAME: ADMIN,
    LECTERN_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    UPLOAD_MAX_SIZE: String(Math.max(options.maxUploadSize, 3 * 2 ** 30)),
    USER_QUOTA: '0',
  };
  // The embedded cluster, never a configured database; no loader inherited from the bench's tsx.
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return env;
}

function serverArgs(options: ServerOptions): string[] {
  if (options.mode === 'source') return [...options.nodeArgs, '--import', 'tsx', path.join(options.repoRoot, 'server/src/main.ts')];
  const compiled = path.join(options.repoRoot, 'dist/server/src/main.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing after the build.`);
  return [...options.nodeArgs, compiled];
}

interface OutputWatch {
  tail(): string;
  markCompacts(): number;
}

/** Keeps the last lines the server printed, and counts full GCs when it runs with --trace-gc. */
function watchOutput(child: ChildProcess): OutputWatch {
  const lines: string[] = [];
  let partial = '';
  let markCompacts = 0;
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.includes(': Mark-Compact ')) markCompacts += 1;
      else if (line) lines.push(line);
    }
    lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { tail: () => [...lines, partial].join('\n'), markCompacts: () => markCompacts };
}

function exitOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(`exit ${child.exitCode ?? child.signalCode}`);
    else child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit ${code}`));
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false; // not listening yet: the caller polls again until its deadline
  }
}

async function waitUntilReady(child: ChildProcess, baseUrl: string, tail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The server exited before it was ready:\n${tail()}`);
    if (await isReady(baseUrl)) return;
    await delay(READY_POLL_MS);
  }
  throw new Error(`The server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail()}`);
}

function stopper(child: ChildProcess): () => Promise<string> {
  let stopping: Promise<string> | null = null;
  return () => {
    stopping ??= (async () => {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env = serverEnv(options, port, await freePort());
  const child = spawn(process.execPath, serverArgs(options), { cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('The server process could not be started.');
  const output = watchOutput(child);
  const server: ServerProcess = { pid: child.pid, baseUrl: `http://127.0.0.1:${port}`, env, outputTail: output.tail, markCompacts: output.markCompacts, stop: stopper(child) };
  try {
    await waitUntilReady(child, server.baseUrl, output.tail);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/**
 * Compiles the server into dist/ as `npm start` does (its prestart), so the measured process
 * is the production one: running from sources through tsx adds its loader to the RSS.
 */
export async function buildServer(repoRoot: string): Promise<void> {
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  try {
    await execFileAsync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, timeout: BUILD_TIMEOUT_MS });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`"tsc -p tsconfig.build.json" failed (set BENCH_SERVER=source to run the sources with tsx instead):\n${output}`, { cause: error });
  }
}

/** An API token for the admin, made by the `lectern` CLI against the running server's cluster. */
export async function createAdminToken(server: ServerProcess, repoRoot: string): Promise<string> {
  const cli = path.join(repoRoot, 'server/src/cli/lectern.ts');
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', cli, 'token:create', ADMIN, '--name', 'upload-bench', '--json'], {
    cwd: repoRoot,
    env: server.env,
    timeout: CLI_TIMEOUT_MS,
  });
  const json = stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1);
  const key = json ? (JSON.parse(json) as { key?: unknown }).key : undefined;
  if (typeof key !== 'string' || !key) throw new Error(`token:create printed no key:\n${stdout}`);
  return key;
}
