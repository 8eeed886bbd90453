import os from 'node:os';
import type pg from 'pg';
import type { SamlMetadataService } from '../../domain/sso/saml-metadata-service.js';
import { startJobWorker } from '../agenda.js';
import type { Logger } from '../logger.js';

/** The recurring job that reads again the metadata sources whose refresh is due. */
export const SAML_METADATA_REFRESH_JOB = 'saml-metadata-refresh';

export interface SamlMetadataJobsDeps {
  readonly pool: pg.Pool;
  /** From createServices. */
  readonly services: { readonly samlMetadata: Pick<SamlMetadataService, 'refreshDue'> };
  readonly logger: Logger;
  /** How often due sources are looked for (Agenda's human interval; tests shorten it). */
  readonly every?: string;
  readonly pollIntervalMs?: number;
  /** Agenda re-checks a running job's lock every half lifetime with a timer that keeps the process alive: tests shorten it. */
  readonly lockLifetimeMs?: number;
}

export interface SamlMetadataJobs {
  /** Stops taking the job; a refresh under way may finish for `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/** Sources are refreshed every refresh_hours (at least 1): looking every 15 minutes keeps them close to it. */
const EVERY = '15 minutes';
const POLL_INTERVAL_MS = 30_000;
/** Downloads one after the other, each bounded by SAML_METADATA_TIMEOUT_SECONDS: a run fits well within this. */
const LOCK_LIFETIME_MS = 30 * 60_000;

/**
 * The metadata refresh, in the web process: one recurring Agenda job (one run at a time across
 * processes) asking the metadata service for the due sources; each outcome is logged there.
 */
export async function startSamlMetadataJobs(deps: SamlMetadataJobsDeps): Promise<SamlMetadataJobs> {
  const logger = deps.logger.child({ module: 'saml-metadata-jobs' });
  const worker = await startJobWorker({
    pool: deps.pool,
    logger,
    name: `saml-metadata:${os.hostname()}:${process.pid}`,
    concurrency: 1,
    lockLifetimeMs: deps.lockLifetimeMs ?? LOCK_LIFETIME_MS,
    pollIntervalMs: deps.pollIntervalMs ?? POLL_INTERVAL_MS,
    handlers: {
      [SAML_METADATA_REFRESH_JOB]: async (job) => {
        const results = await deps.services.samlMetadata.refreshDue();
        const failed = results.filter((result) => !result.outcome?.ok).map((result) => result.sourceId);
        logger.info({ agendaJobId: job.id, sources: results.length, failed }, 'due SAML metadata sources refreshed');
      },
    },
    every: { [SAML_METADATA_REFRESH_JOB]: deps.every ?? EVERY },
  });
  return {
    async stop(graceMs) {
      if (!(await worker.shutdown(graceMs))) logger.warn({ graceMs }, 'a SAML metadata refresh was still running at shutdown: it runs again at the next interval');
    },
  };
}
