import { Router, type Request, type Response } from 'express';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { Services } from '../../services.js';
import { renderAdminGroupPage, renderAdminGroupsPage } from '../views/admin-groups.view.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const field = (req: Request, name: string): string => (typeof req.body?.[name] === 'string' ? (req.body[name] as string) : '');
const usernames = (text: string) => text.split(/[\s,;]+/).map((name) => name.trim()).filter(Boolean);

/** /admin/groups: access groups and their members (admins only; the domain refuses others). */
export function adminGroupPages(deps: { services: Services }): Router {
  const { accessGroupService: groups } = deps.services;
  const router = Router();

  async function showGroup(req: Request, res: Response, problem: string | null = null, status = 200) {
    const code = String(req.params.code);
    const group = await groups.get(req.user!, code);
    res.status(status).type('html').send(renderAdminGroupPage(req, csrfOf(res), group, await groups.members(req.user!, code), problem));
  }

  router.get('/admin/groups', async (req, res) => {
    res.type('html').send(renderAdminGroupsPage(req, csrfOf(res), await groups.list(req.user!)));
  });

  router.post('/admin/groups', async (req, res) => {
    try {
      const group = await groups.create(req.user!, field(req, 'code_name'), field(req, 'display_name'));
      await redirectAfterSave(req, res, `/admin/groups/${encodeURIComponent(group.codeName)}`, { kind: 'success', key: 'groups.saved' });
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      res.status(error instanceof ConflictError ? 409 : 400).type('html').send(renderAdminGroupsPage(req, csrfOf(res), await groups.list(req.user!), error.message));
    }
  });

  router.get('/admin/groups/:code', async (req, res) => {
    await showGroup(req, res);
  });

  router.post('/admin/groups/:code/members', async (req, res) => {
    try {
      await groups.addMembers(req.user!, String(req.params.code), usernames(field(req, 'usernames')));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await showGroup(req, res, error.message, 400);
      return;
    }
    await redirectAfterSave(req, res, `/admin/groups/${encodeURIComponent(String(req.params.code))}`, { kind: 'success', key: 'groups.saved' });
  });

  router.post('/admin/groups/:code/members/remove', async (req, res) => {
    await groups.removeMembers(req.user!, String(req.params.code), usernames(field(req, 'usernames')));
    await redirectAfterSave(req, res, `/admin/groups/${encodeURIComponent(String(req.params.code))}`, { kind: 'success', key: 'groups.saved' });
  });

  router.post('/admin/groups/:code/delete', async (req, res) => {
    await groups.remove(req.user!, String(req.params.code));
    await redirectAfterSave(req, res, '/admin/groups', { kind: 'success', key: 'groups.deleted' });
  });

  return router;
}
