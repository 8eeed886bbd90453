import { Router } from 'express';
import { methodNotAllowed } from '../http/drf-errors.js';
import { presentRoot } from '../presenters/root.presenter.js';
import type { BridgeContext } from './bridge-context.js';

/** `GET /rest/`: DRF DefaultRouter's root, every resource and its list URL. */
export function rootRoutes(ctx: BridgeContext): Router {
  const router = Router();
  router
    .route('/')
    .get((_req, res) => {
      res.json(presentRoot(ctx.urls));
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
