import { Router, type Request, type RequestHandler, type Response } from 'express';
import { ValidationError } from '../../domain/errors.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import { displayName } from '../../domain/users/user.js';
import type { Services } from '../../services.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { requireRecordId } from '../record-id.js';
import type { FormState } from '../views/form-fields.view.js';
import { renderMeetingFormPage } from '../views/meeting-form.view.js';
import { renderMeetingConfirmPage, renderMeetingsPage, type MeetingsPageContext } from '../views/meetings.view.js';
import { meetingDraftOf, meetingFormValues, meetingProblems, meetingValues, newMeetingValues } from './meeting-form.js';
import { meetingJoinPages } from './meeting-join.pages.js';
import { allowBbbFormTargets } from './bbb-form-targets.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const meetingIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_meeting_id', 'Not a meeting number.');

/** A refusal the form shows next to its fields; anything else goes on to the error handler. */
function formRefusal(error: unknown): ValidationError {
  if (error instanceof ValidationError) return error;
  throw error;
}

/**
 * /meetings: staff members' and administrators' BigBlueButton meetings (students get a 403:
 * they join through invitation links, meeting-join.pages.ts). The personal room first, then
 * scheduled meetings; forms, deletion, invitation links, start (303 to BBB) and end.
 */
export function meetingPages(deps: { services: Services; publicUrl: string; joinRateLimit: RequestHandler }): Router {
  const { meetingService: meetings, meetingSessions: sessions, meetingInvites: invites } = deps.services;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const context: MeetingsPageContext = { timeZone: meetings.timeZone, inviteUrl: (meeting) => `${base}${invites.pathOf(meeting)}` };
  const router = Router();
  router.use(meetingJoinPages({ services: deps.services, joinRateLimit: deps.joinRateLimit }));

  const formPage = async (req: Request, res: Response, state: FormState, status = 200, meeting?: Meeting) => {
    const [choices, siteAutoImport] = await Promise.all([meetings.choices(req.user!, meeting), meetings.autoImportOf({ autoImport: null, siteId: req.user!.siteId })]);
    res.status(status).type('html').send(renderMeetingFormPage(req, csrfOf(res), { state, choices, meeting, siteAutoImport, timeZone: meetings.timeZone }));
  };

  // Its Start buttons post to a 303 towards BBB.
  router.get('/meetings', requireLogin, allowBbbFormTargets, async (req, res) => {
    const overview = await meetings.overview(req.user!, req.t('meetings.personalRoomName', { name: displayName(req.user!) }));
    res.type('html').send(renderMeetingsPage(req, csrfOf(res), overview, context));
  });

  router.get('/meetings/new', requireLogin, async (req, res) => {
    await formPage(req, res, { values: newMeetingValues(new Date(), meetings.timeZone), problems: [] });
  });

  router.post('/meetings', requireLogin, async (req, res) => {
    const values = meetingFormValues(req.body);
    try {
      await meetings.create(req.user!, meetingDraftOf(values));
    } catch (error) {
      await formPage(req, res, { values, problems: meetingProblems(formRefusal(error), req.t) }, 400);
      return;
    }
    await redirectAfterSave(req, res, '/meetings', { kind: 'success', key: 'meetings.created' });
  });

  router.get('/meetings/:id/edit', requireLogin, async (req, res) => {
    const meeting = await meetings.get(req.user!, meetingIdParam(req));
    await formPage(req, res, { values: meetingValues(meeting, meetings.timeZone), problems: [] }, 200, meeting);
  });

  router.post('/meetings/:id/edit', requireLogin, async (req, res) => {
    const id = meetingIdParam(req);
    const values = meetingFormValues(req.body);
    try {
      await meetings.update(req.user!, id, meetingDraftOf(values));
    } catch (error) {
      const problems = meetingProblems(formRefusal(error), req.t);
      await formPage(req, res, { values, problems }, 400, await meetings.get(req.user!, id));
      return;
    }
    await redirectAfterSave(req, res, '/meetings', { kind: 'success', key: 'meetings.saved' });
  });

  for (const action of ['delete', 'start'] as const) {
    router.get(`/meetings/:id/${action}`, requireLogin, ...(action === 'start' ? [allowBbbFormTargets] : []), async (req, res) => {
      const meeting = await meetings.get(req.user!, meetingIdParam(req));
      res.type('html').send(renderMeetingConfirmPage(req, csrfOf(res), meeting, action));
    });
  }

  router.post('/meetings/:id/delete', requireLogin, async (req, res) => {
    await meetings.remove(req.user!, meetingIdParam(req));
    await redirectAfterSave(req, res, '/meetings', { kind: 'success', key: 'meetings.deleted' });
  });

  router.post('/meetings/:id/invite', requireLogin, async (req, res) => {
    await meetings.regenerateInvite(req.user!, meetingIdParam(req));
    await redirectAfterSave(req, res, '/meetings', { kind: 'success', key: 'meetings.inviteRenewed' });
  });

  // The moderator's join URL is signed for them: followed at once, never shown or logged.
  router.post('/meetings/:id/start', requireLogin, async (req, res) => {
    const meeting = await meetings.get(req.user!, meetingIdParam(req));
    res.redirect(303, await sessions.start(req.user!, meeting));
  });

  router.post('/meetings/:id/end', requireLogin, async (req, res) => {
    const meeting = await meetings.get(req.user!, meetingIdParam(req));
    await sessions.end(req.user!, meeting);
    await redirectAfterSave(req, res, '/meetings', { kind: 'success', key: 'meetings.ended' });
  });

  return router;
}
