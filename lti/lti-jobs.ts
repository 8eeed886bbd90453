import os from 'node:os';
import type pg from 'pg';
import type { RetryPolicy } from '../server/src/domain/encoding/encoding-jobs.js';
import type { LtiProgressRepository } from '../server/src/domain/lms/lti-progress.js';
import { LTI_SCORE_JOB, LTI_SCORE_RETRY } from '../server/src/domain/lms/lti-score.js';
import { startJobWorker, type JobWorker } from '../server/src/infra/agenda.js';
import type { Logger } from '../server/src/infra/logger.js';
import type { Fetch } from './grades.js';
import { createLtiScoreHandler } from './jobs/lti-score.job.js';
import type { LtiProvider } from './lti-provider.js';

export interface LtiJobsDeps {
  readonly pool: pg.Pool;
  readonly provider: Pick<LtiProvider, 'accessToken' | 'forgetAccessToken'>;
  readonly progress: LtiProgressRepository;
  readonly logger: Logger;
  /** Tests shorten these. */
  readonly retry?: RetryPolicy;
  readonly pollIntervalMs?: number;
  /** Agenda re-checks a running job's lock every half lifetime with a timer that keeps the process alive: tests shorten it. */
  readonly lockLifetimeMs?: number;
  readonly fetch?: Fetch;
}

export interface LtiJobs {
  /** Stops taking jobs and lets running ones finish for `graceMs` (the rest go back to the queue). */
  stop(graceMs: number): Promise<void>;
}

const CONCURRENCY = 4;
/** Longer than a run can take: an access token and a score post, 15 s each at most. */
const LOCK_LIFETIME_MS = 60_000;
const POLL_INTERVAL_MS = 5_000;

/**
 * The LTI jobs' consumer (score posting): it runs in the web process, which holds the ltijs
 * provider that gets access tokens from platforms. Composition roots start and stop it.
 */
export async function startLtiJobs(deps: LtiJobsDeps): Promise<LtiJobs> {
  const logger = deps.logger.child({ module: 'lti-jobs' });
  const score = createLtiScoreHandler({ progress: deps.progress, provider: deps.provider, retry: deps.retry ?? LTI_SCORE_RETRY, logger, fetch: deps.fetch });
  const worker: JobWorker = await startJobWorker({
    pool: deps.pool,
    logger,
    name: `lti:${os.hostname()}:${process.pid}`,
    concurrency: CONCURRENCY,
    lockLifetimeMs: deps.lockLifetimeMs ?? LOCK_LIFETIME_MS,
    pollIntervalMs: deps.pollIntervalMs ?? POLL_INTERVAL_MS,
    handlers: { [LTI_SCORE_JOB]: score },
  });
  return {
    async stop(graceMs) {
      if (!(await worker.shutdown(graceMs))) logger.warn({ graceMs }, 'LTI jobs still running at shutdown: they go back to the queue');
    },
  };
}
