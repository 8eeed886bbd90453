import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, outputTail, stopProcess } from '../../helpers/processes.js';

/**
 * Starts the real Lectern web process (`node --import tsx server/src/main.ts`) on 127.0.0.1
 * with its own embedded PostgreSQL under a fresh temporary folder, and stops it with SIGTERM.
 */

const execFileAsync = promisify(execFile);
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
const LOG_TAIL_LINES = 40;

export interface LecternServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly baseUrl: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  /** The fresh folder holding the database, uploads and media (removed by stop()). */
  readonly varDir: string;
  /** Creates a local user with the `lectern` CLI against the running server's database. */
  createUser(username: string, options: { password: string; staff?: boolean }): Promise<void>;
  /** Runs a `lectern` CLI command against the running server's database; its standard output. */
  cli(args: readonly string[]): Promise<string>;
  /** The last lines the server printed, to explain a failure. */
  logTail(): string;
  stop(): Promise<void>;
}

export { freePort };

async function waitUntilReady(baseUrl: string, child: ChildProcess, tail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Lectern exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${tail()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet: the embedded PostgreSQL is still starting. Poll again below.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Lectern was not ready at ${baseUrl}/readyz within ${READY_TIMEOUT_MS / 1000} s:\n${tail()}`);
}

export async function startLectern(options: { env?: Record<string, string> } = {}): Promise<LecternServer> {
  const varDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-browser-'));
  // PostgreSQL runs as the unprivileged "postgres" user when we are root: it must enter this folder.
  await chmod(varDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${port}`;
  const adminUsername = 'admin';
  const adminPassword = 'admin-password-for-browser-tests';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    LECTERN_VAR_DIR: varDir,
    LOG_LEVEL: 'warn',
    LECTERN_ADMIN_USERNAME: adminUsername,
    LECTERN_ADMIN_PASSWORD: adminPassword,
    PUBLIC_URL: baseUrl,
    DATABASE_URL: '',
    // The in-process encoding worker must not hold the stop up (its default grace is 20 s).
    ENCODING_SHUTDOWN_GRACE_SECONDS: '1',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logTail = outputTail(child, LOG_TAIL_LINES);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopProcess(child, STOP_TIMEOUT_MS);
    await rm(varDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, logTail);
  } catch (error) {
    await stop();
    throw error;
  }

  const cli = async (args: readonly string[]) => {
    try {
      return (await execFileAsync(process.execPath, ['--import', 'tsx', 'server/src/cli/lectern.ts', ...args], { cwd: projectRoot, env })).stdout;
    } catch (error) {
      const failure = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`lectern ${args.slice(0, 2).join(' ')} failed: ${failure.stderr || failure.stdout || failure.message}`, { cause: error });
    }
  };

  return {
    baseUrl,
    adminUsername,
    adminPassword,
    varDir,
    logTail,
    stop,
    cli,
    async createUser(username, { password, staff = false }) {
      await cli(['user:create', username, '--password', password, ...(staff ? ['--staff'] : [])]);
    },
  };
}
