import { Router, type Request, type RequestHandler } from 'express';
import { ValidationError } from '../../domain/errors.js';
import { displayName } from '../../domain/users/user.js';
import type { Services } from '../../services.js';
import { renderForbiddenPage, renderJoinFormPage, renderLoginRequiredPage, renderNotStartedPage } from '../views/meeting-join.view.js';
import { allowBbbFormTargets } from './bbb-form-targets.js';
import { meetingProblems } from './meeting-form.js';
import { csrfOf } from './page-params.js';

const JOIN_PATH = '/meetings/join/:bbbMeetingId/:token';

const paramsOf = (req: Request) => ({ bbbMeetingId: String(req.params.bbbMeetingId), token: String(req.params.token) });
const pathOf = (req: Request) => `/meetings/join/${encodeURIComponent(String(req.params.bbbMeetingId))}/${encodeURIComponent(String(req.params.token))}`;

/**
 * A meeting's invitation link, `/meetings/join/<bbbMeetingId>/<token>`, for anyone who has it:
 * who the visitor is for the meeting (login needed, not invited, moderator, attendee), a
 * "not started yet" page that looks again every 30 s, and the join form (guests type their
 * name) whose POST answers 303 to BigBlueButton as viewer. Owners are sent to start it.
 */
export function meetingJoinPages(deps: { services: Services; joinRateLimit: RequestHandler }): Router {
  const { meetingSessions: sessions, meetingService } = deps.services;
  const router = Router();
  // The join form (shown again on a 400 too) posts to a 303 towards BBB.
  router.use('/meetings/join', allowBbbFormTargets);

  router.get(JOIN_PATH, async (req, res) => {
    const { bbbMeetingId, token } = paramsOf(req);
    const invitation = await sessions.invitation(bbbMeetingId, token, req.user ?? null);
    const { meeting, decision } = invitation;
    const csrf = csrfOf(res);
    switch (decision.kind) {
      case 'moderator':
        res.redirect(303, `/meetings/${meeting.id}/start`);
        return;
      case 'login_required':
        res.status(401).type('html').send(renderLoginRequiredPage(req, csrf, meeting, pathOf(req)));
        return;
      case 'forbidden':
        res.status(403).type('html').send(renderForbiddenPage(req, csrf, meeting, { reason: decision.reason, names: invitation.audienceNames }));
        return;
      case 'attendee':
        res.type('html').send(
          invitation.running
            ? renderJoinFormPage(req, csrf, meeting, { path: pathOf(req), userName: req.user ? displayName(req.user) : null, state: { values: {}, problems: [] } })
            : renderNotStartedPage(req, csrf, meeting, { path: pathOf(req), next: invitation.next, timeZone: meetingService.timeZone }),
        );
    }
  });

  router.post(JOIN_PATH, deps.joinRateLimit, async (req, res) => {
    const { bbbMeetingId, token } = paramsOf(req);
    const typed = typeof req.body?.full_name === 'string' ? (req.body.full_name as string) : '';
    try {
      const join = await sessions.joinAsAttendee(bbbMeetingId, token, req.user ?? null, typed);
      if (join.kind === 'joined') res.redirect(303, join.url);
      else res.redirect(303, join.kind === 'moderator' ? `/meetings/${join.meetingId}/start` : pathOf(req));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { meeting } = await sessions.openInvitation(bbbMeetingId, token, req.user ?? null);
      const state = { values: { full_name: typed.slice(0, 200) }, problems: meetingProblems(error, req.t) };
      res.status(400).type('html').send(renderJoinFormPage(req, csrfOf(res), meeting, { path: pathOf(req), userName: null, state }));
    }
  });

  return router;
}
