import { Router } from 'express';
import type { Services } from '../../services.js';
import { encodingJobListQuery } from '../api/encoding.schemas.js';
import { requireLogin } from '../middlewares/authenticate.js';
import { renderAdminEncodingPage } from '../views/admin-encoding.view.js';
import { renderAdminHomePage } from '../views/admin-home.view.js';
import { csrfOf } from './page-params.js';
import { adminGroupPages } from './admin-groups.pages.js';
import { adminImportPages } from './admin-imports.pages.js';
import { adminMoodlePages } from './admin-moodle.pages.js';
import { adminLtiPages } from './admin-lti.pages.js';
import { adminBbbPages } from './admin-bbb.pages.js';
import { adminSsoPages } from './admin-sso.pages.js';
import { adminCasPages } from './admin-cas.pages.js';
import { adminSamlPages } from './admin-saml.pages.js';
import { requireAdminRole } from '../../domain/users/user.js';

/** Administrators' pages. The domain refuses other users (admin_only, a 403 page). */
export function adminPages(deps: { services: Services; publicUrl: string }): Router {
  const { encodingService } = deps.services;
  const router = Router();
  router.use('/admin', requireLogin);

  router.get('/admin', (req, res) => {
    requireAdminRole(req.user!, 'Only administrators see the administration pages.');
    res.type('html').send(renderAdminHomePage(req, csrfOf(res)));
  });

  router.get('/admin/encoding', async (req, res) => {
    // ?status=failed or ?status=queued,running; a filter we cannot read shows the default list.
    const query = encodingJobListQuery.safeParse({ status: req.query.status });
    const filter = query.success && req.query.status !== undefined ? query.data.status : null;
    const statuses = filter ?? encodingJobListQuery.parse({}).status;
    const { jobs, counts } = await encodingService.list(req.user!, statuses);
    res.type('html').send(renderAdminEncodingPage(req, csrfOf(res), { jobs, counts, filter }));
  });

  router.use(adminGroupPages(deps));
  router.use(adminImportPages(deps));
  router.use(adminMoodlePages(deps));
  router.use(adminLtiPages(deps));
  router.use(adminBbbPages(deps));
  router.use(adminSsoPages(deps));
  router.use(adminCasPages(deps));
  router.use(adminSamlPages(deps));
  return router;
}
