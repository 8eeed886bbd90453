import type { Request } from 'express';
import { idpDisplayName, type SamlIdp, type SamlMetadataSource } from '../../domain/sso/saml-idp.js';
import { dateOrDash, metadataErrorText, nameField, refreshHoursField, SAML_ADMIN, signatureState, signingCertField, sourceStatus } from './admin-saml.view.js';
import { formAlert, postButton, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export const IDP_STATES = ['all', 'enabled', 'disabled'] as const;
export type IdpStateFilter = (typeof IDP_STATES)[number];

export interface IdpListView {
  readonly idps: readonly SamlIdp[];
  /** How many match the filter (more than shown when past the page's limit). */
  readonly total: number;
  readonly search: string;
  readonly state: IdpStateFilter;
}

export interface SamlSourcePageView {
  readonly source: SamlMetadataSource;
  readonly settings: FormState & { refusal?: string };
  readonly list: IdpListView;
}

function status(req: Request, csrf: string, source: SamlMetadataSource): SafeHtml {
  const t = req.t;
  const base = `${SAML_ADMIN}/sources/${source.id}`;
  const error = source.lastErrorCode
    ? html`<div class="flash flash-error" role="alert" data-code="${source.lastErrorCode}">
        <p>${metadataErrorText(req, source.lastErrorCode)}</p>
        <p>${t('samlAdmin.outcome.code', { code: source.lastErrorCode })}</p>
        ${source.lastError ? html`<p class="muted">${t('samlAdmin.outcome.detail')} <span lang="en">${source.lastError}</span></p>` : ''}
        <p>${t('samlAdmin.previousKept')}</p>
      </div>`
    : '';
  return html`<dl class="facts">
      <dt>${t('samlAdmin.col.address')}</dt><dd>${source.url ? html`<code>${source.url}</code>` : t('samlAdmin.file')}</dd>
      <dt>${t('samlAdmin.col.status')}</dt><dd>${sourceStatus(req, source)}</dd>
      <dt>${t('samlAdmin.col.refreshed')}</dt><dd>${dateOrDash(req, source.lastRefreshedAt)}</dd>
      <dt>${t('samlAdmin.col.validUntil')}</dt><dd>${dateOrDash(req, source.validUntil)}</dd>
      <dt>${t('samlAdmin.col.signature')}</dt><dd>${signatureState(req, source)}</dd>
      ${source.url ? html`<dt>${t('samlAdmin.field.refresh_hours')}</dt><dd>${t('samlAdmin.everyHours', { hours: source.refreshHours })}</dd>` : ''}
    </dl>
    ${error}
    <p>${postButton(csrf, `${base}/refresh`, t(source.url ? 'samlAdmin.refresh' : 'samlAdmin.reread'), source, 'primary')} <a href="${base}/remove">${t('samlAdmin.remove')}<span class="visually-hidden"> ${source.name}</span></a></p>`;
}

function settingsForm(req: Request, csrf: string, source: SamlMetadataSource, state: FormState & { refusal?: string }): SafeHtml {
  const t = req.t;
  return html`<h2 id="settings">${t('samlAdmin.settings')}</h2>
    <form method="post" action="${SAML_ADMIN}/sources/${source.id}" class="stack" novalidate${state.refusal ? html` data-error-code="${state.refusal}"` : ''}>
      <input type="hidden" name="_csrf" value="${csrf}">
      ${formAlert(req, state, ['name', 'signing_cert', 'refresh_hours'])}
      ${nameField(req, state)}
      ${signingCertField(req, state)}
      ${source.url ? refreshHoursField(req, state) : ''}
      <div class="form-actions"><button type="submit">${t('samlAdmin.save')}</button></div>
    </form>`;
}

function filterForm(req: Request, source: SamlMetadataSource, list: IdpListView): SafeHtml {
  const t = req.t;
  return html`<form method="get" action="${SAML_ADMIN}/sources/${source.id}#idps" class="filters" role="search" aria-label="${t('samlAdmin.idps.filter')}">
      <label for="idp-search">${t('samlAdmin.idps.search')}</label>
      <input id="idp-search" name="q" type="search" value="${list.search}" maxlength="200">
      <label for="idp-state">${t('samlAdmin.idps.state')}</label>
      <select id="idp-state" name="state">${IDP_STATES.map((state) => html`<option value="${state}"${state === list.state ? html` selected` : ''}>${t(`samlAdmin.idps.state.${state}`)}</option>`)}</select>
      <button type="submit">${t('samlAdmin.idps.filter')}</button>
    </form>`;
}

/** Enable or disable one IdP, coming back to this filtered list. */
function idpToggle(req: Request, csrf: string, idp: SamlIdp, list: IdpListView): SafeHtml {
  const action = `${SAML_ADMIN}/idps/${idp.id}/${idp.enabled ? 'disable' : 'enable'}`;
  const name = idpDisplayName(idp, req.locale);
  return html`<form method="post" action="${action}" class="inline">
      <input type="hidden" name="_csrf" value="${csrf}">
      <input type="hidden" name="q" value="${list.search}">
      <input type="hidden" name="state" value="${list.state}">
      <button type="submit"${idp.enabled ? html` class="danger"` : ''}>${req.t(idp.enabled ? 'samlAdmin.idps.disable' : 'samlAdmin.idps.enable')}<span class="visually-hidden"> ${name}</span></button>
    </form>`;
}

function idpTable(req: Request, csrf: string, list: IdpListView): SafeHtml {
  const t = req.t;
  if (!list.idps.length) return html`<p class="empty">${t('samlAdmin.idps.none')}</p>`;
  const columns = ['name', 'entityId', 'sso', 'state', 'actions'] as const;
  return html`<p role="status">${t('samlAdmin.idps.count', { shown: list.idps.length, total: list.total })}</p>
    <table class="saml-idps">
      <thead><tr>${columns.map((column) => html`<th scope="col">${t(`samlAdmin.idps.col.${column}`)}</th>`)}</tr></thead>
      <tbody>${list.idps.map(
        (idp) => html`<tr id="idp-${idp.id}" data-idp-id="${idp.id}" data-entity-id="${idp.entityId}">
          <th scope="row">${idpDisplayName(idp, req.locale)}</th>
          <td><code>${idp.entityId}</code></td>
          <td>${t(idp.ssoBinding === 'redirect' ? 'samlAdmin.idps.redirect' : 'samlAdmin.idps.post')}</td>
          <td data-enabled="${String(idp.enabled)}">${t(idp.enabled ? 'samlAdmin.idps.enabled' : 'samlAdmin.idps.disabled')}</td>
          <td class="actions">${idpToggle(req, csrf, idp, list)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
}

/** /admin/sso/saml/sources/<id>: the source's state, "Refresh now", its settings and its IdPs (filterable, each enabled or disabled). */
export function renderSamlSourcePage(req: Request, csrf: string, view: SamlSourcePageView): string {
  const t = req.t;
  const { source } = view;
  const title = t('samlAdmin.sourceTitle', { name: source.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${SAML_ADMIN}">${t('samlAdmin.back')}</a></p>
      <h1>${title}</h1>
      ${status(req, csrf, source)}
      <h2 id="idps">${t('samlAdmin.idps.title')}</h2>
      <p class="help">${t('samlAdmin.idps.help')}</p>
      ${filterForm(req, source, view.list)}
      ${idpTable(req, csrf, view.list)}
      ${settingsForm(req, csrf, source, view.settings)}`,
  });
}
