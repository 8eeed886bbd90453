import { RetryLater, retryDelayMs, type RetryPolicy } from '../../server/src/domain/encoding/encoding-jobs.js';
import type { LtiProgressRepository, ProgressKey } from '../../server/src/domain/lms/lti-progress.js';
import { ltiScorePayloadSchema, scoreTimestamp, scoreToPost } from '../../server/src/domain/lms/lti-score.js';
import type { RunningJob } from '../../server/src/infra/agenda.js';
import type { Logger } from '../../server/src/infra/logger.js';
import { postScore, SCORE_SCOPE, scoreBody, type Fetch, type ScoreOutcome } from '../grades.js';
import type { LtiProvider } from '../lti-provider.js';

export interface LtiScoreJobDeps {
  readonly progress: LtiProgressRepository;
  readonly provider: Pick<LtiProvider, 'accessToken' | 'forgetAccessToken'>;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly fetch?: Fetch;
  readonly now?: () => Date;
}

/** Scores posted in one run while the viewer keeps reporting; then the job runs again. */
const MAX_ROUNDS = 5;

type Round = 'done' | 'again';

/**
 * The `lti.score` job: reads the viewer's current progress on the link, and when its score
 * differs from the one last posted, posts it to the link's line item (AGS) and records it. It
 * ends by clearing the pair's pending mark if the progress did not move meanwhile (else it
 * scores again), so a report arriving during the run is never lost and no score goes twice.
 * Failures are recorded on the progress (`score_error`) and retried with backoff while they
 * may succeed and attempts remain; then the mark is dropped (the next report queues again).
 */
export function createLtiScoreHandler(deps: LtiScoreJobDeps) {
  const { progress, logger } = deps;
  const now = deps.now ?? (() => new Date());

  async function accessToken(issuer: string, clientId: string): Promise<{ ok: true; authorization: string } | Extract<ScoreOutcome, { ok: false }>> {
    try {
      const token = await deps.provider.accessToken(issuer, clientId, [SCORE_SCOPE]);
      return { ok: true, authorization: `${token.tokenType} ${token.accessToken}` };
    } catch (error) {
      // The token endpoint refused or could not be reached: like the platform being down.
      return { ok: false, status: null, retryable: true, message: `no access token from the platform: ${(error as Error).message}` };
    }
  }

  async function failed(key: ProgressKey, job: RunningJob, outcome: Extract<ScoreOutcome, { ok: false }>): Promise<void> {
    const attempt = job.failures + 1;
    const delay = outcome.retryable ? retryDelayMs(deps.retry, attempt) : null;
    await progress.recordFailure(key, outcome.message, delay === null);
    const context = { jobId: job.id, ...key, attempt, status: outcome.status, reason: outcome.message };
    if (delay === null) {
      logger.error(context, 'LTI score not posted; giving up until the next progress report');
      return;
    }
    logger.warn({ ...context, retryInMs: delay }, 'LTI score not posted; it will be retried');
    throw new RetryLater(delay, outcome.message);
  }

  async function round(key: ProgressKey, job: RunningJob): Promise<Round> {
    const [target, current] = await Promise.all([progress.target(key), progress.find(key)]);
    if (!target?.lineItemUrl || !current) {
      await progress.recordFailure(key, 'the link has no line item any more', true);
      return 'done';
    }
    const score = scoreToPost(current.watched, current.posted, target.completionThreshold);
    if (score) {
      const token = await accessToken(target.issuer, target.clientId);
      const timestamp = scoreTimestamp(now(), current.postedAt);
      const outcome = token.ok ? await postScore({ lineItemUrl: target.lineItemUrl, authorization: token.authorization, body: scoreBody(current.subject, score, timestamp) }, deps.fetch) : token;
      if (!outcome.ok) {
        // A refused token may be a revoked one ltijs still caches: the retry asks for a new one.
        if (outcome.status === 401) await deps.provider.forgetAccessToken(target.issuer, target.clientId, [SCORE_SCOPE]);
        await failed(key, job, outcome);
        return 'done';
      }
      await progress.recordPosted(key, current.watched, timestamp);
      logger.info({ jobId: job.id, ...key, scoreGiven: score.scoreGiven, activityProgress: score.activityProgress }, 'LTI score posted');
    }
    return (await progress.finishQueued(key, current.watched)) ? 'done' : 'again';
  }

  return async (job: RunningJob): Promise<void> => {
    const parsed = ltiScorePayloadSchema.safeParse(job.data);
    if (!parsed.success) {
      logger.error({ jobId: job.id, data: job.data }, 'LTI score job with an invalid payload: dropped');
      return;
    }
    for (let rounds = 0; rounds < MAX_ROUNDS; rounds += 1) {
      if ((await round(parsed.data, job)) === 'done') return;
    }
    throw new RetryLater(1000, 'the progress kept changing: scoring again in a second');
  };
}
