import { createTokenSigner } from '../access/signed-token.js';
import type { Segment } from './played-segments.js';

/**
 * A viewer's progress on an LTI link: the played segments of the link's video, the share they
 * cover, and what was last sent to the platform's gradebook (AGS). `scoreQueuedAt` marks a
 * score job pending for the pair (one at a time: the job clears it when the share it posted is
 * still the current one).
 */
export interface LtiProgress {
  readonly linkId: number;
  readonly userId: number;
  readonly videoId: number;
  /** The viewer's LTI `sub` at the link's platform: the AGS userId. */
  readonly subject: string;
  readonly segments: readonly Segment[];
  readonly watched: number;
  /** The share the last posted score was computed from, or null. */
  readonly posted: number | null;
  /** The last posted score's timestamp. */
  readonly postedAt: Date | null;
  readonly scoreError: string | null;
  readonly scoreQueuedAt: Date | null;
}

/** What a progress report and a score job need to know about the link, its platform and the viewer. */
export interface ProgressTarget {
  readonly linkId: number;
  readonly userId: number;
  readonly videoId: number;
  /** The link's video's duration (seconds), null while unknown. */
  readonly durationSeconds: number | null;
  readonly lineItemUrl: string | null;
  readonly completionThreshold: number;
  readonly issuer: string;
  readonly clientId: string;
  /** The viewer's `sub` at the platform, null when the viewer never launched from it. */
  readonly subject: string | null;
}

export interface ProgressKey {
  readonly linkId: number;
  readonly userId: number;
}

/** What a report changes in the stored progress (computed from the row as it is, under its lock). */
export interface ProgressChange {
  readonly videoId: number;
  readonly subject: string;
  readonly segments: readonly Segment[];
  readonly watched: number;
  /** A score differs from the posted one: a job is wanted. */
  readonly wantsScore: boolean;
}

/** Port: progress rows (lti_progress). */
export interface LtiProgressRepository {
  target(key: ProgressKey): Promise<ProgressTarget | null>;
  find(key: ProgressKey): Promise<LtiProgress | null>;
  /**
   * Applies `change` to the pair's row (created for `initial` when missing), the row locked
   * meanwhile. When a score is wanted and no job is marked pending (or the mark is older than
   * `staleQueueSeconds`), marks one and answers `enqueue: true`: the caller enqueues it.
   */
  update(key: ProgressKey, initial: { videoId: number; subject: string }, change: (current: LtiProgress) => ProgressChange, staleQueueSeconds: number): Promise<{ progress: LtiProgress; enqueue: boolean }>;
  /** Drops the pending mark (the enqueue failed). */
  unmarkQueued(key: ProgressKey): Promise<void>;
  /** A score was accepted: the share it came from and its timestamp; the error cleared. */
  recordPosted(key: ProgressKey, posted: number, postedAt: Date): Promise<void>;
  /** A score failed; `final` also drops the pending mark (no more retries). */
  recordFailure(key: ProgressKey, message: string, final: boolean): Promise<void>;
  /** Drops the pending mark if the share watched is still `watched`; false when it moved on (score it again). */
  finishQueued(key: ProgressKey, watched: number): Promise<boolean>;
}

/**
 * Progress tokens: "this LTI player page was served to user U for link L", sent by the player
 * as `X-Lectern-Progress` with its reports (no cookies inside LMS iframes).
 */
export interface ProgressTokens {
  issue(key: ProgressKey, ttlSeconds: number): string;
  verify(token: string): ProgressKey | null;
}

export function createProgressTokens(key: Buffer, now: () => number = Date.now): ProgressTokens {
  const signer = createTokenSigner(key, 'lp1', 2, now);
  return {
    issue: ({ userId, linkId }, ttlSeconds) => signer.sign([userId, linkId], ttlSeconds),
    verify(token) {
      const check = signer.verify(token);
      if (!check.ok) return null;
      const [userId = 0, linkId = 0] = check.values;
      return userId > 0 && linkId > 0 ? { userId, linkId } : null;
    },
  };
}
