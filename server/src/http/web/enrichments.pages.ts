import { Router, type Request, type Response } from 'express';
import type { Video } from '../../domain/videos/video.js';
import type { Services } from '../../services.js';
import { statusOf } from '../middlewares/error-handler.js';
import { withRequestBody, type RequestBody } from '../request-body.js';
import { renderItemEditPage, renderSectionPage } from '../views/enrichment-editor.view.js';
import { newFormValues } from '../views/enrichment-sections.view.js';
import type { FormState } from '../views/form-fields.view.js';
import { requireRecordId } from '../record-id.js';
import { formProblems, isFormRefusal, sectionControllers, type SectionController, type SubmittedForm } from './enrichment-forms.js';
import { csrfOf, videoIdParam } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

export interface EnrichmentPagesDeps {
  readonly services: Services;
  /** Where form files wait while they are checked. */
  readonly uploadsDir: string;
}

/** A form's fields as text (an urlencoded field sent twice keeps its last value). */
function submitted(body: RequestBody): SubmittedForm {
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(body.fields)) {
    const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (typeof text === 'string' && name !== '_csrf') values[name] = text;
  }
  return { values, file: body.file };
}

const itemIdParam = (req: Request): number => requireRecordId(req.params.itemId, 'invalid_item_id', 'Not an item number.');

type Again = (video: Video, form: FormState, status: number) => Promise<void>;

/** The list page, the edit page, and form submission of one kind of item. */
function sectionHandlers<T extends { id: number }>(deps: EnrichmentPagesDeps, controller: SectionController<T>) {
  const { view } = controller;

  async function listPage(req: Request, res: Response, video: Video, form: FormState, status = 200): Promise<void> {
    const items = await controller.list(req.user!, video.id);
    res.status(status).type('html').send(renderSectionPage(req, csrfOf(res), { video, view, items, form }));
  }

  async function editPage(req: Request, res: Response, video: Video, itemId: number, form: FormState | null, status = 200): Promise<void> {
    const item = await controller.get(req.user!, video.id, itemId);
    const state = form ?? { values: controller.valuesOf(item), problems: [] };
    res.status(status).type('html').send(renderItemEditPage(req, csrfOf(res), { video, view, item, form: state }));
  }

  /** Saves the form and goes back to the list; on a refusal, shows it again (through `again`) with its problems. */
  async function submit(req: Request, res: Response, itemId: number | null, again: Again): Promise<void> {
    const video = await deps.services.videoService.getManageable(req.user!, videoIdParam(req));
    const saved = await withRequestBody(req, deps.uploadsDir, controller.maxFileBytes || 1, async (body) => {
      const form = submitted(body);
      try {
        await controller.save(req.user!, video.id, itemId, form);
        return true;
      } catch (error) {
        if (!isFormRefusal(error)) throw error;
        await again(video, { values: form.values, problems: formProblems(req, error) }, statusOf(error));
        return false;
      }
    }).catch(async (error: unknown) => {
      // The body itself was refused (a file over the limit): the form comes back empty-handed.
      if (!isFormRefusal(error)) throw error;
      await again(video, { values: {}, problems: formProblems(req, error) }, statusOf(error));
      return false;
    });
    if (saved) await redirectAfterSave(req, res, `/my/videos/${video.id}/${view.name}`, { kind: 'success', key: 'enrichments.saved' });
  }

  return { listPage, editPage, submit };
}

function mountSection<T extends { id: number }>(router: Router, deps: EnrichmentPagesDeps, controller: SectionController<T>): void {
  const { view } = controller;
  const { listPage, editPage, submit } = sectionHandlers(deps, controller);
  const path = `/my/videos/:id/${view.name}`;
  const manageable = (req: Request) => deps.services.videoService.getManageable(req.user!, videoIdParam(req));

  router.get(path, async (req, res) => {
    const video = await manageable(req);
    const values = view.name === 'tracks' ? { ...newFormValues.tracks, lang: video.mainLang } : newFormValues[view.name];
    await listPage(req, res, video, { values, problems: [] });
  });
  router.post(path, async (req, res) => {
    await submit(req, res, null, (video, form, status) => listPage(req, res, video, form, status));
  });
  router.get(`${path}/:itemId/edit`, async (req, res) => {
    await editPage(req, res, await manageable(req), itemIdParam(req), null);
  });
  router.post(`${path}/:itemId/edit`, async (req, res) => {
    const itemId = itemIdParam(req);
    await submit(req, res, itemId, (video, form, status) => editPage(req, res, video, itemId, form, status));
  });
  router.post(`${path}/:itemId/delete`, async (req, res) => {
    const videoId = videoIdParam(req);
    await controller.remove(req.user!, videoId, itemIdParam(req));
    await redirectAfterSave(req, res, `/my/videos/${videoId}/${view.name}`, { kind: 'success', key: 'enrichments.deleted' });
  });
}

/**
 * The owner's editors of chapters, tracks, enrichments and overlays:
 * /my/videos/:id/<section> lists and adds, …/:itemId/edit changes, …/:itemId/delete removes.
 * A refused form comes back with what was typed and the problems next to the fields.
 */
export function enrichmentPages(deps: EnrichmentPagesDeps): Router {
  const router = Router();
  const controllers = sectionControllers(deps.services.enrichmentService);
  mountSection(router, deps, controllers.chapters);
  mountSection(router, deps, controllers.tracks);
  mountSection(router, deps, controllers.enrichments);
  mountSection(router, deps, controllers.overlays);
  return router;
}
