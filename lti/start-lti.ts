import type pg from 'pg';
import type { Config } from '../server/src/config/config.js';
import { uploadRoutesDeps } from '../server/src/http/api/uploads.routes.js';
import { companionDatabaseUrl, ensureDatabase } from '../server/src/infra/companion-database.js';
import type { Logger } from '../server/src/infra/logger.js';
import type { Services } from '../server/src/services.js';
import { startLtiJobs, type LtiJobsDeps } from './lti-jobs.js';
import { createLtiProvider, type LtiProvider } from './lti-provider.js';
import { createLtiTool, ltiEncryptionKey } from './lti-tool.js';

export interface StartLtiDeps {
  readonly services: Services;
  readonly config: Config;
  readonly logger: Logger;
  /** The server secret: the tool's keys derive from it. */
  readonly secret: string;
  /** Our database (its server gets the LTI database `<ours>_lti`) and pool (the score jobs' queue). */
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  /** Job timings (tests shorten them). */
  readonly jobs?: Pick<LtiJobsDeps, 'retry' | 'pollIntervalMs' | 'lockLifetimeMs'>;
}

export interface RunningLti {
  /** Mount at `adapter.path` (buildApp's adapters). */
  readonly adapter: { readonly path: string; readonly router: import('express').Router };
  readonly provider: LtiProvider;
  /** Stops the score jobs (waiting up to `graceMs` for running ones), then ltijs. */
  stop(graceMs: number): Promise<void>;
}

/**
 * What a composition root does to run the LTI tool: ltijs's database next to ours, the ltijs
 * provider with Lectern's handlers, the /lti adapter, and the score jobs (they need the
 * provider's access tokens, so they run in the web process).
 */
export async function startLti(deps: StartLtiDeps): Promise<RunningLti> {
  const { services, config, logger } = deps;
  const ltiDatabase = companionDatabaseUrl(deps.databaseUrl, 'lti');
  await ensureDatabase(deps.databaseUrl, ltiDatabase.database);
  const tool = createLtiTool({ services, publicUrl: config.publicUrl, secret: deps.secret, logger, autoApprove: config.lti.autoApprove, uploads: uploadRoutesDeps(config, services.uploadService, logger) });
  const provider = await createLtiProvider({
    databaseUrl: ltiDatabase.url,
    encryptionKey: ltiEncryptionKey(deps.secret),
    cookieSecure: config.cookieSecure,
    log: (entry) => logger.debug({ module: 'lti', entry }, 'ltijs storage'),
    ...tool.handlers,
  });
  const adapter = await tool.adapter(provider);
  const jobs = await startLtiJobs({ pool: deps.pool, provider, progress: services.ltiProgressRepository, logger, ...deps.jobs });
  return {
    adapter,
    provider,
    async stop(graceMs) {
      await jobs.stop(graceMs);
      await provider.close();
    },
  };
}
