import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError, type AppError } from '../../domain/errors.js';
import { casServiceUrl } from '../../domain/sso/cas-protocol.js';
import type { CasServer } from '../../domain/sso/cas-server.js';
import { casServerProblemReason, type CasServerInput } from '../../domain/sso/cas-server-rules.js';
import type { Services } from '../../services.js';
import { isMessageKey, type Translate } from '../i18n/i18n.js';
import { requireRecordId } from '../record-id.js';
import { renderAdminCasPage, renderCasCheckPage, renderCasRemovePage, renderCasServerFormPage } from '../views/admin-cas.view.js';
import type { FormProblem, FormState } from '../views/form-fields.view.js';
import { csrfOf, postedStrings } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const FIELDS = ['name', 'base_url'] as const;
const BASE = '/admin/sso/cas';

const serverIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_cas_server_id', 'Not a CAS server number.');

const inputOf = (values: Record<(typeof FIELDS)[number], string>): CasServerInput => ({ name: values.name, baseUrl: values.base_url });

/** A refusal the form shows next to its fields; anything else goes on to the error handler. */
function formRefusal(error: unknown): ValidationError | ConflictError {
  if ((error instanceof ValidationError && error.code === 'invalid_cas_server') || (error instanceof ConflictError && error.code === 'cas_server_exists')) return error;
  throw error;
}

/** The domain's refusal next to the fields, in the page's language. */
function casServerProblems(error: AppError, t: Translate): FormProblem[] {
  const message = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  return (error.details.fields ?? []).map((field) => {
    const key = error.code === 'cas_server_exists' ? `casAdmin.taken.${field.path}` : `casAdmin.invalid.${casServerProblemReason(field) ?? field.path}`;
    return { path: field.path, message: message(key, field.message) };
  });
}

/**
 * /admin/sso/cas: the CAS servers of the administrator's site (list, add, edit, enable and
 * disable, remove after a confirmation, test). Administrators only: the domain refuses others
 * (a 403 page). Each server's page shows the service URL to register at the CAS server.
 */
export function adminCasPages(deps: { services: Services; publicUrl: string }): Router {
  const servers = deps.services.casServerService;
  const router = Router();

  /** The form, with the server's service URL and how many people signed in through it (on edit). */
  const formPage = async (req: Request, res: Response, state: FormState & { refusal?: string }, status = 200, server?: CasServer) => {
    const view = server ? { server, serviceUrl: casServiceUrl(deps.publicUrl, server.id), identities: await servers.identityCount(req.user!, server.id) } : {};
    res.status(status).type('html').send(renderCasServerFormPage(req, csrfOf(res), state, view));
  };

  /** Saves the form (`id`: an edit), or shows it again with the refusal next to its fields (400). */
  const save = async (req: Request, res: Response, id?: number) => {
    const values = postedStrings(req.body, FIELDS);
    try {
      const server = id === undefined ? await servers.add(req.user!, inputOf(values)) : await servers.update(req.user!, id, inputOf(values));
      await redirectAfterSave(req, res, `${BASE}/${server.id}`, { kind: 'success', key: id === undefined ? 'casAdmin.added' : 'casAdmin.saved' });
    } catch (error) {
      const refusal = formRefusal(error);
      await formPage(req, res, { values, problems: casServerProblems(refusal, req.t), refusal: refusal.code }, 400, id === undefined ? undefined : await servers.get(req.user!, id));
    }
  };

  router.get(BASE, async (req, res) => {
    res.type('html').send(renderAdminCasPage(req, csrfOf(res), await servers.list(req.user!)));
  });

  router.get(`${BASE}/new`, async (req, res) => {
    await servers.list(req.user!); // administrators only, as the form's target
    await formPage(req, res, { values: { name: '', base_url: '' }, problems: [] });
  });

  router.post(BASE, (req, res) => save(req, res));

  router.get(`${BASE}/:id`, async (req, res) => {
    const server = await servers.get(req.user!, serverIdParam(req));
    await formPage(req, res, { values: { name: server.name, base_url: server.baseUrl }, problems: [] }, 200, server);
  });

  router.post(`${BASE}/:id`, async (req, res) => {
    const id = serverIdParam(req);
    await servers.get(req.user!, id); // a server of another site, or none, is a 404 before any form
    await save(req, res, id);
  });

  router.post(`${BASE}/:id/enable`, async (req, res) => {
    await servers.enable(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, BASE, { kind: 'success', key: 'casAdmin.enabledDone' });
  });

  router.post(`${BASE}/:id/disable`, async (req, res) => {
    await servers.disable(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, BASE, { kind: 'success', key: 'casAdmin.disabledDone' });
  });

  router.post(`${BASE}/:id/check`, async (req, res) => {
    const id = serverIdParam(req);
    const server = await servers.get(req.user!, id);
    res.type('html').send(renderCasCheckPage(req, csrfOf(res), server, await servers.checkConnection(req.user!, id)));
  });

  router.get(`${BASE}/:id/remove`, async (req, res) => {
    const id = serverIdParam(req);
    const server = await servers.get(req.user!, id);
    res.type('html').send(renderCasRemovePage(req, csrfOf(res), server, await servers.identityCount(req.user!, id)));
  });

  router.post(`${BASE}/:id/remove`, async (req, res) => {
    await servers.remove(req.user!, serverIdParam(req));
    await redirectAfterSave(req, res, BASE, { kind: 'success', key: 'casAdmin.removed' });
  });

  return router;
}
