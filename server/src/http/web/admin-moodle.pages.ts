import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../../domain/errors.js';
import type { CreatedToken } from '../../domain/tokens/api-token-service.js';
import type { Services } from '../../services.js';
import { requireRecordId } from '../record-id.js';
import { renderAdminMoodleKeyPage, renderAdminMoodlePage } from '../views/admin-moodle.view.js';
import type { FormState } from '../views/form-fields.view.js';
import { bridgeKeyFormValues, bridgeKeyProblems, bridgeKeyValues, newBridgeKeyValues, parseBridgeKeyForm } from './bridge-key-form.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const keyIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_bridge_key_id', 'Not a key number.');

/**
 * /admin/moodle: the keys of Moodle sites and Esup-Pod scripts (bridge keys), and what to enter
 * in Moodle's repository_pod settings. Administrators only: the domain refuses others (a 403 page).
 */
export function adminMoodlePages(deps: { services: Services; publicUrl: string }): Router {
  const { bridgeKeyService: keys, sites } = deps.services;
  const { publicUrl } = deps;
  const router = Router();

  async function listPage(req: Request, res: Response, form: FormState | null, status = 200, created?: CreatedToken) {
    const actor = req.user!;
    const list = await keys.list(actor);
    const [bindable, all] = await Promise.all([keys.bindableSites(actor), sites.list()]);
    // A page showing a key must not stay in any cache.
    if (created) res.setHeader('Cache-Control', 'no-store');
    const state = form ?? { values: newBridgeKeyValues(actor.siteId), problems: [] };
    const shown = created ? { key: created.token, secret: created.key } : undefined;
    res.status(status).type('html').send(renderAdminMoodlePage(req, csrfOf(res), { keys: list, sites: all, bindable, form: state, created: shown, publicUrl }));
  }

  async function keyPage(req: Request, res: Response, form: FormState | null, status = 200) {
    const actor = req.user!;
    const key = await keys.get(actor, keyIdParam(req));
    const [bindable, all] = await Promise.all([keys.bindableSites(actor), sites.list()]);
    const state = form ?? { values: bridgeKeyValues(key), problems: [] };
    res.status(status).type('html').send(renderAdminMoodleKeyPage(req, csrfOf(res), { key, sites: all, bindable, form: state, publicUrl }));
  }

  router.get('/admin/moodle', async (req, res) => {
    await listPage(req, res, null);
  });

  router.post('/admin/moodle', async (req, res) => {
    const values = bridgeKeyFormValues(req.body);
    const parsed = parseBridgeKeyForm(values, req.t);
    if ('problems' in parsed) {
      await listPage(req, res, { values, problems: parsed.problems }, 400);
      return;
    }
    let created: CreatedToken;
    try {
      created = await keys.create(req.user!, parsed.input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await listPage(req, res, { values, problems: bridgeKeyProblems(error, req.t) }, 400);
      return;
    }
    await listPage(req, res, null, 201, created);
  });

  router.get('/admin/moodle/:id', async (req, res) => {
    await keyPage(req, res, null);
  });

  router.post('/admin/moodle/:id', async (req, res) => {
    const values = bridgeKeyFormValues(req.body);
    const parsed = parseBridgeKeyForm(values, req.t);
    if ('problems' in parsed) {
      await keyPage(req, res, { values, problems: parsed.problems }, 400);
      return;
    }
    try {
      await keys.update(req.user!, keyIdParam(req), parsed.input);
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.details.fields) throw error;
      await keyPage(req, res, { values, problems: bridgeKeyProblems(error, req.t) }, 400);
      return;
    }
    await redirectAfterSave(req, res, '/admin/moodle', { kind: 'success', key: 'moodle.saved' });
  });

  router.post('/admin/moodle/:id/revoke', async (req, res) => {
    await keys.revoke(req.user!, keyIdParam(req));
    await redirectAfterSave(req, res, '/admin/moodle', { kind: 'success', key: 'moodle.revokedFlash' });
  });

  return router;
}
