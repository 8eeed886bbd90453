import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError, type AppError } from '../../domain/errors.js';
import { IDENTITY_MAPPING_FIELDS, type IdentityMapping } from '../../domain/sso/identity-mapping.js';
import { identityMappingPatch, identityMappingText, isBooleanField, isListField } from '../../domain/sso/identity-mapping-text.js';
import type { Services } from '../../services.js';
import type { Translate } from '../i18n/i18n.js';
import { renderAdminSsoPage, renderSsoIdentitiesPage, renderSsoUnlinkPage } from '../views/admin-sso.view.js';
import type { FormProblem, FormState } from '../views/form-fields.view.js';
import { csrfOf, postedStrings } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

const IDENTITY_FIELDS = ['username', 'provider', 'issuer', 'subject'] as const;

/** A validation refusal of one of these codes is shown next to the form's fields; anything else goes on to the error handler. */
function refusalOf(error: unknown, code: string): ValidationError {
  if (error instanceof ValidationError && error.code === code) return error;
  throw error;
}

function mappingProblems(error: AppError, t: Translate): FormProblem[] {
  return (error.details.fields ?? []).map((field) => {
    const name = field.path as keyof IdentityMapping;
    const key = isBooleanField(name) ? 'ssoAdmin.invalid.boolean' : isListField(name) ? 'ssoAdmin.invalid.affiliations' : 'ssoAdmin.invalid.attribute';
    return { path: field.path, message: t(key) };
  });
}

const identityProblems = (error: AppError, t: Translate): FormProblem[] =>
  (error.details.fields ?? []).map((field) => ({ path: field.path, message: t(field.path === 'provider' ? 'ssoAdmin.invalid.provider' : 'ssoAdmin.invalid.part') }));

/**
 * /admin/sso: whether local login is allowed, the identity mapping (every field, Esup-Pod's
 * defaults shown), links to the SAML and CAS pages, and /admin/sso/identities (find a user, list,
 * link and unlink their institution accounts). Administrators only: the domain refuses others.
 */
export function adminSsoPages(deps: { services: Services }): Router {
  const { ssoSettings, ssoIdentityAdmin } = deps.services;
  const router = Router();

  const settingsPage = async (req: Request, res: Response, mapping?: FormState & { refusal?: string }) => {
    const settings = await ssoSettings.read(req.user!);
    const state = mapping ?? { values: identityMappingText(settings.mapping), problems: [] };
    res.status(mapping ? 400 : 200).type('html').send(renderAdminSsoPage(req, csrfOf(res), { settings, mapping: state }));
  };

  router.get('/admin/sso', async (req, res) => {
    await settingsPage(req, res);
  });

  router.post('/admin/sso/local-login', async (req, res) => {
    const on = (req.body as { local_login?: unknown } | undefined)?.local_login === 'true';
    await ssoSettings.update(req.user!, { localLoginEnabled: on });
    await redirectAfterSave(req, res, '/admin/sso', { kind: 'success', key: on ? 'ssoAdmin.local.on' : 'ssoAdmin.local.off' });
  });

  router.post('/admin/sso/mapping', async (req, res) => {
    const values = postedStrings(req.body, IDENTITY_MAPPING_FIELDS);
    try {
      await ssoSettings.update(req.user!, { mapping: identityMappingPatch(values) });
    } catch (error) {
      const refusal = refusalOf(error, 'invalid_sso_mapping');
      await settingsPage(req, res, { values, problems: mappingProblems(refusal, req.t), refusal: refusal.code });
      return;
    }
    await redirectAfterSave(req, res, '/admin/sso#mapping', { kind: 'success', key: 'ssoAdmin.mapping.saved' });
  });

  const identitiesPage = async (req: Request, res: Response, username: string, link: FormState & { refusal?: string }, status = 200) => {
    const found = await ssoIdentityAdmin.identities(req.user!, username);
    res.status(status).type('html').send(renderSsoIdentitiesPage(req, csrfOf(res), { username, found, link }));
  };

  router.get('/admin/sso/identities', async (req, res) => {
    const username = typeof req.query.username === 'string' ? req.query.username.trim() : '';
    await identitiesPage(req, res, username, { values: { username, provider: 'saml' }, problems: [] });
  });

  router.post('/admin/sso/identities/link', async (req, res) => {
    const values = postedStrings(req.body, IDENTITY_FIELDS);
    try {
      await ssoIdentityAdmin.link(req.user!, values);
    } catch (error) {
      const refusal = refusalOf(error, 'invalid_sso_identity');
      await identitiesPage(req, res, '', { values, problems: identityProblems(refusal, req.t), refusal: refusal.code }, 400);
      return;
    }
    await redirectAfterSave(req, res, `/admin/sso/identities?username=${encodeURIComponent(values.username.trim())}`, { kind: 'success', key: 'ssoAdmin.identities.linked' });
  });

  router.get('/admin/sso/identities/unlink', async (req, res) => {
    const values = postedStrings(req.query, IDENTITY_FIELDS);
    const found = await ssoIdentityAdmin.identities(req.user!, values.username);
    const identity = found?.identities.find((one) => one.provider === values.provider && one.issuer === values.issuer && one.subject === values.subject);
    if (!found || !identity) throw new NotFoundError('sso_identity_not_found', 'This user has no such identity.');
    res.type('html').send(renderSsoUnlinkPage(req, csrfOf(res), { username: found.user.username, identity }));
  });

  router.post('/admin/sso/identities/unlink', async (req, res) => {
    const values = postedStrings(req.body, IDENTITY_FIELDS);
    const user = await ssoIdentityAdmin.unlink(req.user!, values);
    await redirectAfterSave(req, res, `/admin/sso/identities?username=${encodeURIComponent(user.username)}`, { kind: 'success', key: 'ssoAdmin.identities.unlinked' });
  });

  return router;
}
