import { Router } from 'express';
import { itemById, listPage } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { withPodBody } from '../http/pod-body.js';
import { inPodFields } from '../http/pod-field-errors.js';
import { assertLinksExist, linkedObjects } from '../http/pod-relations.js';
import { presentType } from '../presenters/reference.presenter.js';
import { parseDrf } from '../schemas/drf-fields.js';
import { typeCreateBody } from '../schemas/type.schemas.js';
import type { BridgeContext } from './bridge-context.js';

/** Pod's `/rest/types/`: the key's site's video types; scripts may add one. */
export function typesRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const { bridgeDirectory } = ctx.services;
  const schema = typeCreateBody(ctx.publicUrl);

  router
    .route('/types/')
    .get(async (req, res) => {
      res.json(listPage(req, res, ctx.publicUrl, await bridgeDirectory.types(bridgeClientOf(res)), (type) => presentType(type, ctx.urls)));
    })
    .post(async (req, res) => {
      const client = bridgeClientOf(res);
      const body = await withPodBody(req, { directory: ctx.uploadsDir, maxFileBytes: 1, fileField: null, listFields: ['sites'] }, async ({ fields }) => parseDrf(schema, fields));
      const linked = await linkedObjects(bridgeDirectory, client, { sites: body.sites });
      assertLinksExist([{ field: 'sites', ids: body.sites, known: linked.sites }]);
      const type = await inPodFields({}, () => bridgeDirectory.createType(client, { title: body.title, description: body.description ?? '' }));
      const json = presentType(type, ctx.urls);
      res.status(201).location(json.url).json(json);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/types/:id/')
    .get(async (req, res) => {
      res.json(presentType(itemById(req, await bridgeDirectory.types(bridgeClientOf(res))), ctx.urls));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
