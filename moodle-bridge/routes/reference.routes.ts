import { Router } from 'express';
import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import { itemById, listPage } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { presentDiscipline, presentRendition, presentSite, type PodRendition } from '../presenters/reference.presenter.js';
import type { BridgeContext } from './bridge-context.js';

/**
 * Pod's read-only reference data: `sites/` (the key's own), `discipline/` (singular, as Pod)
 * and `renditions/` (the configured encoding ladder, known by height). Lists are DRF pages;
 * other methods are 405.
 */
export function referenceRoutes(ctx: BridgeContext, renditions: readonly PodRendition[]): Router {
  const router = Router();
  const { bridgeDirectory } = ctx.services;

  function readOnly<T extends { readonly id: number }>(collection: string, items: (client: BridgeClient) => Promise<readonly T[]>, present: (item: T, client: BridgeClient) => unknown) {
    router
      .route(`/${collection}/`)
      .get(async (req, res) => {
        const client = bridgeClientOf(res);
        res.json(listPage(req, res, ctx.publicUrl, await items(client), (item) => present(item, client)));
      })
      .all(methodNotAllowed(['GET']));
    router
      .route(`/${collection}/:id/`)
      .get(async (req, res) => {
        const client = bridgeClientOf(res);
        res.json(present(itemById(req, await items(client)), client));
      })
      .all(methodNotAllowed(['GET']));
  }

  readOnly('sites', (client) => bridgeDirectory.sites(client), (site) => presentSite(site, ctx.urls));
  readOnly('discipline', (client) => bridgeDirectory.disciplines(client), (discipline) => presentDiscipline(discipline, ctx.urls));
  readOnly('renditions', async () => renditions.map((rendition) => ({ ...rendition, id: rendition.height })), (rendition, client) => presentRendition(rendition, client.siteId, ctx.urls));
  return router;
}
