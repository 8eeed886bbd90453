import type { Request } from 'express';
import type { BbbServer } from '../../domain/meetings/bbb-server.js';
import type { BbbConnectionCheck } from '../../domain/meetings/bbb-server-service.js';
import { BBB_CHECKSUM_ALGORITHMS } from '../../domain/meetings/bbb.js';
import { isMessageKey } from '../i18n/i18n.js';
import { checkboxField, formAlert, passwordField, postButton, selectField, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

const FIELD_NAMES = ['name', 'api_url', 'secret', 'checksum_algorithm', 'is_default'];

/** Make default, deactivate or reactivate, test the connection: what one server's row and page offer. */
function serverActions(req: Request, csrf: string, server: BbbServer): SafeHtml {
  const t = req.t;
  const base = `/admin/bbb/servers/${server.id}`;
  return html`${server.isDefault || !server.isActive ? '' : postButton(csrf, `${base}/default`, t('bbbAdmin.makeDefault'), server)}
    ${server.isActive ? postButton(csrf, `${base}/deactivate`, t('bbbAdmin.deactivate'), server, 'danger') : postButton(csrf, `${base}/activate`, t('bbbAdmin.reactivate'), server)}
    ${postButton(csrf, `${base}/check`, t('bbbAdmin.check'), server)}`;
}

function serverRow(req: Request, csrf: string, server: BbbServer): SafeHtml {
  const t = req.t;
  const base = `/admin/bbb/servers/${server.id}`;
  const hidden = html`<span class="visually-hidden"> ${server.name}</span>`;
  return html`<tr data-server-id="${server.id}">
      <th scope="row">${server.name}</th>
      <td><code>${server.apiUrl}</code></td>
      <td>${server.checksumAlgorithm.toUpperCase().replace('SHA', 'SHA-')}</td>
      <td data-default="${server.isDefault}">${server.isDefault ? t('bbbAdmin.isDefault') : '—'}</td>
      <td data-active="${server.isActive}">${t(server.isActive ? 'bbbAdmin.active' : 'bbbAdmin.inactive')}</td>
      <td class="actions">
        <a href="${base}">${t('bbbAdmin.edit')}${hidden}</a> · <a href="${base}/recordings">${t('bbbAdmin.recordings')}${hidden}</a> · <a href="${base}/remove">${t('bbbAdmin.remove')}${hidden}</a>
        ${serverActions(req, csrf, server)}
      </td>
    </tr>`;
}

function serverTable(req: Request, csrf: string, servers: readonly BbbServer[]): SafeHtml {
  if (!servers.length) return html`<p class="empty">${req.t('bbbAdmin.none')}</p>`;
  const columns = ['name', 'apiUrl', 'algorithm', 'default', 'active', 'actions'] as const;
  const noDefault = !servers.some((server) => server.isDefault && server.isActive);
  return html`${noDefault ? html`<p class="flash flash-error" role="alert">${req.t('bbbAdmin.noDefault')}</p>` : ''}
    <table class="bbb-servers">
      <thead><tr>${columns.map((column) => html`<th scope="col">${req.t(`bbbAdmin.col.${column}`)}</th>`)}</tr></thead>
      <tbody>${servers.map((server) => serverRow(req, csrf, server))}</tbody>
    </table>`;
}

function autoImportForm(req: Request, csrf: string, autoImport: boolean): SafeHtml {
  const t = req.t;
  return html`<h2 id="auto-import">${t('bbbAdmin.autoImport.title')}</h2>
    <form method="post" action="/admin/bbb/auto-import" class="stack">
      <input type="hidden" name="_csrf" value="${csrf}">
      ${checkboxField({ values: { auto_import: autoImport ? 'true' : '' }, problems: [] }, 'auto_import', { label: t('bbbAdmin.autoImport.field'), help: t('bbbAdmin.autoImport.help') })}
      <div class="form-actions"><button type="submit">${t('bbbAdmin.autoImport.save')}</button></div>
    </form>`;
}

/** /admin/bbb: the site's servers and its automatic-import choice. */
export function renderAdminBbbPage(req: Request, csrf: string, view: { servers: readonly BbbServer[]; autoImport: boolean }): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('bbbAdmin.title'),
    body: html`<h1>${t('bbbAdmin.title')}</h1>
      <p>${t('bbbAdmin.intro')}</p>
      <p class="help">${t('bbbAdmin.docs')}</p>
      <p><a href="/admin/bbb/servers/new">${t('bbbAdmin.add')}</a></p>
      ${serverTable(req, csrf, view.servers)}
      ${autoImportForm(req, csrf, view.autoImport)}`,
  });
}

function serverFields(req: Request, state: FormState, server?: BbbServer): SafeHtml {
  const t = req.t;
  const algorithms = BBB_CHECKSUM_ALGORITHMS.map((value) => ({ value, label: t(`bbbAdmin.algorithm.${value}`) }));
  const secretHelp = server ? `${t('bbbAdmin.help.secretKeep')} ${t('bbbAdmin.help.secret')}` : t('bbbAdmin.help.secret');
  return html`${formAlert(req, state, FIELD_NAMES)}
    ${textField(state, 'name', { label: t('bbbAdmin.field.name'), help: t('bbbAdmin.help.name'), required: true, maxlength: 100 })}
    ${textField(state, 'api_url', { label: t('bbbAdmin.field.api_url'), help: t('bbbAdmin.help.api_url'), type: 'url', required: true, maxlength: 500 })}
    ${passwordField(state, 'secret', { label: t('bbbAdmin.field.secret'), help: secretHelp, required: !server, maxlength: 512 })}
    ${selectField(state, 'checksum_algorithm', { label: t('bbbAdmin.field.checksum_algorithm'), help: t('bbbAdmin.help.checksum_algorithm'), choices: algorithms })}
    ${server ? '' : checkboxField(state, 'is_default', { label: t('bbbAdmin.field.is_default') })}`;
}

/** /admin/bbb/servers/new and /admin/bbb/servers/<id>: the server form (with the code of a refusal); on edit, its actions. */
export function renderBbbServerFormPage(req: Request, csrf: string, state: FormState & { refusal?: string }, server?: BbbServer): string {
  const t = req.t;
  const title = server ? t('bbbAdmin.editTitle', { name: server.name }) : t('bbbAdmin.addTitle');
  const base = server ? `/admin/bbb/servers/${server.id}` : '';
  const actions = server
    ? html`<h2>${t('bbbAdmin.manage')}</h2>
        <p>${server.isDefault ? html`<strong>${t('bbbAdmin.isDefault')}</strong> · ` : ''}<strong data-active="${server.isActive}">${t(server.isActive ? 'bbbAdmin.active' : 'bbbAdmin.inactive')}</strong></p>
        <p>${serverActions(req, csrf, server)}</p>
        <p><a href="${base}/recordings">${t('bbbAdmin.recordings')}</a> · <a href="${base}/remove">${t('bbbAdmin.remove')}</a></p>`
    : '';
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/bbb">${t('bbbAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p class="help">${t('bbbAdmin.docs')}</p>
      <form method="post" action="${server ? base : '/admin/bbb/servers'}" class="stack" novalidate${state.refusal ? html` data-error-code="${state.refusal}"` : ''}>
        <input type="hidden" name="_csrf" value="${csrf}">
        ${serverFields(req, state, server)}
        <div class="form-actions"><button type="submit" class="primary">${t(server ? 'bbbAdmin.save' : 'bbbAdmin.create')}</button></div>
      </form>
      ${actions}`,
  });
}

/** The confirmation step of removing a server. */
export function renderBbbRemovePage(req: Request, csrf: string, server: BbbServer): string {
  const t = req.t;
  const title = t('bbbAdmin.removeTitle', { name: server.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/bbb/servers/${server.id}">${t('bbbAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p>${t('bbbAdmin.removeExplain')}</p>
      <form method="post" action="/admin/bbb/servers/${server.id}/remove">
        <input type="hidden" name="_csrf" value="${csrf}">
        <div class="form-actions"><button type="submit" class="danger">${t('bbbAdmin.removeConfirm')}</button> <a href="/admin/bbb">${t('bbbAdmin.cancel')}</a></div>
      </form>`,
  });
}

/** Removal refused (409): recordings were imported from the server; deactivating it is offered instead. */
export function renderBbbInUsePage(req: Request, csrf: string, server: BbbServer, detail: string): string {
  const t = req.t;
  const title = t('bbbAdmin.inUseTitle', { name: server.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/bbb">${t('bbbAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p class="error-detail" role="alert" data-code="bbb_server_in_use">${detail}</p>
      <p>${t('bbbAdmin.inUseExplain')}</p>
      <p>${server.isActive ? postButton(csrf, `/admin/bbb/servers/${server.id}/deactivate`, t('bbbAdmin.deactivate'), server, 'danger') : ''} <a href="/admin/bbb">${t('bbbAdmin.cancel')}</a></p>`,
  });
}

function checkOutcome(req: Request, outcome: BbbConnectionCheck): SafeHtml {
  const t = req.t;
  if (outcome.ok) return html`<div class="flash flash-success" role="status" data-check="ok"><p>${t('bbbAdmin.check.ok')}</p></div>`;
  const reasonKey = `bbbAdmin.check.reason.${outcome.code}`;
  return html`<div class="flash flash-error" role="alert" data-check="failed" data-code="${outcome.code}">
      <p><strong>${t('bbbAdmin.check.failed')}</strong> ${isMessageKey(reasonKey) ? t(reasonKey) : t('bbbAdmin.check.reason.other')}</p>
      <p>${t('bbbAdmin.check.code', { code: outcome.code })}</p>
      <p class="muted">${t('bbbAdmin.check.detail')} <span lang="en">${outcome.message}</span></p>
    </div>`;
}

/** The outcome of "Test the connection" for one server. */
export function renderBbbCheckPage(req: Request, csrf: string, server: BbbServer, outcome: BbbConnectionCheck): string {
  const t = req.t;
  const title = t('bbbAdmin.check.title', { name: server.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/bbb">${t('bbbAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p><code>${server.apiUrl}</code> · ${server.checksumAlgorithm}</p>
      ${checkOutcome(req, outcome)}
      <p>${postButton(csrf, `/admin/bbb/servers/${server.id}/check`, t('bbbAdmin.check.again'), server, 'primary')} <a href="/admin/bbb/servers/${server.id}">${t('bbbAdmin.edit')}<span class="visually-hidden"> ${server.name}</span></a></p>`,
  });
}
