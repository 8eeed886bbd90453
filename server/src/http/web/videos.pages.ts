import { Router, type Request, type Response } from 'express';
import { ForbiddenError, PreconditionFailedError, ValidationError } from '../../domain/errors.js';
import { canUpload } from '../../domain/users/user.js';
import type { Services } from '../../services.js';
import { receiveOneShotUpload, type UploadRoutesDeps } from '../api/uploads.routes.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { parseRecordId, requireRecordId } from '../record-id.js';
import { renderMyVideosPage } from '../views/my-videos.view.js';
import { renderUploadPage } from '../views/upload.view.js';
import { renderVideoEditPage } from '../views/video-edit.view.js';
import { renderTokensPage } from '../views/tokens.view.js';
import { adminPages } from './admin.pages.js';
import { encodingPages, videoWithJob } from './encoding.pages.js';
import { enrichmentPages } from './enrichments.pages.js';
import { csrfOf, videoIdParam } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';
import { parseVideoForm } from './video-form.js';

export function videoPages(deps: { services: Services; uploads: UploadRoutesDeps; publicUrl: string }): Router {
  const { videoService, uploadService, referenceData, tokenService } = deps.services;
  const router = Router();
  router.use('/my', requireLogin);

  router.get('/my/videos', async (req, res) => {
    const search = typeof req.query.search === 'string' ? req.query.search.slice(0, 200) : '';
    const page = Math.max(1, Math.min(1_000_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const result = await videoService.list(req.user!, { search, page, pageSize: 20 });
    res.type('html').send(renderMyVideosPage(req, csrfOf(res), result, search));
  });

  router.get('/my/videos/upload', async (req, res) => {
    if (!canUpload(req.user!)) throw new ForbiddenError('upload_not_allowed', 'Only staff members can upload videos.');
    const targetId = parseRecordId(req.query.video);
    const video = targetId ? await videoService.getManageable(req.user!, targetId) : undefined;
    const storage = await uploadService.storageOf(req.user!);
    res.type('html').send(renderUploadPage(req, csrfOf(res), { maxSize: deps.uploads.maxSize, storage, video: video && { id: video.id, title: video.title } }));
  });

  router.post('/my/videos/upload', async (req, res) => {
    const video = await receiveOneShotUpload(req, deps.uploads);
    await redirectAfterSave(req, res, `/my/videos/${video.id}/edit`, { kind: 'success', key: 'videos.saved' });
  });

  async function renderEdit(req: Request, res: Response, id: number, extra: { problems?: { path: string; message: string }[]; conflict?: boolean } = {}, status = 200) {
    const { video, job } = await videoWithJob(deps.services, req.user!, id);
    const [types, disciplines, groups, courses, shareLinks] = await Promise.all([
      referenceData.listTypes(video.siteId),
      referenceData.listDisciplines(video.siteId),
      deps.services.accessRepository.listGroups(video.siteId),
      deps.services.accessRepository.coursesOf(req.user!.id),
      deps.services.shareLinkService.list(video),
    ]);
    res
      .status(status)
      .type('html')
      .send(renderVideoEditPage(req, csrfOf(res), { video, job, types, disciplines, groups, courses, shareLinks, publicUrl: deps.publicUrl, ...extra }));
  }

  router.get('/my/videos/:id/edit', async (req, res) => {
    await renderEdit(req, res, videoIdParam(req));
  });

  router.post('/my/videos/:id/edit', async (req, res) => {
    const id = videoIdParam(req);
    const parsed = parseVideoForm(req.body ?? {});
    if ('problems' in parsed) {
      await renderEdit(req, res, id, { problems: parsed.problems }, 400);
      return;
    }
    try {
      await videoService.update(req.user!, id, parsed.patch, parseRecordId(req.body?.version));
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        await renderEdit(req, res, id, { conflict: true }, 409);
        return;
      }
      if (error instanceof ValidationError && error.details.fields) {
        await renderEdit(req, res, id, { problems: [...error.details.fields] }, 400);
        return;
      }
      throw error;
    }
    await redirectAfterSave(req, res, '/my/videos', { kind: 'success', key: 'videos.saved' });
  });

  router.post('/my/videos/:id/share-links', async (req, res) => {
    const video = await videoService.getManageable(req.user!, videoIdParam(req));
    const label = typeof req.body?.label === 'string' ? req.body.label.slice(0, 100) : '';
    await deps.services.shareLinkService.create(req.user!, video, label);
    await redirectAfterSave(req, res, `/my/videos/${video.id}/edit#share-heading`, { kind: 'success', key: 'access.shareLinkCreated' });
  });

  router.post('/my/videos/:id/share-links/:linkId/revoke', async (req, res) => {
    const video = await videoService.getManageable(req.user!, videoIdParam(req));
    await deps.services.shareLinkService.revoke(req.user!, video, requireRecordId(req.params.linkId, 'invalid_share_link_id', 'Not a share link number.'));
    await redirectAfterSave(req, res, `/my/videos/${video.id}/edit#share-heading`, { kind: 'success', key: 'access.shareLinkRevoked' });
  });

  router.post('/my/videos/:id/delete', async (req, res) => {
    await videoService.remove(req.user!, videoIdParam(req));
    await redirectAfterSave(req, res, '/my/videos', { kind: 'success', key: 'videos.deleted' });
  });

  router.use(encodingPages({ services: deps.services }));
  router.use(enrichmentPages({ services: deps.services, uploadsDir: deps.uploads.uploadsDir }));
  router.use(adminPages({ services: deps.services, publicUrl: deps.publicUrl }));

  router.get('/my/tokens', async (req, res) => {
    res.type('html').send(renderTokensPage(req, csrfOf(res), await tokenService.list(req.user!.id)));
  });

  router.post('/my/tokens', async (req, res) => {
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 100) : '';
    const created = await tokenService.create(req.user!.id, name);
    res.status(201).type('html').send(renderTokensPage(req, csrfOf(res), await tokenService.list(req.user!.id), created.key));
  });

  router.post('/my/tokens/:id/revoke', async (req, res) => {
    await tokenService.revoke(req.user!.id, requireRecordId(req.params.id, 'invalid_token_id', 'Not a token number.'));
    res.redirect(303, '/my/tokens');
  });

  return router;
}
