import type { Request } from 'express';
import type { CasConnectionCheck } from '../../domain/sso/cas-protocol.js';
import type { CasServer } from '../../domain/sso/cas-server.js';
import { formAlert, postButton, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

const FIELD_NAMES = ['name', 'base_url'];
const BASE = '/admin/sso/cas';

/** Enable or disable, and test: what one server's row and page offer. */
function serverActions(req: Request, csrf: string, server: CasServer): SafeHtml {
  const t = req.t;
  const base = `${BASE}/${server.id}`;
  return html`${server.enabled ? postButton(csrf, `${base}/disable`, t('casAdmin.disable'), server, 'danger') : postButton(csrf, `${base}/enable`, t('casAdmin.enable'), server)}
    ${postButton(csrf, `${base}/check`, t('casAdmin.check'), server)}`;
}

const stateOf = (req: Request, server: CasServer) => html`<span data-enabled="${String(server.enabled)}">${req.t(server.enabled ? 'casAdmin.enabled' : 'casAdmin.disabled')}</span>`;

function serverRow(req: Request, csrf: string, server: CasServer): SafeHtml {
  const t = req.t;
  const base = `${BASE}/${server.id}`;
  const hidden = html`<span class="visually-hidden"> ${server.name}</span>`;
  return html`<tr data-server-id="${server.id}">
      <th scope="row">${server.name}</th>
      <td><code>${server.baseUrl}</code></td>
      <td>${stateOf(req, server)}</td>
      <td class="actions">
        <a href="${base}">${t('casAdmin.edit')}${hidden}</a> · <a href="${base}/remove">${t('casAdmin.remove')}${hidden}</a>
        ${serverActions(req, csrf, server)}
      </td>
    </tr>`;
}

/** /admin/sso/cas: the site's CAS servers. */
export function renderAdminCasPage(req: Request, csrf: string, servers: readonly CasServer[]): string {
  const t = req.t;
  const columns = ['name', 'baseUrl', 'state', 'actions'] as const;
  const table = servers.length
    ? html`<table class="cas-servers">
        <thead><tr>${columns.map((column) => html`<th scope="col">${t(`casAdmin.col.${column}`)}</th>`)}</tr></thead>
        <tbody>${servers.map((server) => serverRow(req, csrf, server))}</tbody>
      </table>`
    : html`<p class="empty">${t('casAdmin.none')}</p>`;
  return renderPage(req, csrf, {
    title: t('casAdmin.title'),
    body: html`<h1>${t('casAdmin.title')}</h1>
      <p>${t('casAdmin.intro')}</p>
      <p class="help">${t('casAdmin.docs')}</p>
      <p><a href="${BASE}/new">${t('casAdmin.add')}</a></p>
      ${table}`,
  });
}

/** Where the CAS server sends people back: to register there. */
function serviceUrlNote(req: Request, serviceUrl: string): SafeHtml {
  return html`<p data-service-url="${serviceUrl}">${req.t('casAdmin.serviceUrl', { url: serviceUrl })}</p>
    <p class="help">${req.t('casAdmin.serviceUrlHelp')}</p>`;
}

const identitiesNote = (req: Request, key: 'casAdmin.identities' | 'casAdmin.removeIdentities', count: number) =>
  count > 0 ? html`<p class="flash flash-error" role="note" data-identities="${count}">${req.t(key, { count })}</p>` : html``;

export interface CasServerFormView {
  readonly server?: CasServer;
  /** The server's service URL (on edit). */
  readonly serviceUrl?: string;
  /** How many users signed in through it (on edit). */
  readonly identities?: number;
}

/** /admin/sso/cas/new and /admin/sso/cas/<id>: the server form (with the code of a refusal); on edit, its service URL and actions. */
export function renderCasServerFormPage(req: Request, csrf: string, state: FormState & { refusal?: string }, view: CasServerFormView = {}): string {
  const t = req.t;
  const { server } = view;
  const title = server ? t('casAdmin.editTitle', { name: server.name }) : t('casAdmin.addTitle');
  const manage = server
    ? html`<h2>${t('casAdmin.manage')}</h2>
        ${view.serviceUrl ? serviceUrlNote(req, view.serviceUrl) : ''}
        <p><strong>${stateOf(req, server)}</strong></p>
        <p>${serverActions(req, csrf, server)}</p>
        <p><a href="${BASE}/${server.id}/remove">${t('casAdmin.remove')}</a></p>`
    : '';
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${BASE}">${t('casAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p class="help">${t('casAdmin.docs')}</p>
      ${identitiesNote(req, 'casAdmin.identities', view.identities ?? 0)}
      <form method="post" action="${server ? `${BASE}/${server.id}` : BASE}" class="stack" novalidate${state.refusal ? html` data-error-code="${state.refusal}"` : ''}>
        <input type="hidden" name="_csrf" value="${csrf}">
        ${formAlert(req, state, FIELD_NAMES)}
        ${textField(state, 'name', { label: t('casAdmin.field.name'), help: t('casAdmin.help.name'), required: true, maxlength: 200 })}
        ${textField(state, 'base_url', { label: t('casAdmin.field.base_url'), help: t('casAdmin.help.base_url'), type: 'url', required: true, maxlength: 500 })}
        <div class="form-actions"><button type="submit" class="primary">${t(server ? 'casAdmin.save' : 'casAdmin.create')}</button></div>
      </form>
      ${manage}`,
  });
}

/** The confirmation step of removing a server, saying what becomes of the accounts that signed in through it. */
export function renderCasRemovePage(req: Request, csrf: string, server: CasServer, identities: number): string {
  const t = req.t;
  const title = t('casAdmin.removeTitle', { name: server.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${BASE}/${server.id}">${t('casAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p><code>${server.baseUrl}</code></p>
      <p>${t('casAdmin.removeExplain')}</p>
      ${identitiesNote(req, 'casAdmin.removeIdentities', identities)}
      <form method="post" action="${BASE}/${server.id}/remove">
        <input type="hidden" name="_csrf" value="${csrf}">
        <div class="form-actions"><button type="submit" class="danger">${t('casAdmin.removeConfirm')}</button> <a href="${BASE}">${t('casAdmin.cancel')}</a></div>
      </form>
      ${server.enabled ? html`<p>${postButton(csrf, `${BASE}/${server.id}/disable`, t('casAdmin.disable'), server)}</p>` : ''}`,
  });
}

/** The outcome of "Test" for one server. */
export function renderCasCheckPage(req: Request, csrf: string, server: CasServer, outcome: CasConnectionCheck): string {
  const t = req.t;
  const title = t('casAdmin.check.title', { name: server.name });
  const result = outcome.ok
    ? html`<div class="flash flash-success" role="status" data-check="ok"><p>${t('casAdmin.check.ok')}</p></div>`
    : html`<div class="flash flash-error" role="alert" data-check="failed" data-code="${outcome.code}">
        <p><strong>${t('casAdmin.check.failed')}</strong> ${t(`casAdmin.check.reason.${outcome.code}`)}</p>
        <p>${t('casAdmin.check.code', { code: outcome.code })}</p>
        <p class="muted">${t('casAdmin.check.detail')} <span lang="en">${outcome.message}</span></p>
      </div>`;
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${BASE}">${t('casAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p><code>${server.baseUrl}</code></p>
      ${result}
      <p>${postButton(csrf, `${BASE}/${server.id}/check`, t('casAdmin.check.again'), server, 'primary')} <a href="${BASE}/${server.id}">${t('casAdmin.edit')}<span class="visually-hidden"> ${server.name}</span></a></p>`,
  });
}
