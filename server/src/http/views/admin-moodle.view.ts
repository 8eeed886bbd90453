import type { Request } from 'express';
import type { Site } from '../../domain/sites/site.js';
import type { ApiToken } from '../../domain/tokens/api-token.js';
import { bridgeKeyFields } from './bridge-key-form.view.js';
import type { FormState } from './form-fields.view.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';
import { moodleValuesPanel } from './moodle-values.view.js';

export interface AdminMoodleOptions {
  readonly keys: readonly ApiToken[];
  /** Every site, to name the keys' sites. */
  readonly sites: readonly Site[];
  /** The sites this administrator may bind a key to: the form's choices. */
  readonly bindable: readonly Site[];
  readonly form: FormState;
  /** A key just created, with its secret: shown this once. */
  readonly created?: { readonly key: ApiToken; readonly secret: string };
  readonly publicUrl: string;
}

export interface AdminMoodleKeyOptions {
  readonly key: ApiToken;
  readonly sites: readonly Site[];
  readonly bindable: readonly Site[];
  readonly form: FormState;
  readonly publicUrl: string;
}

const keyName = (req: Request, key: ApiToken): string => key.name || req.t('moodle.unnamed');

function siteName(sites: readonly Site[], siteId: number | null): string {
  const site = sites.find((item) => item.id === siteId);
  return site ? `${site.name} (${site.domain})` : '—';
}

function issuerText(req: Request, key: ApiToken): string {
  if (key.usernameMapping === 'username' || key.usernameMapping === 'email') return '—';
  return key.identityIssuer ?? req.t('moodle.anyIssuer');
}

function revokeForm(req: Request, csrf: string, key: ApiToken): SafeHtml {
  return html`<form method="post" action="/admin/moodle/${key.id}/revoke" class="inline" data-confirm="${req.t('moodle.confirmRevoke')}">
      <input type="hidden" name="_csrf" value="${csrf}">
      <button type="submit" class="danger">${req.t('moodle.revoke')}<span class="visually-hidden"> ${keyName(req, key)}</span></button>
    </form>`;
}

function keyRow(req: Request, csrf: string, key: ApiToken, sites: readonly Site[]): SafeHtml {
  const t = req.t;
  const when = (date: Date) => html`<time datetime="${date.toISOString()}">${formatDate(date, req.locale)}</time>`;
  return html`<tr data-key-id="${key.id}">
      <th scope="row">${keyName(req, key)}</th>
      <td><code>${key.prefix}…</code></td>
      <td>${siteName(sites, key.siteId)}</td>
      <td>${t(`moodle.mapping.${key.usernameMapping}`)}</td>
      <td>${issuerText(req, key)}</td>
      <td>${key.pageSize}</td>
      <td>${when(key.createdAt)}</td>
      <td>${key.lastUsedAt ? when(key.lastUsedAt) : t('moodle.never')}</td>
      <td>${key.revokedAt ? when(key.revokedAt) : t('moodle.active')}</td>
      <td class="actions">${key.revokedAt
        ? ''
        : html`<a href="/admin/moodle/${key.id}">${t('moodle.edit')}<span class="visually-hidden"> ${keyName(req, key)}</span></a> ${revokeForm(req, csrf, key)}`}</td>
    </tr>`;
}

function keyTable(req: Request, csrf: string, keys: readonly ApiToken[], sites: readonly Site[]): SafeHtml {
  if (!keys.length) return html`<p class="empty">${req.t('moodle.none')}</p>`;
  const t = req.t;
  const columns = ['name', 'prefix', 'site', 'mapping', 'issuer', 'pageSize', 'created', 'lastUsed', 'revoked', 'actions'] as const;
  return html`<table class="bridge-keys">
      <thead><tr>${columns.map((column) => html`<th scope="col">${t(`moodle.col.${column}`)}</th>`)}</tr></thead>
      <tbody>${keys.map((key) => keyRow(req, csrf, key, sites))}</tbody>
    </table>`;
}

/** The key itself, once, with a copy button, then what to enter in Moodle. */
function createdPanel(req: Request, options: AdminMoodleOptions & { created: NonNullable<AdminMoodleOptions['created']> }): SafeHtml {
  const t = req.t;
  const { key, secret } = options.created;
  return html`<div class="flash flash-success">
      <p><strong>${t('moodle.created')}</strong></p>
      <label for="new-bridge-key">${t('moodle.keyLabel', { name: keyName(req, key) })}</label>
      <input id="new-bridge-key" class="token-key" readonly size="44" value="${secret}">
      <button type="button" data-copy="new-bridge-key" data-copied="${t('moodle.copied')}">${t('moodle.copy')}</button>
      <p class="copy-status" role="status" aria-live="polite"></p>
    </div>
    ${moodleValuesPanel(req, { publicUrl: options.publicUrl, key, secret, siteName: siteName(options.sites, key.siteId) })}`;
}

/** /admin/moodle: the bridge keys of the administrator's site, and a form to create one. */
export function renderAdminMoodlePage(req: Request, csrf: string, options: AdminMoodleOptions): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('moodle.title'),
    scripts: ['/assets/pages.js'],
    body: html`<h1>${t('moodle.title')}</h1>
      <p>${t('moodle.intro')}</p>
      <p class="muted">${t('moodle.guide')}</p>
      ${options.created ? createdPanel(req, { ...options, created: options.created }) : ''}
      <h2>${t('moodle.keys')}</h2>
      ${keyTable(req, csrf, options.keys, options.sites)}
      <h2 id="create-heading">${t('moodle.createHeading')}</h2>
      <form method="post" action="/admin/moodle" class="stack" aria-labelledby="create-heading">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${bridgeKeyFields(req, options.form, options.bindable)}
        <div class="form-actions"><button type="submit" class="primary">${t('moodle.create')}</button></div>
      </form>`,
  });
}

/** /admin/moodle/<id>: one key's settings, what to enter in Moodle, and revoking it. */
export function renderAdminMoodleKeyPage(req: Request, csrf: string, options: AdminMoodleKeyOptions): string {
  const t = req.t;
  const { key } = options;
  const title = t('moodle.editTitle', { name: keyName(req, key) });
  return renderPage(req, csrf, {
    title,
    scripts: ['/assets/pages.js'],
    body: html`<p><a href="/admin/moodle">${t('moodle.back')}</a></p>
      <h1>${title} <code>${key.prefix}…</code></h1>
      <form method="post" action="/admin/moodle/${key.id}" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${bridgeKeyFields(req, options.form, options.bindable)}
        <div class="form-actions"><button type="submit" class="primary">${t('moodle.save')}</button></div>
      </form>
      ${moodleValuesPanel(req, { publicUrl: options.publicUrl, key, siteName: siteName(options.sites, key.siteId) })}
      ${key.revokedAt ? '' : revokeForm(req, csrf, key)}`,
  });
}
