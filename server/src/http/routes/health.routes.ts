import { Router } from 'express';
import type pg from 'pg';
import { isDatabaseReachable } from '../../infra/db.js';

/** /healthz: the process answers. /readyz: and its database does too. */
export function healthRoutes(pool: pg.Pool): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const database = await isDatabaseReachable(pool);
    res.status(database ? 200 : 503).json({ status: database ? 'ready' : 'unavailable', checks: { database: database ? 'ok' : 'unreachable' } });
  });
  return router;
}
