import type { Request } from 'express';
import type { UserIdentity } from '../../domain/users/user-identity.js';
import { MAX_IDP_BUTTONS, searchable, ssoStartUrls, type SignInChoice, type SignInChoices } from '../web/sso-choices.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export interface DiscoveryView {
  readonly next: string;
  /** The link token to carry on (http/sso/link-intent.ts), or null for a sign-in. */
  readonly link: string | null;
  readonly query: string;
  /** The IdPs matching the query (all of them without one). */
  readonly idps: readonly SignInChoice[];
  readonly total: number;
  readonly lastIdp: SignInChoice | null;
}

function idpItem(idp: SignInChoice, view: DiscoveryView): SafeHtml {
  return html`<li data-idp-name="${searchable(idp.name)}"><a href="${ssoStartUrls.chosenIdp(idp.id, view.next, view.link)}">${idp.name}</a></li>`;
}

/**
 * GET /sso/saml/idps: every enabled IdP by name in the page's language, the last one chosen on
 * this device first. The search is a GET form (it works without JavaScript); pages.js filters the
 * list as one types and announces how many remain.
 */
export function renderIdpDiscoveryPage(req: Request, csrf: string, view: DiscoveryView): string {
  const t = req.t;
  const list = view.idps.length
    ? html`<ul class="idp-list" id="idp-list">${view.idps.map((idp) => idpItem(idp, view))}</ul>`
    : html`<p class="empty" data-empty>${t(view.total ? 'sso.discovery.noMatch' : 'sso.discovery.none')}</p>`;
  return renderPage(req, csrf, {
    title: t('sso.discovery.title'),
    scripts: ['/assets/pages.js'],
    body: html`<p><a href="/login?next=${encodeURIComponent(view.next)}">${t('sso.discovery.back')}</a></p>
      <h1>${t('sso.discovery.title')}</h1>
      <p>${t('sso.discovery.intro')}</p>
      ${view.lastIdp
        ? html`<h2>${t('sso.discovery.last')}</h2>
            <ul class="idp-list" data-last-idp>${idpItem(view.lastIdp, view)}</ul>`
        : ''}
      <h2 id="idp-all">${t('sso.discovery.all')}</h2>
      <form method="get" action="/sso/saml/idps" class="search" role="search" data-idp-filter="idp-list" data-no-match="${t('sso.discovery.noMatch')}">
        <input type="hidden" name="next" value="${view.next}">
        ${view.link ? html`<input type="hidden" name="link" value="${view.link}">` : ''}
        <label for="idp-search">${t('sso.discovery.search')}</label>
        <input id="idp-search" name="q" type="search" value="${view.query}" aria-describedby="idp-search-help" autocomplete="off">
        <button type="submit">${t('videos.searchSubmit')}</button>
        <p class="help" id="idp-search-help">${t('sso.discovery.searchHelp')}</p>
      </form>
      <p class="visually-hidden" role="status" aria-live="polite" id="idp-count" data-template="${t('sso.discovery.count', { count: '{count}' })}"></p>
      ${list}`,
  });
}

export interface MySignInView {
  readonly identities: readonly (UserIdentity & { readonly label: string })[];
  readonly hasPassword: boolean;
  readonly choices: SignInChoices;
}

/** The buttons carry the session's CSRF token as the link token (http/sso/link-intent.ts). */
function linkButtons(req: Request, csrf: string, choices: SignInChoices): SafeHtml {
  const next = '/my/sign-in';
  const button = (href: string, name: string) => html`<li><a class="button" href="${href}">${req.t('sso.my.linkWith', { name })}</a></li>`;
  const idps = choices.idps.length <= MAX_IDP_BUTTONS ? choices.idps.map((idp) => button(ssoStartUrls.idp(idp.id, next, csrf), idp.name)) : [html`<li><a class="button" href="${ssoStartUrls.discovery(next, csrf)}">${req.t('sso.login.chooseInstitution')}</a></li>`];
  return html`<ul class="sso-buttons" data-link-choices>${choices.cas.map((server) => button(ssoStartUrls.cas(server.id, next, csrf), server.name))}${idps}</ul>`;
}

/** /my/sign-in: the identities the signed-in user logs in with, and buttons linking another institution account. */
export function renderMySignInPage(req: Request, csrf: string, view: MySignInView): string {
  const t = req.t;
  const sso = view.choices.cas.length + view.choices.idps.length > 0;
  const rows = view.identities.map(
    (identity) => html`<tr data-provider="${identity.provider}">
        <td>${t(`sso.provider.${identity.provider}`)}</td>
        <td>${identity.label}${identity.label === identity.issuer ? '' : html` <span class="muted">(<code>${identity.issuer}</code>)</span>`}</td>
        <td><code>${identity.subject}</code></td>
      </tr>`,
  );
  return renderPage(req, csrf, {
    title: t('sso.my.title'),
    body: html`<h1>${t('sso.my.title')}</h1>
      <p>${t('sso.my.intro')}</p>
      ${rows.length
        ? html`<table class="identities"><thead><tr><th scope="col">${t('sso.my.col.provider')}</th><th scope="col">${t('sso.my.col.issuer')}</th><th scope="col">${t('sso.my.col.subject')}</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="empty">${t('sso.my.none')}</p>`}
      <h2>${t('sso.my.password')}</h2>
      <p data-has-password="${view.hasPassword}">${t(view.hasPassword ? 'sso.my.passwordSet' : 'sso.my.passwordNone')}</p>
      ${sso ? html`<h2>${t('sso.my.link')}</h2><p class="help">${t('sso.my.linkHelp')}</p>${linkButtons(req, csrf, view.choices)}` : ''}`,
  });
}
