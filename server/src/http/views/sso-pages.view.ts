import type { Request } from 'express';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

/**
 * An SSO sign-in whose user key names an existing account made otherwise: never merged. Its
 * owner logs in with its password (the identity waits in the session and is linked then), or
 * asks an administrator.
 */
export function renderSsoNeedsLinkPage(req: Request, csrf: string, view: { username: string; localLogin: boolean; next: string }): string {
  const t = req.t;
  const login = `/login?next=${encodeURIComponent(view.next)}`;
  return renderPage(req, csrf, {
    title: t('sso.needsLink.title'),
    body: html`<h1>${t('sso.needsLink.title')}</h1>
      <div data-sso-needs-link="${view.username}">
        <p>${t('sso.needsLink.explain', { username: view.username })}</p>
        ${view.localLogin
          ? html`<p>${t('sso.needsLink.local')}</p>
              <p><a class="button primary" href="${login}">${t('sso.needsLink.logIn', { username: view.username })}</a></p>
              <p>${t('sso.needsLink.admin')}</p>`
          : html`<p>${t('sso.needsLink.adminOnly')}</p>`}
      </div>`,
  });
}

/**
 * Signed out of Lectern; the browser goes on to the IdP's or CAS server's logout URL (a meta
 * refresh, and a link for when refreshes are blocked). A redirect from the logout form would be
 * checked against the form-action CSP directive; a navigation from this page is not.
 */
export function renderSsoSigningOutPage(req: Request, csrf: string, view: { institution: string; url: string }): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('sso.signingOut.title'),
    head: html`<meta http-equiv="refresh" content="0;url=${view.url}">`,
    body: html`<h1>${t('sso.signingOut.title')}</h1>
      <p role="status">${t('sso.signingOut.done')} ${t('sso.signingOut.next', { institution: view.institution })}</p>
      <p><a href="${view.url}" data-sso-sign-out>${t('sso.signingOut.link', { institution: view.institution })}</a></p>`,
  });
}
