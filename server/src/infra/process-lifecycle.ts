import { ConfigError, loadConfigFromProcess, type Config } from '../config/config.js';
import type { Logger } from './logger.js';

/**
 * What every long-running composition root (the web process, the standalone worker) does at
 * its edges: read the configuration or say what is wrong with it, stop cleanly on SIGINT and
 * SIGTERM, and explain a failed start.
 */

export function loadConfigOrExit(): Config {
  try {
    return loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs `stop` once on the first SIGINT or SIGTERM, then exits 0 (1 if stopping failed). */
export function stopOnSignals(logger: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal).then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.fatal({ err: error }, 'could not stop cleanly');
          process.exit(1);
        },
      );
    });
  }
}

export function exitOnStartFailure(what: string): (error: unknown) => never {
  return (error) => {
    process.stderr.write(`${what} could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
}
