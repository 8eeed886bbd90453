import type { Request } from 'express';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

export function renderLoginPage(req: Request, csrf: string, options: { next: string; username?: string; failed?: boolean; problem?: string }): string {
  const error = options.problem ?? (options.failed ? req.t('login.failed') : null);
  return renderPage(req, csrf, {
    title: req.t('login.title'),
    body: html`<h1>${req.t('login.title')}</h1>
      ${error ? html`<p class="flash flash-error" role="alert" id="login-error">${error}</p>` : ''}
      <form method="post" action="/login" class="stack narrow" ${error ? html`aria-describedby="login-error"` : ''}>
        <input type="hidden" name="_csrf" value="${csrf}">
        <input type="hidden" name="next" value="${options.next}">
        <label for="username">${req.t('login.username')}</label>
        <input id="username" name="username" autocomplete="username" required autofocus value="${options.username ?? ''}">
        <label for="password">${req.t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" class="primary">${req.t('login.submit')}</button>
      </form>`,
  });
}
