import type { Request } from 'express';
import type { LtiPlatform } from '../../domain/lms/lti-platform.js';
import { formAlert, textArea, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';
import { ltiValuesSections } from './lti-values.view.js';

/** The fields of the platform form, named like the domain's problem paths. */
export const LTI_PLATFORM_FIELDS = ['name', 'issuer', 'client_id', 'authentication_endpoint', 'access_token_endpoint', 'jwks_url', 'deployment_ids'] as const;

function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/** Approve (pending), deactivate (active) or reactivate (inactive): one button. */
export function statusForm(req: Request, csrf: string, platform: LtiPlatform): SafeHtml {
  const t = req.t;
  const next = platform.status === 'active' ? 'inactive' : 'active';
  const label = t(platform.status === 'pending' ? 'ltiAdmin.approve' : platform.status === 'active' ? 'ltiAdmin.deactivate' : 'ltiAdmin.reactivate');
  return html`<form method="post" action="/admin/lti/${platform.id}/status" class="inline">
      ${csrfField(csrf)}<input type="hidden" name="status" value="${next}">
      <button type="submit"${next === 'inactive' ? html` class="danger"` : ''}>${label}<span class="visually-hidden"> ${platform.name}</span></button>
    </form>`;
}

function platformRow(req: Request, csrf: string, platform: LtiPlatform): SafeHtml {
  const t = req.t;
  const deployments = platform.deploymentIds.length ? platform.deploymentIds.join(', ') : t('ltiAdmin.anyDeployment');
  return html`<tr data-platform-id="${platform.id}">
      <th scope="row">${platform.name}</th>
      <td><code>${platform.issuer}</code></td>
      <td><code>${platform.clientId}</code></td>
      <td>${deployments}</td>
      <td data-status="${platform.status}">${t(`ltiAdmin.status.${platform.status}`)}</td>
      <td>${t(`ltiAdmin.origin.${platform.origin}`)}</td>
      <td>${platform.product ?? '—'}</td>
      <td>${platform.toolKid ? html`<code>${platform.toolKid}</code>` : t('ltiAdmin.kidDue')}</td>
      <td class="actions"><a href="/admin/lti/${platform.id}">${t('ltiAdmin.edit')}<span class="visually-hidden"> ${platform.name}</span></a> ${statusForm(req, csrf, platform)}</td>
    </tr>`;
}

function platformTable(req: Request, csrf: string, platforms: readonly LtiPlatform[]): SafeHtml {
  if (!platforms.length) return html`<p class="empty">${req.t('ltiAdmin.none')}</p>`;
  const columns = ['name', 'issuer', 'clientId', 'deployments', 'status', 'origin', 'product', 'toolKid', 'actions'] as const;
  return html`<table class="lti-platforms">
      <thead><tr>${columns.map((column) => html`<th scope="col">${req.t(`ltiAdmin.col.${column}`)}</th>`)}</tr></thead>
      <tbody>${platforms.map((platform) => platformRow(req, csrf, platform))}</tbody>
    </table>`;
}

/** /admin/lti: the platforms of the administrator's site. */
export function renderAdminLtiPage(req: Request, csrf: string, platforms: readonly LtiPlatform[], publicUrl: string): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('ltiAdmin.title'),
    body: html`<h1>${t('ltiAdmin.title')}</h1>
      <p>${t('ltiAdmin.intro')}</p>
      <p>${t('ltiAdmin.dynamicHint')} <code>${publicUrl.replace(/\/+$/, '')}/lti/register</code></p>
      <p><a href="/admin/lti/new">${t('ltiAdmin.add')}</a> · <a href="/admin/lti/values">${t('ltiAdmin.values.link')}</a></p>
      ${platformTable(req, csrf, platforms)}`,
  });
}

function platformFields(req: Request, state: FormState): SafeHtml {
  const t = req.t;
  const url = (name: 'issuer' | 'authentication_endpoint' | 'access_token_endpoint' | 'jwks_url') =>
    textField(state, name, { label: t(`ltiAdmin.field.${name}`), help: t(`ltiAdmin.help.${name}`), type: 'url', required: true, maxlength: 500 });
  return html`${formAlert(req, state, LTI_PLATFORM_FIELDS)}
    ${textField(state, 'name', { label: t('ltiAdmin.field.name'), required: true, maxlength: 200 })}
    ${url('issuer')}
    ${textField(state, 'client_id', { label: t('ltiAdmin.field.client_id'), help: t('ltiAdmin.help.client_id'), required: true, maxlength: 255 })}
    ${url('authentication_endpoint')}
    ${url('access_token_endpoint')}
    ${url('jwks_url')}
    ${textArea(state, 'deployment_ids', { label: t('ltiAdmin.field.deployment_ids'), help: t('ltiAdmin.help.deployment_ids'), rows: 3 })}`;
}

/** /admin/lti/new and /admin/lti/<id>: the platform form; on edit, its status and key actions. */
export function renderLtiPlatformFormPage(req: Request, csrf: string, state: FormState, platform?: LtiPlatform): string {
  const t = req.t;
  const title = platform ? t('ltiAdmin.editTitle', { name: platform.name }) : t('ltiAdmin.addTitle');
  const actions = platform
    ? html`<h2>${t('ltiAdmin.manage')}</h2>
        <p>${t('ltiAdmin.col.status')}: <strong data-status="${platform.status}">${t(`ltiAdmin.status.${platform.status}`)}</strong> · ${t('ltiAdmin.col.toolKid')}: ${platform.toolKid ? html`<code>${platform.toolKid}</code>` : t('ltiAdmin.kidDue')}</p>
        <p>${statusForm(req, csrf, platform)} <a href="/admin/lti/${platform.id}/rotate">${t('ltiAdmin.rotate')}</a> · <a href="/admin/lti/${platform.id}/remove">${t('ltiAdmin.remove')}</a></p>`
    : '';
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/lti">${t('ltiAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p>${t('ltiAdmin.formIntro')} <a href="/admin/lti/values">${t('ltiAdmin.values.link')}</a></p>
      <form method="post" action="${platform ? `/admin/lti/${platform.id}` : '/admin/lti'}" class="stack" novalidate>
        ${csrfField(csrf)}
        ${platformFields(req, state)}
        <div class="form-actions"><button type="submit" class="primary">${t(platform ? 'ltiAdmin.save' : 'ltiAdmin.create')}</button></div>
      </form>
      ${actions}`,
  });
}

/** The confirmation step of removing a platform or rotating its tool key. */
export function renderLtiConfirmPage(req: Request, csrf: string, platform: LtiPlatform, action: 'remove' | 'rotate'): string {
  const t = req.t;
  const title = t(`ltiAdmin.${action}Title`, { name: platform.name });
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="/admin/lti/${platform.id}">${t('ltiAdmin.back')}</a></p>
      <h1>${title}</h1>
      <p>${t(`ltiAdmin.${action}Explain`)}</p>
      <form method="post" action="/admin/lti/${platform.id}/${action}">
        ${csrfField(csrf)}
        <div class="form-actions"><button type="submit" class="${action === 'remove' ? 'danger' : 'primary'}">${t(`ltiAdmin.${action}Confirm`)}</button> <a href="/admin/lti/${platform.id}">${t('ltiAdmin.cancel')}</a></div>
      </form>`,
  });
}

/** /admin/lti/values: what to enter in each LMS. */
export function renderLtiValuesPage(req: Request, csrf: string, publicUrl: string): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('ltiAdmin.values.title'),
    scripts: ['/assets/pages.js'],
    body: html`<p><a href="/admin/lti">${t('ltiAdmin.back')}</a></p>
      <h1>${t('ltiAdmin.values.title')}</h1>
      <p>${t('ltiAdmin.values.intro')}</p>
      ${ltiValuesSections(req, publicUrl)}`,
  });
}
