import type { Request } from 'express';
import { DEFAULT_IDENTITY_MAPPING, type IdentityMapping } from '../../domain/sso/identity-mapping.js';
import { isBooleanField, mappingFieldText } from '../../domain/sso/identity-mapping-text.js';
import type { SsoSettings } from '../../domain/sso/sso-settings-service.js';
import type { UserIdentity } from '../../domain/users/user-identity.js';
import type { User } from '../../domain/users/user.js';
import { checkboxField, formAlert, selectField, textField, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

type Refusable = FormState & { readonly refusal?: string };

const SECTIONS: readonly { key: 'keys' | 'profile' | 'roles' | 'groups'; fields: readonly (keyof IdentityMapping)[] }[] = [
  { key: 'keys', fields: ['samlUserKey', 'samlKeyFallback', 'casUserKey'] },
  { key: 'profile', fields: ['firstNameAttribute', 'lastNameAttribute', 'displayNameAttribute', 'emailAttribute'] },
  { key: 'roles', fields: ['primaryAffiliationAttribute', 'affiliationsAttribute', 'staffAffiliations'] },
  { key: 'groups', fields: ['groupsFromAffiliations', 'groupsAttribute', 'createGroups'] },
];

/** A field's help, with Esup-Pod's default shown. */
function fieldHelp(req: Request, field: keyof IdentityMapping): string {
  const t = req.t;
  const value = mappingFieldText(DEFAULT_IDENTITY_MAPPING, field);
  const fallback = isBooleanField(field) ? t(value ? 'ssoAdmin.mapping.defaultOn' : 'ssoAdmin.mapping.defaultOff') : value ? t('ssoAdmin.mapping.default', { value }) : t('ssoAdmin.mapping.defaultEmpty');
  return `${t(`ssoAdmin.help.${field}`)} ${fallback}`;
}

function mappingField(req: Request, state: FormState, field: keyof IdentityMapping): SafeHtml {
  const options = { label: req.t(`ssoAdmin.field.${field}`), help: fieldHelp(req, field) };
  return isBooleanField(field) ? checkboxField(state, field, options) : textField(state, field, { ...options, maxlength: field === 'staffAffiliations' ? 1400 : 200 });
}

function mappingForm(req: Request, csrf: string, state: Refusable): SafeHtml {
  const t = req.t;
  return html`<h2 id="mapping">${t('ssoAdmin.mapping.title')}</h2>
    <p class="help">${t('ssoAdmin.mapping.intro')}</p>
    <form method="post" action="/admin/sso/mapping" class="stack" novalidate${state.refusal ? html` data-error-code="${state.refusal}"` : ''}>
      <input type="hidden" name="_csrf" value="${csrf}">
      ${formAlert(req, state, Object.keys(DEFAULT_IDENTITY_MAPPING))}
      ${SECTIONS.map((section) => html`<fieldset><legend>${t(`ssoAdmin.mapping.${section.key}`)}</legend>${section.fields.map((field) => mappingField(req, state, field))}</fieldset>`)}
      <div class="form-actions"><button type="submit" class="primary">${t('ssoAdmin.mapping.save')}</button></div>
    </form>`;
}

/** /admin/sso: local login, the identity mapping, links to the SAML and CAS pages and to identity links. */
export function renderAdminSsoPage(req: Request, csrf: string, view: { settings: SsoSettings; mapping: Refusable }): string {
  const t = req.t;
  const local = { values: { local_login: view.settings.localLoginEnabled ? 'true' : '' }, problems: [] };
  return renderPage(req, csrf, {
    title: t('ssoAdmin.title'),
    body: html`<h1>${t('ssoAdmin.title')}</h1>
      <p>${t('ssoAdmin.intro')}</p>
      <ul>
        <li><a href="/admin/sso/saml">${t('ssoAdmin.links.saml')}</a></li>
        <li><a href="/admin/sso/cas">${t('ssoAdmin.links.cas')}</a></li>
        <li><a href="/admin/sso/identities">${t('ssoAdmin.links.identities')}</a></li>
      </ul>
      <h2 id="local-login">${t('ssoAdmin.local.title')}</h2>
      <p data-local-login="${view.settings.localLoginEnabled ? 'on' : 'off'}"><strong>${t(view.settings.localLoginEnabled ? 'ssoAdmin.local.on' : 'ssoAdmin.local.off')}</strong></p>
      <form method="post" action="/admin/sso/local-login" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${checkboxField(local, 'local_login', { label: t('ssoAdmin.local.field'), help: t('ssoAdmin.local.help') })}
        <div class="form-actions"><button type="submit">${t('ssoAdmin.local.save')}</button></div>
      </form>
      ${mappingForm(req, csrf, view.mapping)}`,
  });
}

const identityQuery = (username: string, identity: UserIdentity) =>
  `username=${encodeURIComponent(username)}&provider=${encodeURIComponent(identity.provider)}&issuer=${encodeURIComponent(identity.issuer)}&subject=${encodeURIComponent(identity.subject)}`;

function identityTable(req: Request, user: User, identities: readonly UserIdentity[]): SafeHtml {
  const t = req.t;
  if (!identities.length) return html`<p class="empty">${t('ssoAdmin.identities.none')}</p>`;
  const columns = ['provider', 'issuer', 'subject', 'actions'] as const;
  return html`<table class="identities">
      <thead><tr>${columns.map((column) => html`<th scope="col">${t(`ssoAdmin.identities.col.${column}`)}</th>`)}</tr></thead>
      <tbody>${identities.map(
        (identity) => html`<tr data-provider="${identity.provider}">
          <td>${t(`sso.provider.${identity.provider}`)}</td><td><code>${identity.issuer}</code></td><td><code>${identity.subject}</code></td>
          <td>${identity.provider === 'lti' ? '' : html`<a href="/admin/sso/identities/unlink?${identityQuery(user.username, identity)}">${t('ssoAdmin.identities.unlink')}<span class="visually-hidden"> ${identity.subject}</span></a>`}</td>
        </tr>`,
      )}</tbody>
    </table>`;
}

/** /admin/sso/identities: find a user, list their identities (unlink each), link one. */
export function renderSsoIdentitiesPage(req: Request, csrf: string, view: { username: string; found: { user: User; identities: readonly UserIdentity[] } | null; link: Refusable }): string {
  const t = req.t;
  const providers = [
    { value: 'saml', label: t('sso.provider.saml') },
    { value: 'cas', label: t('sso.provider.cas') },
  ];
  return renderPage(req, csrf, {
    title: t('ssoAdmin.identities.title'),
    body: html`<p><a href="/admin/sso">${t('ssoAdmin.identities.back')}</a></p>
      <h1>${t('ssoAdmin.identities.title')}</h1>
      <p class="help">${t('ssoAdmin.identities.intro')}</p>
      <form method="get" action="/admin/sso/identities" class="search">
        <label for="find-username">${t('ssoAdmin.identities.find')}</label>
        <input id="find-username" name="username" value="${view.username}" required>
        <button type="submit">${t('ssoAdmin.identities.findSubmit')}</button>
      </form>
      ${view.found ? html`<h2>${t('ssoAdmin.identities.of', { username: view.found.user.username })}</h2>${identityTable(req, view.found.user, view.found.identities)}` : ''}
      <h2 id="link">${t('ssoAdmin.identities.link')}</h2>
      <form method="post" action="/admin/sso/identities/link" class="stack" novalidate${view.link.refusal ? html` data-error-code="${view.link.refusal}"` : ''}>
        <input type="hidden" name="_csrf" value="${csrf}">
        ${formAlert(req, view.link, ['username', 'provider', 'issuer', 'subject'])}
        ${textField(view.link, 'username', { label: t('ssoAdmin.field.username'), required: true, maxlength: 150 })}
        ${selectField(view.link, 'provider', { label: t('ssoAdmin.field.provider'), choices: providers })}
        ${textField(view.link, 'issuer', { label: t('ssoAdmin.field.issuer'), help: t('ssoAdmin.help.issuer'), required: true, maxlength: 500 })}
        ${textField(view.link, 'subject', { label: t('ssoAdmin.field.subject'), help: t('ssoAdmin.help.subject'), required: true, maxlength: 500 })}
        <div class="form-actions"><button type="submit" class="primary">${t('ssoAdmin.identities.linkSubmit')}</button></div>
      </form>`,
  });
}

/** The confirmation step of unlinking an identity. */
export function renderSsoUnlinkPage(req: Request, csrf: string, view: { username: string; identity: Pick<UserIdentity, 'provider' | 'issuer' | 'subject'> }): string {
  const t = req.t;
  const title = t('ssoAdmin.identities.unlinkTitle', { username: view.username });
  const back = `/admin/sso/identities?username=${encodeURIComponent(view.username)}`;
  return renderPage(req, csrf, {
    title,
    body: html`<p><a href="${back}">${t('ssoAdmin.identities.back')}</a></p>
      <h1>${title}</h1>
      <p>${t(`sso.provider.${view.identity.provider}`)} · <code>${view.identity.issuer}</code> · <code>${view.identity.subject}</code></p>
      <p>${t('ssoAdmin.identities.unlinkExplain')}</p>
      <form method="post" action="/admin/sso/identities/unlink">
        <input type="hidden" name="_csrf" value="${csrf}">
        <input type="hidden" name="username" value="${view.username}">
        <input type="hidden" name="provider" value="${view.identity.provider}">
        <input type="hidden" name="issuer" value="${view.identity.issuer}">
        <input type="hidden" name="subject" value="${view.identity.subject}">
        <div class="form-actions"><button type="submit" class="danger">${t('ssoAdmin.identities.unlinkConfirm')}</button> <a href="${back}">${t('ssoAdmin.identities.cancel')}</a></div>
      </form>`,
  });
}
