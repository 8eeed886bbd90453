import { NotFoundError, UnauthenticatedError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { mergeSegments, watchedFraction, type Segment } from './played-segments.js';
import type { LtiProgress, LtiProgressRepository, ProgressChange, ProgressKey, ProgressTarget, ProgressTokens } from './lti-progress.js';
import { scoreToPost, type LtiScoreQueue } from './lti-score.js';

export interface LtiProgressDeps {
  readonly progress: LtiProgressRepository;
  readonly tokens: ProgressTokens;
  readonly queue: LtiScoreQueue;
  /** Lifetime of progress tokens: the media grants' (a page stops playing when both end). */
  readonly tokenTtlSeconds: number;
  readonly logger: DomainLogger;
}

/** More stored segments than this is no viewing but noise: refused. */
export const MAX_STORED_SEGMENTS = 2000;
/** A pending-score mark older than this is taken for a lost job (the job's retries end well before). */
export const STALE_QUEUE_SECONDS = 3600;

/** The new stored progress (pure): previous segments (dropped when the link now shows another video) and the reported ones, merged. */
export function progressChange(current: LtiProgress, target: ProgressTarget & { subject: string }, reported: readonly Segment[]): ProgressChange {
  const previous = current.videoId === target.videoId ? current.segments : [];
  const duration = target.durationSeconds ?? 0;
  const segments = mergeSegments([...previous, ...reported], duration);
  if (segments.length > MAX_STORED_SEGMENTS) {
    throw new ValidationError('lti_progress_too_fragmented', `More than ${MAX_STORED_SEGMENTS} separate played segments.`);
  }
  const watched = watchedFraction(segments, duration);
  const wantsScore = target.lineItemUrl !== null && scoreToPost(watched, current.posted, target.completionThreshold) !== null;
  return { videoId: target.videoId, subject: target.subject, segments, watched, wantsScore };
}

/**
 * Viewing progress reported by the player of LTI launches: played segments merged into the
 * viewer's progress on the link, and a score job queued when the link has a line item and the
 * score differs from the one last posted (one pending job per viewer and link).
 */
export function createLtiProgressService(deps: LtiProgressDeps) {
  const { progress, logger } = deps;

  async function targetOf(key: ProgressKey): Promise<ProgressTarget & { subject: string }> {
    const target = await progress.target(key);
    if (!target) throw new NotFoundError('lti_link_not_found', 'This LTI link no longer exists on Lectern.');
    if (target.subject === null) throw new UnauthenticatedError('lti_progress_token_invalid', 'The viewer has no identity at this platform.');
    return { ...target, subject: target.subject };
  }

  async function enqueue(key: ProgressKey): Promise<void> {
    try {
      await deps.queue.enqueueLtiScore(key);
    } catch (error) {
      // Without the job the mark would block scores for an hour: drop it, then fail the report.
      await progress.unmarkQueued(key);
      throw error;
    }
    logger.info({ linkId: key.linkId, userId: key.userId }, 'LTI score queued');
  }

  return {
    /** The token of a launch's player page (its reports carry it). */
    tokenFor(key: ProgressKey): string {
      return deps.tokens.issue(key, deps.tokenTtlSeconds);
    },

    /** The viewer and link a report's token names; 401 `lti_progress_token_invalid` otherwise. */
    authenticate(token: string | undefined): ProgressKey {
      const key = token ? deps.tokens.verify(token) : null;
      if (!key) throw new UnauthenticatedError('lti_progress_token_invalid', 'The progress token is missing, altered or expired.');
      return key;
    },

    /** Records a report of played segments (validated at the edge); answers the share now watched. */
    async report(key: ProgressKey, segments: readonly Segment[]): Promise<{ watched: number }> {
      const target = await targetOf(key);
      const { progress: saved, enqueue: wanted } = await progress.update(
        key,
        { videoId: target.videoId, subject: target.subject },
        (current) => progressChange(current, target, segments),
        STALE_QUEUE_SECONDS,
      );
      if (wanted) await enqueue(key);
      return { watched: saved.watched };
    },
  };
}

export type LtiProgressService = ReturnType<typeof createLtiProgressService>;
