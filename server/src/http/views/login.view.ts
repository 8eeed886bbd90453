import type { Request } from 'express';
import type { SignInChoices } from '../web/sso-choices.js';
import { MAX_IDP_BUTTONS, ssoStartUrls } from '../web/sso-choices.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export interface LoginView {
  readonly next: string;
  readonly choices: SignInChoices;
  readonly username?: string;
  readonly failed?: boolean;
  readonly problem?: string;
  /** The account an SSO identity waits to be linked to (sso-login-flow.ts). */
  readonly pendingUsername?: string | null;
}

/** SSO first: the CAS servers, then the IdPs (a button each when few, else the discovery page), the last one chosen on top. */
function ssoChoices(req: Request, view: LoginView): SafeHtml {
  const { cas, idps, lastIdp } = view.choices;
  if (!cas.length && !idps.length) return html``;
  const t = req.t;
  const button = (href: string, label: string, primary = false) => html`<li><a class="button${primary ? ' primary' : ''}" href="${href}">${label}</a></li>`;
  const idpButtons =
    idps.length <= MAX_IDP_BUTTONS
      ? idps.filter((idp) => idp.id !== lastIdp?.id).map((idp) => button(ssoStartUrls.idp(idp.id, view.next), t('sso.login.withIdp', { name: idp.name })))
      : [button(ssoStartUrls.discovery(view.next), t('sso.login.chooseInstitution'))];
  return html`<section class="sso-choices" aria-labelledby="sso-title">
      <h2 id="sso-title">${t('sso.login.institution')}</h2>
      <ul class="sso-buttons" data-sso-choices>
        ${lastIdp ? button(ssoStartUrls.idp(lastIdp.id, view.next), t('sso.login.lastChoice', { name: lastIdp.name }), true) : ''}
        ${cas.map((server) => button(ssoStartUrls.cas(server.id, view.next), t('sso.login.withCas', { name: server.name }), !lastIdp && cas.length + idps.length === 1))}
        ${idpButtons}
      </ul>
      <p class="help in-frame-only" hidden data-in-frame>${t('sso.login.newWindow')} <a href="/login?next=${encodeURIComponent(view.next)}" target="_blank" rel="noopener">${t('sso.login.openTab')}</a></p>
    </section>`;
}

function localForm(req: Request, csrf: string, view: LoginView, error: string | null): SafeHtml {
  const t = req.t;
  const sso = view.choices.cas.length + view.choices.idps.length > 0;
  if (!view.choices.localLogin) return html`<p class="help" data-local-login="off">${t(sso ? 'sso.login.localDisabled' : 'sso.login.none')}</p>`;
  return html`<section class="local-login" aria-labelledby="local-title" data-local-login="on">
      ${sso ? html`<h2 id="local-title">${t('sso.login.localTitle')}</h2><p class="help">${t('sso.login.localHelp')}</p>` : html`<h2 id="local-title" class="visually-hidden">${t('login.title')}</h2>`}
      <form method="post" action="/login" class="stack narrow"${error ? html` aria-describedby="login-error"` : ''}>
        <input type="hidden" name="_csrf" value="${csrf}">
        <input type="hidden" name="next" value="${view.next}">
        <label for="username">${t('login.username')}</label>
        <input id="username" name="username" autocomplete="username" required${sso ? '' : html` autofocus`} value="${view.username ?? view.pendingUsername ?? ''}">
        <label for="password">${t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit"${sso ? '' : html` class="primary"`}>${t('login.submit')}</button>
      </form>
    </section>`;
}

/** The login page: institution sign-in first, then the local form when the site allows it. */
export function renderLoginPage(req: Request, csrf: string, view: LoginView): string {
  const error = view.problem ?? (view.failed ? req.t('login.failed') : null);
  return renderPage(req, csrf, {
    title: req.t('login.title'),
    scripts: ['/assets/pages.js'],
    body: html`<h1>${req.t('login.title')}</h1>
      ${error ? html`<p class="flash flash-error" role="alert" id="login-error">${error}</p>` : ''}
      ${view.pendingUsername && view.choices.localLogin ? html`<p class="flash flash-info" role="status" data-pending-link>${req.t('sso.login.pending', { username: view.pendingUsername })}</p>` : ''}
      ${ssoChoices(req, view)}
      ${localForm(req, csrf, view, error)}`,
  });
}
