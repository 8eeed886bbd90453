import { Router } from 'express';
import { ConflictError, ValidationError } from '../../server/src/domain/errors.js';
import { pathId } from '../http/drf-paging.js';
import { methodNotAllowed } from '../http/drf-errors.js';
import { bridgeClientOf } from '../http/pod-auth.js';
import { withPodBody } from '../http/pod-body.js';
import { absoluteRequestUrl, queryInteger, queryPage, queryText } from '../http/pod-query.js';
import { drfPage } from '../presenters/drf-page.js';
import { presentUser } from '../presenters/user.presenter.js';
import { parseDrf } from '../schemas/drf-fields.js';
import { toPodUserInput, userCreateBody } from '../schemas/user.schemas.js';
import type { BridgeContext } from './bridge-context.js';

export const USERNAME_TAKEN = 'A user with that username already exists.';

/** Pod's `/rest/users/`: the key's site's users, newest first, filtered on id, username and email; scripts create users (SSO accounts, no password). */
export function usersRoutes(ctx: BridgeContext): Router {
  const router = Router();
  const { bridgeUsers } = ctx.services;

  router
    .route('/users/')
    .get(async (req, res) => {
      const page = await bridgeUsers.list(bridgeClientOf(res), {
        id: queryInteger(req, 'id'),
        username: queryText(req, 'username') || null,
        email: queryText(req, 'email') || null,
        page: queryPage(req),
      });
      res.json(drfPage(absoluteRequestUrl(ctx.publicUrl, req), page, page.items.map((user) => presentUser(user, ctx.urls))));
    })
    .post(async (req, res) => {
      const body = await withPodBody(req, { directory: ctx.uploadsDir, maxFileBytes: 1, fileField: null }, async ({ fields }) => parseDrf(userCreateBody, fields));
      const user = await bridgeUsers.create(bridgeClientOf(res), toPodUserInput(body)).catch((error: unknown) => {
        // Django's unique constraint on username: DRF's 400 on the field.
        if (error instanceof ConflictError && error.code === 'username_taken') {
          throw new ValidationError('username_taken', error.message, { fields: [{ path: 'username', message: USERNAME_TAKEN }] });
        }
        throw error;
      });
      const json = presentUser(user, ctx.urls);
      res.status(201).location(json.url).json(json);
    })
    .all(methodNotAllowed(['GET', 'POST']));

  router
    .route('/users/:id/')
    .get(async (req, res) => {
      res.json(presentUser(await bridgeUsers.get(bridgeClientOf(res), pathId(req)), ctx.urls));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
