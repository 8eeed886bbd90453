import { loadConfigFromProcess, type Config } from '../config/config.js';
import { resolveDatabaseServer } from '../infra/database-server.js';
import { openDatabase } from '../infra/db.js';
import { createJobQueueProducer } from '../infra/agenda.js';
import { createLogger } from '../infra/logger.js';
import { resolveFfmpegBinaries } from '../infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../infra/media/ffprobe-media-probe.js';
import { migrate } from '../infra/migrator.js';
import { readOrCreateSecret } from '../infra/secrets.js';
import { createServices, type Services } from '../services.js';
import type { User } from '../domain/users/user.js';

export interface CliContext {
  readonly config: Config;
  readonly services: Services;
}

/**
 * Opens what a command needs: the configured database (the embedded cluster is started for
 * the command, or joined if the server already runs it), migrated, and the services.
 */
export async function withCliContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfigFromProcess();
  // Commands print their own results; logs stay quiet unless something is wrong.
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const database = await resolveDatabaseServer(config, logger);
  const handle = openDatabase(database.url, logger, { max: 3 });
  try {
    await migrate(handle.pool, logger);
    const binaries = resolveFfmpegBinaries(config.ffmpeg, process.env.PATH);
    const queue = await createJobQueueProducer(handle.pool, logger);
    try {
      const secret = config.sessionSecret ?? (await readOrCreateSecret(config.varDir, 'session-secret'));
      const services = createServices({ db: handle.db, config, logger, probe: createFfprobeMediaProbe(binaries.ffprobe), queue, secret });
      return await run({ config, services });
    } finally {
      await queue.close();
    }
  } finally {
    await handle.close();
    await database.stop();
  }
}

/** Runs `work` as the named user (an administrator, for admin commands: the domain refuses anyone else). */
export function withCliUser<T>(username: string, work: (user: User, context: CliContext) => Promise<T>): Promise<T> {
  return withCliContext(async (context) => work(await context.services.userService.getByUsername(username), context));
}
