import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SamlMetadataError } from '../../domain/sso/saml-metadata.js';
import { assertSamlAdmin, type SamlSourceChange } from '../../domain/sso/saml-metadata-service.js';
import type { Services } from '../../services.js';
import { statusOf } from '../middlewares/error-handler.js';
import { FileOverLimit, receiveMultipartForm } from '../multipart-upload.js';
import { requireRecordId } from '../record-id.js';
import { IDP_STATES, renderSamlSourcePage } from '../views/admin-saml-source.view.js';
import { renderAdminSamlPage, renderSamlRefreshPage, renderSamlRemovePage, renderSamlSourceFormPage, SAML_ADMIN } from '../views/admin-saml.view.js';
import type { FormState } from '../views/form-fields.view.js';
import { csrfOf, postedStrings } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';
import { NEW_SAML_SOURCE, samlFormRefusal, samlSourceFormValues, samlSourceProblems, samlSourceValues } from './saml-source-form.js';

/** IdPs shown at once on a source's page (Renater's aggregate has hundreds: the filter narrows it). */
const IDP_LIST_LIMIT = 500;
/** Where an uploaded metadata file waits while it is read (removed at once). */
const RECEIVING_DIR = path.join(os.tmpdir(), 'lectern-saml-metadata');

const idpListQuery = z.object({ q: z.string().max(200).catch(''), state: z.enum(IDP_STATES).catch('all') });

const sourceIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_saml_source_id', 'Not a metadata source number.');
const idpIdParam = (req: Request): number => requireRecordId(req.params.id, 'invalid_saml_idp_id', 'Not an identity provider number.');

/** Where a change lands, and what the flash says about the metadata read that followed it. */
function changeFlash(change: SamlSourceChange, keys: { ok: string; failed: string; none?: string }) {
  const key = change.outcome === null ? (keys.none ?? keys.ok) : change.outcome.ok ? keys.ok : keys.failed;
  return { kind: change.outcome && !change.outcome.ok ? ('error' as const) : ('success' as const), key };
}

/**
 * /admin/sso/saml: the site's SAML metadata sources (a URL read again every few hours, or an
 * uploaded file; an optional pinned signing certificate), "Refresh now", removal after a
 * confirmation, and each source's IdPs (filterable, enabled or disabled one by one).
 * Administrators only: the domain refuses others (a 403 page).
 */
export function adminSamlPages(deps: { services: Services }): Router {
  const metadata = deps.services.samlMetadata;
  const router = Router();

  const formPage = (req: Request, res: Response, kind: 'url' | 'file', state: FormState & { refusal?: string }, status = 200) => {
    res.status(status).type('html').send(renderSamlSourceFormPage(req, csrfOf(res), kind, state));
  };

  const sourcePage = async (req: Request, res: Response, id: number, settings?: FormState & { refusal?: string }, status = 200) => {
    const source = await metadata.get(req.user!, id);
    const query = idpListQuery.parse({ q: req.query.q ?? '', state: req.query.state ?? 'all' });
    const enabled = query.state === 'all' ? undefined : query.state === 'enabled';
    const { idps, total } = await metadata.listIdps(req.user!, { sourceId: id, search: query.q, enabled, limit: IDP_LIST_LIMIT });
    const view = { source, settings: settings ?? { values: samlSourceValues(source), problems: [] }, list: { idps, total, search: query.q, state: query.state } };
    res.status(status).type('html').send(renderSamlSourcePage(req, csrfOf(res), view));
  };

  router.get(SAML_ADMIN, async (req, res) => {
    res.type('html').send(renderAdminSamlPage(req, csrfOf(res), await metadata.list(req.user!)));
  });

  router.get(`${SAML_ADMIN}/sources/new`, (req, res) => {
    assertSamlAdmin(req.user!);
    formPage(req, res, 'url', { values: NEW_SAML_SOURCE, problems: [] });
  });

  router.post(`${SAML_ADMIN}/sources`, async (req, res) => {
    const values = samlSourceFormValues(req.body);
    let change: SamlSourceChange;
    try {
      change = await metadata.addUrlSource(req.user!, { name: values.name, url: values.url, signingCert: values.signing_cert, refreshHours: values.refresh_hours });
    } catch (error) {
      const refusal = samlFormRefusal(error);
      return formPage(req, res, 'url', { values, problems: samlSourceProblems(refusal, req.t), refusal: refusal.code }, statusOf(refusal));
    }
    await redirectAfterSave(req, res, `${SAML_ADMIN}/sources/${change.source.id}`, changeFlash(change, { ok: 'samlAdmin.added', failed: 'samlAdmin.addedFailed' }));
  });

  router.get(`${SAML_ADMIN}/files/new`, (req, res) => {
    assertSamlAdmin(req.user!);
    formPage(req, res, 'file', { values: NEW_SAML_SOURCE, problems: [] });
  });

  router.post(`${SAML_ADMIN}/files`, async (req, res) => {
    assertSamlAdmin(req.user!);
    let fields: Record<string, string> = {};
    let xml = '';
    try {
      const form = req.is('multipart/form-data') ? await receiveMultipartForm(req, RECEIVING_DIR, metadata.maxDocumentBytes) : null;
      fields = form?.fields ?? {};
      if (form?.file) xml = await readFile(form.file.filePath, 'utf8').finally(() => rm(form.file!.filePath, { force: true }));
    } catch (error) {
      if (!(error instanceof FileOverLimit)) throw error;
      const refusal = new SamlMetadataError('saml_metadata_too_large', `The file is larger than ${metadata.maxDocumentBytes} bytes (SAML_METADATA_MAX_BYTES).`);
      return formPage(req, res, 'file', { values: { ...NEW_SAML_SOURCE, ...postedStrings(fields, ['name', 'signing_cert']) }, problems: samlSourceProblems(refusal, req.t), refusal: refusal.code }, 413);
    }
    const values = { ...NEW_SAML_SOURCE, ...postedStrings(fields, ['name', 'signing_cert']) };
    let change: SamlSourceChange;
    try {
      change = await metadata.addFileSource(req.user!, { name: values.name, xml: xml.replace(/^\uFEFF/, ''), signingCert: values.signing_cert });
    } catch (error) {
      const refusal = samlFormRefusal(error);
      return formPage(req, res, 'file', { values, problems: samlSourceProblems(refusal, req.t), refusal: refusal.code }, statusOf(refusal));
    }
    await redirectAfterSave(req, res, `${SAML_ADMIN}/sources/${change.source.id}`, { kind: 'success', key: 'samlAdmin.fileAdded' });
  });

  router.get(`${SAML_ADMIN}/sources/:id`, async (req, res) => {
    await sourcePage(req, res, sourceIdParam(req));
  });

  router.post(`${SAML_ADMIN}/sources/:id`, async (req, res) => {
    const id = sourceIdParam(req);
    const values = samlSourceFormValues(req.body);
    let change: SamlSourceChange;
    try {
      change = await metadata.update(req.user!, id, { name: values.name, refreshHours: values.refresh_hours, signingCert: values.signing_cert });
    } catch (error) {
      const refusal = samlFormRefusal(error);
      return sourcePage(req, res, id, { values, problems: samlSourceProblems(refusal, req.t), refusal: refusal.code }, statusOf(refusal));
    }
    await redirectAfterSave(req, res, `${SAML_ADMIN}/sources/${id}`, changeFlash(change, { none: 'samlAdmin.saved', ok: 'samlAdmin.savedRefreshed', failed: 'samlAdmin.savedRefreshFailed' }));
  });

  router.post(`${SAML_ADMIN}/sources/:id/refresh`, async (req, res) => {
    const id = sourceIdParam(req);
    const outcome = await metadata.refresh(req.user!, id);
    res.type('html').send(renderSamlRefreshPage(req, csrfOf(res), await metadata.get(req.user!, id), outcome));
  });

  router.get(`${SAML_ADMIN}/sources/:id/remove`, async (req, res) => {
    res.type('html').send(renderSamlRemovePage(req, csrfOf(res), await metadata.get(req.user!, sourceIdParam(req))));
  });

  router.post(`${SAML_ADMIN}/sources/:id/remove`, async (req, res) => {
    await metadata.remove(req.user!, sourceIdParam(req));
    await redirectAfterSave(req, res, SAML_ADMIN, { kind: 'success', key: 'samlAdmin.removed' });
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    router.post(`${SAML_ADMIN}/idps/:id/${action}`, async (req, res) => {
      const idp = await metadata.setIdpEnabled(req.user!, idpIdParam(req), enabled);
      // Back to the list as it was filtered.
      const query = idpListQuery.parse(postedStrings(req.body, ['q', 'state']));
      const back = `${SAML_ADMIN}/sources/${idp.sourceId}?${new URLSearchParams({ q: query.q, state: query.state }).toString()}#idp-${idp.id}`;
      await redirectAfterSave(req, res, back, { kind: 'success', key: enabled ? 'samlAdmin.idps.enabledFlash' : 'samlAdmin.idps.disabledFlash' });
    });
  }

  return router;
}
