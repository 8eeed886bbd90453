import { Router, type Request, type Response } from 'express';
import type { AccessGroup } from '../../server/src/domain/access/access-repository.js';
import { itemById, pageOfList } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { absoluteRequestUrl, queryInteger, queryText } from '../http/pod-query.js';
import { drfPage } from '../presenters/drf-page.js';
import { presentAccessGroup } from '../presenters/reference.presenter.js';
import type { BridgeContext } from './bridge-context.js';

/**
 * Pod's read-only `accessgroups/` (filters id, display_name, code_name, exact): the key's
 * site's groups with their members as user hyperlinks, looked up for the groups shown only.
 */
export function accessGroupsRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const { bridgeDirectory } = ctx.services;

  async function presentGroups(groups: readonly AccessGroup[]) {
    const members = await bridgeDirectory.groupMembers(groups);
    return groups.map((group) => presentAccessGroup(group, members.get(group.id) ?? [], ctx.urls));
  }
  const filteredGroups = async (req: Request, res: Response) => {
    const id = queryInteger(req, 'id');
    const displayName = queryText(req, 'display_name') || null;
    const codeName = queryText(req, 'code_name') || null;
    return (await bridgeDirectory.accessGroups(bridgeClientOf(res))).filter(
      (group) => (id === null || group.id === id) && (displayName === null || group.displayName === displayName) && (codeName === null || group.codeName === codeName),
    );
  };
  router
    .route('/accessgroups/')
    .get(async (req, res) => {
      const page = pageOfList(req, res, await filteredGroups(req, res));
      res.json(drfPage(absoluteRequestUrl(ctx.publicUrl, req), page, await presentGroups(page.items)));
    })
    .all(methodNotAllowed(['GET']));
  router
    .route('/accessgroups/:id/')
    .get(async (req, res) => {
      const group = itemById(req, await bridgeDirectory.accessGroups(bridgeClientOf(res)));
      res.json((await presentGroups([group]))[0]);
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
