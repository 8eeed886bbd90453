import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { RecordingImport } from '../../domain/meetings/recording-import.js';
import { displayName } from '../../domain/users/user.js';
import type { Services } from '../../services.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { requireRecordId } from '../record-id.js';
import { renderMyRecordingsPage, renderServerRecordingsPage, type RecordingNotice } from '../views/recordings.view.js';
import { csrfOf, postedStrings } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

declare module 'express-session' {
  interface SessionData {
    /** The outcome of an import or retry, for the recordings page the form came back to. */
    recordingNotice?: RecordingNotice;
  }
}

/** BBB record ids are `<sha1>-<ms>`; other servers (Scalelite) keep to letters, digits, `-`, `_` and `.` too. */
const RECORD_ID = /^[A-Za-z0-9_.-]{1,256}$/;
/** Where the forms may come back to: the two recordings pages, with their query. */
const BACK = /^\/(?:meetings\/recordings|admin\/bbb\/servers\/\d{1,10}\/recordings)(?:\?[^#\s]*)?$/;
const MAX_OFFSET = 1_000_000;
const MAX_ID = 2_147_483_647;

/** The recording went away meanwhile: said on the page, like the import's refusals. */
const GONE = ['bbb_recording_not_found', 'bbb_recording_gone'];

/** Refusals shown on the page the form came back to; anything else (403, bad form) is an error page. */
const flashed = (error: unknown): error is AppError =>
  error instanceof AppError && (['conflict', 'unavailable', 'unsupported_media', 'precondition_failed', 'validation'].includes(error.kind) || GONE.includes(error.code));

function backOf(body: unknown): string {
  const { back } = postedStrings(body, ['back']);
  return BACK.test(back) ? back : '/meetings/recordings';
}

function takeNotice(req: Request): RecordingNotice | undefined {
  const notice = req.session.recordingNotice;
  delete req.session.recordingNotice;
  return notice;
}

/** An optional whole number of the query (`?meeting=`, `?offset=`): absent or empty is undefined, anything else out of range a 400 with `code`. */
function queryNumber(raw: unknown, range: { min: number; max: number }, code: string, message: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= range.min && value <= range.max)) throw new ValidationError(code, message);
  return value;
}

/**
 * "My recordings" (/meetings/recordings, staff and administrators), every recording of a server
 * (/admin/bbb/servers/<id>/recordings, its site's administrators), and their import and retry
 * forms, which come back to the page they were posted from with the outcome.
 */
export function recordingPages(deps: { services: Services }): Router {
  const { recordingListing: listing, recordingImportService: imports, userService } = deps.services;
  const router = Router();
  router.use(['/meetings/recordings', '/admin/bbb/servers'], requireLogin);

  router.get('/meetings/recordings', async (req, res) => {
    const meetingId = queryNumber(req.query.meeting, { min: 1, max: MAX_ID }, 'invalid_meeting_filter', 'Not a meeting number.');
    const { groups, meetings } = await listing.listMine(req.user!, meetingId === undefined ? {} : { meetingId });
    res.type('html').send(renderMyRecordingsPage(req, csrfOf(res), { groups, meetings, meetingId, notice: takeNotice(req) }));
  });

  router.get('/admin/bbb/servers/:id/recordings', async (req, res) => {
    const serverId = requireRecordId(req.params.id, 'invalid_bbb_server_id', 'Not a server number.');
    const offset = queryNumber(req.query.offset, { min: 0, max: MAX_OFFSET }, 'invalid_recordings_offset', 'The offset is a whole number of recordings.') ?? 0;
    const page = await listing.listServer(req.user!, serverId, offset);
    res.type('html').send(renderServerRecordingsPage(req, csrfOf(res), page, takeNotice(req)));
  });

  /** Comes back to the form's page with the outcome; the refusals users can act on are shown there with their code. */
  async function settle(req: Request, res: Response, action: () => Promise<RecordingNotice>): Promise<void> {
    const back = backOf(req.body);
    let notice: RecordingNotice;
    try {
      notice = await action();
    } catch (error) {
      if (!flashed(error)) throw error;
      // "Already imported" names its video: the notice links to it.
      notice = { kind: 'error', code: error.code, message: error.message, videoId: Number(error.details.params?.videoId ?? 0) || null };
    }
    req.session.recordingNotice = notice;
    await redirectAfterSave(req, res, back);
  }

  const queuedNotice = async (req: Request, item: RecordingImport, created: boolean): Promise<RecordingNotice> => {
    if (!created) return { kind: 'success', key: 'recordings.alreadyQueued' };
    if (item.ownerId === req.user!.id) return { kind: 'success', key: 'recordings.queuedYours', params: { name: item.name } };
    return { kind: 'success', key: 'recordings.queued', params: { name: item.name, owner: displayName(await userService.getById(item.ownerId)) } };
  };

  router.post('/meetings/recordings/import', async (req, res) => {
    const form = postedStrings(req.body, ['server', 'record']);
    const serverId = requireRecordId(form.server, 'invalid_bbb_server_id', 'Not a server number.');
    if (!RECORD_ID.test(form.record)) throw new ValidationError('invalid_record_id', 'Not a BigBlueButton recording id.');
    await settle(req, res, async () => {
      const outcome = await listing.importRecording(req.user!, serverId, form.record);
      return queuedNotice(req, outcome.import, outcome.created);
    });
  });

  router.post('/meetings/recordings/imports/:id/retry', async (req, res) => {
    const importId = requireRecordId(req.params.id, 'invalid_recording_import_id', 'Not an import number.');
    await settle(req, res, async () => {
      await imports.retry(req.user!, importId);
      return { kind: 'success', key: 'recordings.requeued' };
    });
  });

  return router;
}
