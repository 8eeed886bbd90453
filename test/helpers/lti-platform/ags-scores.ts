import { openLineItem, parseObject } from './ags-line-items.js';
import type { PlatformRequest, PlatformResponse } from './http-kit.js';
import { activityProgress, gradingProgress, mediaType, scope } from './lti-vocabulary.js';
import { lineItemUrl, type PlatformContext } from './platform-context.js';
import type { LineItem, StoredScore } from './platform-state.js';
import { linkHeader, pageOf } from './paging.js';
import { serviceBody, serviceError } from './service-response.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * A score body per AGS 2.0 §3.4 (and Moodle's own checks): userId, ISO 8601 timestamp, both
 * progress enums, scoreGiven ≥ 0 with a positive scoreMaximum. Returns the reason it is
 * refused, or undefined.
 */
export function scoreProblem(body: Record<string, unknown> | undefined, refuseExtraCredit: boolean): string | undefined {
  if (!body) return 'the body is not a JSON object';
  if (typeof body.userId !== 'string' || body.userId === '') return 'userId must be a non-empty string';
  if (typeof body.timestamp !== 'string' || !ISO_8601.test(body.timestamp) || Number.isNaN(Date.parse(body.timestamp))) {
    return 'timestamp must be an ISO 8601 date-time';
  }
  if (!(activityProgress as readonly unknown[]).includes(body.activityProgress)) return `activityProgress must be one of ${activityProgress.join(', ')}`;
  if (!(gradingProgress as readonly unknown[]).includes(body.gradingProgress)) return `gradingProgress must be one of ${gradingProgress.join(', ')}`;
  if (body.scoreGiven !== undefined && body.scoreGiven !== null) {
    if (!isNumber(body.scoreGiven) || body.scoreGiven < 0) return 'scoreGiven must be a number ≥ 0';
    if (!isNumber(body.scoreMaximum) || body.scoreMaximum <= 0) return 'scoreMaximum must be a number > 0 when scoreGiven is present';
    if (refuseExtraCredit && body.scoreGiven > body.scoreMaximum) return 'scoreGiven exceeds scoreMaximum';
  } else if (body.scoreMaximum !== undefined && (!isNumber(body.scoreMaximum) || body.scoreMaximum <= 0)) {
    return 'scoreMaximum must be a number > 0';
  }
  if (body.comment !== undefined && body.comment !== null && typeof body.comment !== 'string') return 'comment must be a string';
  return undefined;
}

/** The last score stored for a user on a line item. */
export function lastScore(ctx: PlatformContext, itemId: string, userId: string): StoredScore | undefined {
  return ctx.state.scores.filter((score) => score.lineItemId === itemId && score.userId === userId).at(-1);
}

/** Moodle grades only users enrolled with a gradebook role (Learner by default). */
function gradable(ctx: PlatformContext, courseId: string, userId: string): boolean {
  const course = ctx.state.courses.get(courseId);
  const user = ctx.state.users.get(userId);
  if (!course || !user || !ctx.state.isEnrolled(course, userId)) return false;
  return ctx.state.rolesIn(course, user).some((role) => role.endsWith('#Learner'));
}

function postScore(ctx: PlatformContext, req: PlatformRequest, item: LineItem): PlatformResponse {
  const body = parseObject(req.body);
  const problem = scoreProblem(body, ctx.behaviour.refuseExtraCredit);
  if (problem !== undefined || !body) return serviceError(req, 400, `Incorrect score received: ${problem}`);
  const userId = body.userId as string;
  if (!gradable(ctx, item.courseId, userId)) return serviceError(req, 400, `Incorrect score received: user ${userId} is not gradable in course ${item.courseId}`);
  const timestampMs = Date.parse(body.timestamp as string);
  const previous = lastScore(ctx, item.id, userId);
  // Moodle compares whole seconds (grade timemodified >= strtotime(timestamp)): equal refused too.
  if (previous && Math.floor(previous.timestampMs / 1000) >= Math.floor(timestampMs / 1000)) {
    return serviceError(req, 409, `Refusing score with an earlier timestamp for item ${item.id} and user ${userId}`);
  }
  ctx.state.scores.push({ lineItemId: item.id, userId, body, timestampMs, receivedAt: new Date() });
  return { status: 200, headers: { 'content-type': `${mediaType.score}; charset=utf-8` }, body: '' };
}

/** POST .../lineitems/<id>/lineitem/scores (200, empty body, as Moodle answers). */
export function handleScores(ctx: PlatformContext, req: PlatformRequest, courseId: string, itemId: string): PlatformResponse {
  if (req.method !== 'POST') return serviceError(req, 405, 'GET requests are not allowed.');
  const opened = openLineItem(ctx, req, courseId, itemId, [mediaType.score], [scope.score]);
  return opened.ok ? postScore(ctx, req, opened.value) : opened.response;
}

/**
 * A result as Moodle's result_for_json shows it: resultScore is the grade rescaled to the
 * line item's maximum, resultMaximum the score's own scoreMaximum (rawgrademax), and both are
 * left out when the grade is empty (no FullyGraded scoreGiven, or 0).
 */
export function resultJson(ctx: PlatformContext, item: LineItem, score: StoredScore): Record<string, unknown> {
  const itemUrl = lineItemUrl(ctx, item.courseId, item.id, item.typeId);
  const endpoint = itemUrl.split('?', 1)[0]!;
  const result: Record<string, unknown> = { id: `${endpoint}/results?type_id=${item.typeId}&user_id=${score.userId}`, userId: score.userId };
  const { scoreGiven, scoreMaximum, comment, gradingProgress: progress } = score.body;
  if (progress !== 'FullyGraded' || !isNumber(scoreGiven) || scoreGiven === 0) return result;
  const maximum = isNumber(scoreMaximum) ? scoreMaximum : 1;
  result.resultScore = maximum === item.scoreMaximum ? scoreGiven : (scoreGiven * item.scoreMaximum) / maximum;
  result.resultMaximum = maximum;
  if (typeof comment === 'string' && comment !== '') result.comment = comment;
  result.scoreOf = itemUrl;
  result.timestamp = new Date(Math.floor(score.timestampMs / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
  return result;
}

/** GET .../lineitems/<id>/lineitem/results[?user_id=&limit=&from=] */
export function handleResults(ctx: PlatformContext, req: PlatformRequest, courseId: string, itemId: string): PlatformResponse {
  if (req.method !== 'GET') return serviceError(req, 405, 'Method Not Allowed');
  const opened = openLineItem(ctx, req, courseId, itemId, [mediaType.resultContainer], [scope.resultReadOnly]);
  if (!opened.ok) return opened.response;
  const item = opened.value;
  const userFilter = req.url.searchParams.get('user_id');
  const userIds = [...new Set(ctx.state.scores.filter((score) => score.lineItemId === item.id).map((score) => score.userId))];
  const latest = userIds.filter((id) => userFilter === null || id === userFilter).map((id) => lastScore(ctx, item.id, id)!);
  const page = pageOf(latest, req.url, 0);
  return serviceBody(200, mediaType.resultContainer, page.items.map((score) => resultJson(ctx, item, score)), linkHeader(page));
}
