import type { Request } from 'express';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

/** `code`: the error's stable code, shown so that a user can quote it to an administrator. */
export function renderErrorPage(req: Request, status: number, detail: string, code?: string): string {
  const csrf = typeof req.session?.csrfToken === 'string' ? req.session.csrfToken : '';
  return renderPage(req, csrf, {
    title: req.t('error.title'),
    flash: false,
    body: html`<h1>${req.t('error.title')}</h1>
      <p class="error-detail" role="alert">${detail}</p>
      <p class="muted">HTTP ${status} · ${code ? html`<code data-code="${code}">${code}</code> · ` : ''}${req.id}</p>
      <p><a href="/">${req.t('common.backHome')}</a></p>`,
  });
}
