import type { Request } from 'express';
import type { SamlMetadataSource } from '../../domain/sso/saml-idp.js';
import type { SamlMetadataSourceSummary, SkipReason } from '../../domain/sso/saml-metadata.js';
import { skippedSummary, type SamlRefreshOutcome } from '../../domain/sso/saml-metadata-service.js';
import { isMessageKey } from '../i18n/i18n.js';
import { fileField, formAlert, textArea, textField, type FormState } from './form-fields.view.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export const SAML_ADMIN = '/admin/sso/saml';
const SOURCE_FIELDS = ['name', 'url', 'file', 'signing_cert', 'refresh_hours'];

const hidden = (name: string) => html`<span class="visually-hidden"> ${name}</span>`;

/** A metadata error code, in the reader's language. */
export function metadataErrorText(req: Request, code: string): string {
  const key = `error.${code}`;
  return isMessageKey(key) ? req.t(key) : code;
}

/** Up to date, never read, or why the last refresh failed (with its code). */
export function sourceStatus(req: Request, source: SamlMetadataSource): SafeHtml {
  const t = req.t;
  if (source.lastErrorCode) {
    return html`<span class="status-error" data-status="failed" data-code="${source.lastErrorCode}">${t('samlAdmin.status.failed', { code: source.lastErrorCode })}</span>`;
  }
  if (!source.lastRefreshedAt) return html`<span data-status="never">${t('samlAdmin.status.never')}</span>`;
  const expired = source.validUntil !== null && source.validUntil <= new Date();
  return expired ? html`<span class="status-error" data-status="expired">${t('samlAdmin.status.expired')}</span>` : html`<span data-status="ok">${t('samlAdmin.status.ok')}</span>`;
}

/** Whether the signature is checked (a pinned certificate) or not. */
export const signatureState = (req: Request, source: SamlMetadataSource): SafeHtml =>
  source.signingCert
    ? html`<span data-signature="checked">${req.t('samlAdmin.signature.checked')}</span>`
    : html`<span class="status-warning" data-signature="unchecked">${req.t('samlAdmin.signature.unchecked')}</span>`;

export const dateOrDash = (req: Request, date: Date | null): string => (date ? formatDate(date, req.locale) : '—');

function sourceRow(req: Request, source: SamlMetadataSourceSummary): SafeHtml {
  const t = req.t;
  const base = `${SAML_ADMIN}/sources/${source.id}`;
  return html`<tr data-source-id="${source.id}">
      <th scope="row"><a href="${base}">${source.name}</a></th>
      <td>${source.url ? html`<code>${source.url}</code>` : t('samlAdmin.file')}</td>
      <td data-idps="${source.idpCount}">${t('samlAdmin.idpCount', { enabled: source.enabledCount, total: source.idpCount })}</td>
      <td>${sourceStatus(req, source)}</td>
      <td>${dateOrDash(req, source.lastRefreshedAt)}</td>
      <td>${dateOrDash(req, source.validUntil)}</td>
      <td>${signatureState(req, source)}</td>
      <td class="actions"><a href="${base}">${t('samlAdmin.open')}${hidden(source.name)}</a> · <a href="${base}/remove">${t('samlAdmin.remove')}${hidden(source.name)}</a></td>
    </tr>`;
}

/** /admin/sso/saml: the site's metadata sources. */
export function renderAdminSamlPage(req: Request, csrf: string, sources: readonly SamlMetadataSourceSummary[]): string {
  const t = req.t;
  const columns = ['name', 'address', 'idps', 'status', 'refreshed', 'validUntil', 'signature', 'actions'] as const;
  const table = sources.length
    ? html`<table class="saml-sources">
        <thead><tr>${columns.map((column) => html`<th scope="col">${t(`samlAdmin.col.${column}`)}</th>`)}</tr></thead>
        <tbody>${sources.map((source) => sourceRow(req, source))}</tbody>
      </table>`
    : html`<p class="empty">${t('samlAdmin.none')}</p>`;
  return renderPage(req, csrf, {
    title: t('samlAdmin.title'),
    body: html`<p><a href="/admin/sso">${t('samlAdmin.backToSso')}</a></p>
      <h1>${t('samlAdmin.title')}</h1>
      <p>${t('samlAdmin.intro')}</p>
      <p class="help">${t('samlAdmin.docs')}</p>
      <ul class="actions-list">
        <li><a href="${SAML_ADMIN}/sources/new">${t('samlAdmin.addUrl')}</a></li>
        <li><a href="${SAML_ADMIN}/files/new">${t('samlAdmin.addFile')}</a></li>
      </ul>
      ${table}`,
  });
}

/** The pinned-certificate field (a PEM block). */
export const signingCertField = (req: Request, state: FormState): SafeHtml =>
  textArea(state, 'signing_cert', { label: req.t('samlAdmin.field.signing_cert'), help: req.t('samlAdmin.help.signing_cert'), rows: 6, maxlength: 20_000 });

export const refreshHoursField = (req: Request, state: FormState): SafeHtml =>
  textField(state, 'refresh_hours', { label: req.t('samlAdmin.field.refresh_hours'), help: req.t('samlAdmin.help.refresh_hours'), type: 'number', min: 1, max: 720, required: true });

export const nameField = (req: Request, state: FormState): SafeHtml =>
  textField(state, 'name', { label: req.t('samlAdmin.field.name'), help: req.t('samlAdmin.help.name'), required: true, maxlength: 200 });

/** /admin/sso/saml/sources/new (a URL) and /admin/sso/saml/files/new (an upload): the form, with the code of a refusal. */
export function renderSamlSourceFormPage(req: Request, csrf: string, kind: 'url' | 'file', state: FormState & { refusal?: string }): string {
  const t = req.t;
  const title = t(kind === 'url' ? 'samlAdmin.addUrlTitle' : 'samlAdmin.addFileTitle');
  const fields =
    kind === 'url'
      ? html`${nameField(req, state)}
          ${textField(state, 'url', { label: t('samlAdmin.field.url'), help: t('samlAdmin.help.url'), type: 'url', required: true, maxlength: 2000 })}
          ${signingCertField(req, state)}
          ${refreshHoursField(req, state)}`
      : html`${nameField(req, state)}
          ${fileField(state, 'file', { label: t('samlAdmin.field.file'), help: t('samlAdmin.help.file'), accept: '.xml,application/samlmetadata+xml,application/xml,text/xml', required: true })}
          ${signingCertField(req, state)}`;
  // A multipart form's token rides in the action: its fields arrive after the file.
  const action = kind === 'url' ? html`action="${SAML_ADMIN}/sources"` : html`action="${SAML_ADMIN}/files?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data"`;
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${SAML_ADMIN}">${t('samlAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p class="help">${t(kind === 'url' ? 'samlAdmin.addUrlIntro' : 'samlAdmin.addFileIntro')}</p>
      <form method="post" ${action} class="stack" novalidate${state.refusal ? html` data-error-code="${state.refusal}"` : ''}>
        ${kind === 'url' ? html`<input type="hidden" name="_csrf" value="${csrf}">` : ''}
        ${formAlert(req, state, SOURCE_FIELDS)}
        ${fields}
        <div class="form-actions"><button type="submit" class="primary">${t(kind === 'url' ? 'samlAdmin.createUrl' : 'samlAdmin.createFile')}</button></div>
      </form>`,
  });
}

/** The confirmation step of removing a source and its IdPs. */
export function renderSamlRemovePage(req: Request, csrf: string, source: SamlMetadataSource): string {
  const t = req.t;
  const title = t('samlAdmin.removeTitle', { name: source.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${SAML_ADMIN}/sources/${source.id}">${t('samlAdmin.backToSource')}</a></p>
      <h1>${title}</h1>
      ${source.url ? html`<p><code>${source.url}</code></p>` : ''}
      <p>${t('samlAdmin.removeExplain')}</p>
      <form method="post" action="${SAML_ADMIN}/sources/${source.id}/remove">
        <input type="hidden" name="_csrf" value="${csrf}">
        <div class="form-actions"><button type="submit" class="danger">${t('samlAdmin.removeConfirm')}</button> <a href="${SAML_ADMIN}/sources/${source.id}">${t('samlAdmin.cancel')}</a></div>
      </form>`,
  });
}

/** What a refresh did (counts, skipped entities by reason, entity ids left to another source), or why it failed. */
export function refreshOutcome(req: Request, outcome: SamlRefreshOutcome): SafeHtml {
  const t = req.t;
  if (!outcome.ok) {
    return html`<div class="flash flash-error" role="alert" data-refresh="failed" data-code="${outcome.code}">
        <p><strong>${t('samlAdmin.outcome.failed')}</strong> ${metadataErrorText(req, outcome.code)}</p>
        <p>${t('samlAdmin.outcome.code', { code: outcome.code })}</p>
        <p class="muted">${t('samlAdmin.outcome.detail')} <span lang="en">${outcome.message}</span></p>
      </div>`;
  }
  const skipped = Object.entries(skippedSummary(outcome.skipped));
  return html`<div class="flash flash-success" role="status" data-refresh="ok">
      <p>${t('samlAdmin.outcome.ok', { added: outcome.added, updated: outcome.updated, removed: outcome.removed })}</p>
      ${outcome.signatureChecked ? '' : html`<p>${t('samlAdmin.outcome.unsigned')}</p>`}
      ${skipped.length ? html`<p>${t('samlAdmin.outcome.skipped')}</p><ul>${skipped.map(([reason, count]) => html`<li data-skipped="${reason}">${t(`samlAdmin.skip.${reason as SkipReason}`, { count })}</li>`)}</ul>` : ''}
      ${outcome.conflicts.length ? html`<p>${t('samlAdmin.outcome.conflicts')}</p><ul>${outcome.conflicts.map((entityId) => html`<li data-conflict><code>${entityId}</code></li>`)}</ul>` : ''}
    </div>`;
}

/** The outcome of "Refresh now" for one source. */
export function renderSamlRefreshPage(req: Request, csrf: string, source: SamlMetadataSource, outcome: SamlRefreshOutcome): string {
  const t = req.t;
  const title = t('samlAdmin.outcome.title', { name: source.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${SAML_ADMIN}/sources/${source.id}">${t('samlAdmin.backToSource')}</a></p>
      <h1>${title}</h1>
      ${refreshOutcome(req, outcome)}
      <p><a href="${SAML_ADMIN}/sources/${source.id}">${t('samlAdmin.open')}${hidden(source.name)}</a></p>`,
  });
}
