import { Router, type Request, type Response } from 'express';
import { ConflictError } from '../../domain/errors.js';
import type { BbbServer } from '../../domain/meetings/bbb-server.js';
import type { Services } from '../../services.js';
import { localisedDetail, statusOf } from '../middlewares/error-handler.js';
import { requireRecordId } from '../record-id.js';
import { renderAdminBbbPage, renderBbbCheckPage, renderBbbInUsePage, renderBbbRemovePage, renderBbbServerFormPage } from '../views/admin-bbb.view.js';
import type { FormState } from '../views/form-fields.view.js';
import { bbbServerFormValues, bbbServerInputOf, bbbServerProblems, bbbServerValues, formRefusal, newBbbServerValues } from './bbb-server-form.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const serverIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_bbb_server_id', 'Not a server number.');

/**
 * /admin/bbb: the BigBlueButton servers of the administrator's site (list, add, edit, make
 * default, deactivate and reactivate, remove, test the connection) and the site's
 * automatic-import choice. Administrators only: the domain refuses others (a 403 page). Each
 * server's recordings (/admin/bbb/servers/<id>/recordings) are served by the recordings pages.
 */
export function adminBbbPages(deps: { services: Services }): Router {
  const servers = deps.services.bbbServerService;
  const router = Router();

  const formPage = (req: Request, res: Response, state: FormState & { refusal?: string }, status = 200, server?: BbbServer) => {
    // The secret is never shown back, not even what was just typed.
    const shown = { ...state, values: { ...state.values, secret: '' } };
    res.status(status).type('html').send(renderBbbServerFormPage(req, csrfOf(res), shown, server));
  };

  router.get('/admin/bbb', async (req, res) => {
    const [list, autoImport] = await Promise.all([servers.list(req.user!), servers.siteAutoImport(req.user!)]);
    res.type('html').send(renderAdminBbbPage(req, csrfOf(res), { servers: list, autoImport }));
  });

  router.post('/admin/bbb/auto-import', async (req, res) => {
    const on = (req.body as { auto_import?: unknown } | undefined)?.auto_import === 'true';
    await servers.setSiteAutoImport(req.user!, on);
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: on ? 'bbbAdmin.autoImport.on' : 'bbbAdmin.autoImport.off' });
  });

  router.get('/admin/bbb/servers/new', async (req, res) => {
    const existing = await servers.list(req.user!); // administrators only, as the form's target
    formPage(req, res, { values: newBbbServerValues(existing.length === 0), problems: [] });
  });

  router.post('/admin/bbb/servers', async (req, res) => {
    const values = bbbServerFormValues(req.body);
    try {
      await servers.add(req.user!, bbbServerInputOf(values), { isDefault: values.is_default === 'true' });
    } catch (error) {
      const refusal = formRefusal(error);
      formPage(req, res, { values, problems: bbbServerProblems(refusal, req.t), refusal: refusal.code }, 400);
      return;
    }
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: 'bbbAdmin.added' });
  });

  router.get('/admin/bbb/servers/:id', async (req, res) => {
    const server = await servers.get(req.user!, serverIdParam(req));
    formPage(req, res, { values: bbbServerValues(server), problems: [] }, 200, server);
  });

  router.post('/admin/bbb/servers/:id', async (req, res) => {
    const id = serverIdParam(req);
    const values = bbbServerFormValues(req.body);
    try {
      await servers.update(req.user!, id, bbbServerInputOf(values));
    } catch (error) {
      const refusal = formRefusal(error);
      formPage(req, res, { values, problems: bbbServerProblems(refusal, req.t), refusal: refusal.code }, 400, await servers.get(req.user!, id));
      return;
    }
    await redirectAfterSave(req, res, `/admin/bbb/servers/${id}`, { kind: 'success', key: 'bbbAdmin.saved' });
  });

  router.post('/admin/bbb/servers/:id/default', async (req, res) => {
    await servers.setDefault(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: 'bbbAdmin.defaultSet' });
  });

  router.post('/admin/bbb/servers/:id/activate', async (req, res) => {
    await servers.activate(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: 'bbbAdmin.reactivated' });
  });

  router.post('/admin/bbb/servers/:id/deactivate', async (req, res) => {
    const server = await servers.deactivate(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: server.isDefault ? 'bbbAdmin.deactivatedDefault' : 'bbbAdmin.deactivated' });
  });

  router.post('/admin/bbb/servers/:id/check', async (req, res) => {
    const id = serverIdParam(req);
    const server = await servers.get(req.user!, id);
    const outcome = await servers.checkConnection(req.user!, id);
    res.type('html').send(renderBbbCheckPage(req, csrfOf(res), server, outcome));
  });

  router.get('/admin/bbb/servers/:id/remove', async (req, res) => {
    const server = await servers.get(req.user!, serverIdParam(req));
    res.type('html').send(renderBbbRemovePage(req, csrfOf(res), server));
  });

  router.post('/admin/bbb/servers/:id/remove', async (req, res) => {
    const id = serverIdParam(req);
    const server = await servers.get(req.user!, id);
    try {
      await servers.remove(req.user!, id);
    } catch (error) {
      // Browsers get a page offering to deactivate the server instead; API clients the problem+json.
      if (!(error instanceof ConflictError && error.code === 'bbb_server_in_use') || req.accepts(['json', 'html']) !== 'html') throw error;
      res.status(statusOf(error)).setHeader('X-Lectern-Error-Code', error.code);
      res.type('html').send(renderBbbInUsePage(req, csrfOf(res), server, localisedDetail(req, error)));
      return;
    }
    await redirectAfterSave(req, res, '/admin/bbb', { kind: 'success', key: 'bbbAdmin.removed' });
  });

  return router;
}
