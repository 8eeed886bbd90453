import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { LtiPlatform } from '../../domain/lms/lti-platform.js';
import type { Services } from '../../services.js';
import { requireRecordId } from '../record-id.js';
import { renderAdminLtiPage, renderLtiConfirmPage, renderLtiPlatformFormPage, renderLtiValuesPage } from '../views/admin-lti.view.js';
import type { FormState } from '../views/form-fields.view.js';
import { EMPTY_LTI_PLATFORM_VALUES, ltiPlatformFormValues, ltiPlatformProblems, ltiPlatformSettingsOf, ltiPlatformValues } from './lti-platform-form.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const platformIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_lti_platform_id', 'Not a platform number.');

/** The posted status of /admin/lti/<id>/status: approving a pending platform is activating it. */
function postedStatus(body: unknown): 'active' | 'inactive' {
  const status = (body as { status?: unknown } | undefined)?.status;
  if (status === 'active' || status === 'inactive') return status;
  throw new ValidationError('invalid_lti_platform_status', 'The status must be active or inactive.');
}

/** A refusal the form shows next to its fields; anything else goes on to the error handler. */
function formRefusal(error: unknown): ValidationError | ConflictError {
  if (error instanceof ValidationError || error instanceof ConflictError) return error;
  throw error;
}

/**
 * /admin/lti: the LTI 1.3 platforms (LMSs) of the administrator's site: list, add, edit,
 * approve, deactivate and reactivate, remove, rotate the tool key, and the values to enter in
 * each LMS. Administrators only: the domain refuses others (a 403 page).
 */
export function adminLtiPages(deps: { services: Services; publicUrl: string }): Router {
  const platforms = deps.services.ltiPlatformService;
  const router = Router();

  const formPage = (req: Request, res: Response, state: FormState, status = 200, platform?: LtiPlatform) => {
    res.status(status).type('html').send(renderLtiPlatformFormPage(req, csrfOf(res), state, platform));
  };

  router.get('/admin/lti', async (req, res) => {
    res.type('html').send(renderAdminLtiPage(req, csrfOf(res), await platforms.list(req.user!), deps.publicUrl));
  });

  router.get('/admin/lti/new', async (req, res) => {
    await platforms.list(req.user!); // administrators only, as the form's target
    formPage(req, res, { values: EMPTY_LTI_PLATFORM_VALUES, problems: [] });
  });

  router.get('/admin/lti/values', async (req, res) => {
    await platforms.list(req.user!);
    res.type('html').send(renderLtiValuesPage(req, csrfOf(res), deps.publicUrl));
  });

  router.post('/admin/lti', async (req, res) => {
    const values = ltiPlatformFormValues(req.body);
    try {
      await platforms.add(req.user!, ltiPlatformSettingsOf(values));
    } catch (error) {
      formPage(req, res, { values, problems: ltiPlatformProblems(formRefusal(error), req.t) }, 400);
      return;
    }
    await redirectAfterSave(req, res, '/admin/lti', { kind: 'success', key: 'ltiAdmin.added' });
  });

  router.get('/admin/lti/:id', async (req, res) => {
    const platform = await platforms.get(req.user!, platformIdParam(req));
    formPage(req, res, { values: ltiPlatformValues(platform), problems: [] }, 200, platform);
  });

  router.post('/admin/lti/:id', async (req, res) => {
    const id = platformIdParam(req);
    const values = ltiPlatformFormValues(req.body);
    try {
      await platforms.update(req.user!, id, ltiPlatformSettingsOf(values));
    } catch (error) {
      const problems = ltiPlatformProblems(formRefusal(error), req.t);
      formPage(req, res, { values, problems }, 400, await platforms.get(req.user!, id));
      return;
    }
    await redirectAfterSave(req, res, `/admin/lti/${id}`, { kind: 'success', key: 'ltiAdmin.saved' });
  });

  router.post('/admin/lti/:id/status', async (req, res) => {
    const id = platformIdParam(req);
    const before = await platforms.get(req.user!, id);
    const status = postedStatus(req.body);
    await platforms.setStatus(req.user!, id, status);
    const key = status === 'inactive' ? 'ltiAdmin.deactivated' : before.status === 'pending' ? 'ltiAdmin.approved' : 'ltiAdmin.reactivated';
    await redirectAfterSave(req, res, '/admin/lti', { kind: 'success', key });
  });

  for (const action of ['remove', 'rotate'] as const) {
    router.get(`/admin/lti/:id/${action}`, async (req, res) => {
      const platform = await platforms.get(req.user!, platformIdParam(req));
      res.type('html').send(renderLtiConfirmPage(req, csrfOf(res), platform, action));
    });
  }

  router.post('/admin/lti/:id/remove', async (req, res) => {
    await platforms.remove(req.user!, platformIdParam(req));
    await redirectAfterSave(req, res, '/admin/lti', { kind: 'success', key: 'ltiAdmin.removed' });
  });

  router.post('/admin/lti/:id/rotate', async (req, res) => {
    const id = platformIdParam(req);
    await platforms.rotateKey(req.user!, id);
    await redirectAfterSave(req, res, `/admin/lti/${id}`, { kind: 'success', key: 'ltiAdmin.rotated' });
  });

  return router;
}
