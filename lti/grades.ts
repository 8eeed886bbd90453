import { isoSeconds, type Score } from '../server/src/domain/lms/lti-score.js';

/**
 * LTI AGS 2.0 scores service, client side: POST `<line item>/scores` with the score media type
 * (Moodle refuses anything but exactly this Content-Type, `; charset` included) and a bearer
 * token from the platform's token endpoint (scope `score`). Pure parts are exported for tests.
 */
export const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
export const SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';

const REQUEST_TIMEOUT_MS = 15_000;
const MAX_DETAIL = 300;

/** The scores endpoint of a line item: `/scores` after its path, its query string kept (Moodle's `?type_id=`). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

/** The score as AGS 2.0 §3.4 writes it, for the platform user `userId` (the LTI `sub`). */
export function scoreBody(userId: string, score: Score, timestamp: Date): Record<string, unknown> {
  return {
    userId,
    scoreGiven: score.scoreGiven,
    scoreMaximum: score.scoreMaximum,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    timestamp: isoSeconds(timestamp),
  };
}

export type ScoreOutcome = { readonly ok: true } | { readonly ok: false; readonly status: number | null; readonly retryable: boolean; readonly message: string };

/**
 * Whether a failed post may succeed later: network errors, timeouts, 5xx, 401 (an expired
 * token), 408, 409 (the platform holds a later timestamp: a later attempt carries a later one)
 * and 429 are retried; other 4xx (a user not gradable, a line item gone) are final.
 */
export function retryableStatus(status: number | null): boolean {
  if (status === null || status >= 500) return true;
  return status === 401 || status === 408 || status === 409 || status === 429;
}

export function outcomeOf(status: number, bodyText: string): ScoreOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  const detail = bodyText.replace(/\s+/g, ' ').trim().slice(0, MAX_DETAIL);
  return { ok: false, status, retryable: retryableStatus(status), message: `the platform answered ${status}${detail ? `: ${detail}` : ''}` };
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ScorePost {
  readonly lineItemUrl: string;
  /** `<token type> <access token>`. */
  readonly authorization: string;
  readonly body: Record<string, unknown>;
}

/** Sends one score; never throws for HTTP or network failures (they are in the outcome). */
export async function postScore(post: ScorePost, fetchImpl: Fetch = fetch): Promise<ScoreOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(scoresUrl(post.lineItemUrl), {
      method: 'POST',
      headers: { 'Content-Type': SCORE_MEDIA_TYPE, Authorization: post.authorization, Accept: 'application/json' },
      body: JSON.stringify(post.body),
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, status: null, retryable: true, message: `the platform could not be reached: ${(error as Error).message}` };
  }
  return outcomeOf(response.status, await response.text());
}
