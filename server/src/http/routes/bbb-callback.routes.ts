import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { RecordingReady, RecordingReadyOutcome } from '../../domain/meetings/recording-ready.js';
import { refusedCallbackRateLimit } from '../middlewares/login-rate-limit.js';

/** Refused (401) callbacks per address and window before 429: BBB servers never get there, since theirs verify. */
export const CALLBACK_REFUSALS = { limit: 60, windowMinutes: 15 } as const;

/** BBB reads the status only: small JSON bodies with the code, for people reading BBB's logs. */
function answer(res: Response, status: number, body?: Record<string, string | number | null>): void {
  if (status === 204 || !body) {
    res.status(status).end();
    return;
  }
  res.status(status).type('application/json').send(JSON.stringify(body));
}

function respond(req: Request, res: Response, outcome: RecordingReadyOutcome): void {
  const log = req.log.child({ module: 'bbb-callback', remoteAddress: req.ip });
  switch (outcome.kind) {
    case 'unverified':
      log.warn({ reason: outcome.reason, bbbMeetingId: outcome.meetingId }, 'recording-ready callback refused: not signed by the meeting’s server');
      answer(res, 401, { code: 'bbb_callback_unverified' });
      return;
    case 'unknown_meeting':
      log.info({ bbbMeetingId: outcome.meetingId, recordId: outcome.recordId, bbbServerId: outcome.serverId }, 'recording-ready callback for a meeting that is not ours');
      answer(res, 410, { code: 'bbb_meeting_unknown' });
      return;
    case 'auto_import_off':
      log.info({ meetingId: outcome.meeting.id, recordId: outcome.recordId }, 'recording ready; automatic import is off for this meeting');
      answer(res, 204);
      return;
    case 'recording_not_found':
      log.warn({ meetingId: outcome.meeting.id, recordId: outcome.recordId, bbbServerId: outcome.serverId }, 'recording ready, but the server does not list it (BBB will retry)');
      answer(res, 404, { code: 'bbb_recording_not_found' });
      return;
    case 'not_ready':
      log.info({ meetingId: outcome.meeting.id, recordId: outcome.recordId, bbbServerId: outcome.serverId, state: outcome.state }, 'recording ready, but not published yet (BBB will retry)');
      answer(res, 503, { code: 'bbb_recording_not_ready' });
      return;
    case 'no_video_format':
      log.warn({ meetingId: outcome.meeting.id, recordId: outcome.recordId, bbbServerId: outcome.serverId }, 'recording ready without the video format: nothing to import automatically');
      answer(res, 204);
      return;
    case 'import':
      log.info({ meetingId: outcome.meeting.id, recordId: outcome.recordId, bbbServerId: outcome.serverId, importId: outcome.importId, created: outcome.created }, outcome.created ? 'recording import queued by the callback' : 'recording already imported');
      answer(res, outcome.created ? 202 : 200, { code: outcome.created ? 'import_queued' : 'already_imported', importId: outcome.importId });
  }
}

/**
 * POST /bbb/recording-ready: BBB's server-to-server notification that a recording is
 * published (form field `signed_parameters`, an HS256 JWT). Mounted before sessions and CSRF.
 * Never a redirect; transient failures answer 503, which BBB retries.
 */
export function bbbCallbackRoutes(deps: { recordingReady: RecordingReady; refusals?: { limit: number; windowMinutes: number } }): Router {
  const router = Router();
  router.post('/bbb/recording-ready', refusedCallbackRateLimit(deps.refusals ?? CALLBACK_REFUSALS), express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const token = typeof req.body?.signed_parameters === 'string' ? req.body.signed_parameters : undefined;
    let outcome: RecordingReadyOutcome;
    try {
      outcome = await deps.recordingReady.handle(token);
    } catch (error) {
      // Answered 503 whatever the cause: BBB tries again later, and the log says why.
      const code = error instanceof AppError ? error.code : 'internal_error';
      req.log.child({ module: 'bbb-callback', remoteAddress: req.ip }).error({ err: error, code }, 'recording-ready callback failed; BBB will retry');
      answer(res, 503, { code });
      return;
    }
    respond(req, res, outcome);
  });
  return router;
}
