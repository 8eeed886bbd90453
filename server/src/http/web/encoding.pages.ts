import { Router, type Request, type Response } from 'express';
import type { EncodingJob } from '../../domain/encoding/encoding-job.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { User } from '../../domain/users/user.js';
import type { Video } from '../../domain/videos/video.js';
import type { Services } from '../../services.js';
import { isMessageKey, type MessageKey } from '../i18n/i18n.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { videoRow } from '../views/my-videos.view.js';
import { encodingSection } from '../views/video-encoding.view.js';
import { safeNext } from './auth.pages.js';
import { csrfOf, videoIdParam } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

/**
 * Runs a form's action and goes back to `location` with a message: the success one, or the
 * refusal (conflict, invalid choice) in words. Other errors (not an owner, no such video)
 * reach the error handler and its error page.
 */
async function actThenRedirect(req: Request, res: Response, location: string, success: MessageKey, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error;
    const key = `error.${error.code}`;
    await redirectAfterSave(req, res, location, { kind: 'error', key: isMessageKey(key) ? key : 'error.validation_failed' });
    return;
  }
  await redirectAfterSave(req, res, location, { kind: 'success', key: success });
}

/** A form's whole-number field, or NaN (which the domain refuses) for anything else. */
const wholeNumber = (value: unknown): number => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN);

/** A video its manager opens, with its latest encoding job (null when it was never sent to encoding). */
export async function videoWithJob(services: Services, user: User, id: number): Promise<{ video: Video; job: EncodingJob | null }> {
  const video = await services.videoService.getManageable(user, id);
  if (!video.encoding) return { video, job: null };
  try {
    return { video, job: await services.encodingService.forVideo(user, id) };
  } catch (error) {
    // The job row went away between the two reads (the video was just deleted): show no log.
    if (error instanceof NotFoundError && error.code === 'not_encoded') return { video, job: null };
    throw error;
  }
}

/** Encoding from the web pages: retry or re-encode, choose a thumbnail, and the fragments the live script swaps in. */
export function encodingPages(deps: { services: Services }): Router {
  const { encodingService, videoService } = deps.services;
  const router = Router();
  router.use('/my', requireLogin);

  router.post('/my/videos/:id/encode', async (req, res) => {
    const id = videoIdParam(req);
    await actThenRedirect(req, res, safeNext(req.body?.next), 'encoding.retried', () => encodingService.retry(req.user!, id));
  });

  router.post('/my/videos/:id/thumbnail', async (req, res) => {
    const id = videoIdParam(req);
    const index = wholeNumber(req.body?.index);
    await actThenRedirect(req, res, `/my/videos/${id}/edit`, 'encoding.thumbnail.saved', () => videoService.chooseThumbnail(req.user!, id, index));
  });

  router.get('/my/videos/:id/fragments/row', async (req, res) => {
    const video = await videoService.getManageable(req.user!, videoIdParam(req));
    res.type('html').send(videoRow(req, csrfOf(res), video, safeNext(req.query.next)).value);
  });

  router.get('/my/videos/:id/fragments/encoding', async (req, res) => {
    const { video, job } = await videoWithJob(deps.services, req.user!, videoIdParam(req));
    res.type('html').send(encodingSection(req, csrfOf(res), video, job).value);
  });

  return router;
}
