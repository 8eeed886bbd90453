import { z } from 'zod';
import type { RetryPolicy } from '../encoding/encoding-jobs.js';

/**
 * Scores sent to the LMS (LTI AGS 2.0 §3.4), pure: a viewer's watched share becomes a score on
 * 100, InProgress until the link's completion threshold, Completed from it, and always
 * FullyGraded (Moodle stores nothing else in its gradebook). The score job's contract lives
 * here too: name, payload, queue port and retry policy.
 */
export type ActivityProgress = 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
export type GradingProgress = 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';

export interface Score {
  /** On `scoreMaximum`, one decimal. */
  readonly scoreGiven: number;
  readonly scoreMaximum: number;
  readonly activityProgress: ActivityProgress;
  readonly gradingProgress: GradingProgress;
}

export const SCORE_MAXIMUM = 100;

/** The score for a watched share (clamped to [0, 1]) against a completion threshold in (0, 1]. */
export function scoreOf(fraction: number, threshold: number): Score {
  const share = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  // A float's rounding (0.8999999) must not keep an exactly reached threshold from completing.
  const completed = share + 1e-9 >= threshold;
  return {
    scoreGiven: Math.round(share * SCORE_MAXIMUM * 10) / 10,
    scoreMaximum: SCORE_MAXIMUM,
    activityProgress: completed ? 'Completed' : 'InProgress',
    gradingProgress: 'FullyGraded',
  };
}

export function sameScore(a: Score | null, b: Score | null): boolean {
  if (a === null || b === null) return a === b;
  return a.scoreGiven === b.scoreGiven && a.scoreMaximum === b.scoreMaximum && a.activityProgress === b.activityProgress && a.gradingProgress === b.gradingProgress;
}

/**
 * The score to send for a progress, or null when there is nothing new: nothing watched yet, or
 * the same score as the one last posted (computed from the share posted then, with today's threshold).
 */
export function scoreToPost(watched: number, posted: number | null, threshold: number): Score | null {
  if (watched <= 0 && posted === null) return null;
  const score = scoreOf(watched, threshold);
  return posted !== null && sameScore(score, scoreOf(posted, threshold)) ? null : score;
}

/**
 * The score's timestamp: now in whole seconds, and strictly later (in whole seconds) than the
 * last one posted: Moodle refuses a score not later than the grade it has (409).
 */
export function scoreTimestamp(now: Date, lastPostedAt: Date | null): Date {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const floor = lastPostedAt ? Math.floor(lastPostedAt.getTime() / 1000) + 1 : 0;
  return new Date(Math.max(nowSeconds, floor) * 1000);
}

/** ISO 8601 in whole seconds with an explicit offset, as AGS examples write it (2026-05-01T10:00:00+00:00). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export const LTI_SCORE_JOB = 'lti.score';

export const ltiScorePayloadSchema = z.object({
  linkId: z.number().int().positive(),
  userId: z.number().int().positive(),
});
export type LtiScorePayload = z.infer<typeof ltiScorePayloadSchema>;

/** Port: the job queue, for scores (Agenda on PostgreSQL in infra). */
export interface LtiScoreQueue {
  enqueueLtiScore(payload: LtiScorePayload): Promise<void>;
}

/** Attempts and backoff of score jobs (delays 30 s, 1, 2, 4, 8 min: done well within STALE_QUEUE_SECONDS). */
export const LTI_SCORE_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 30_000 };
