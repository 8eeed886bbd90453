import type { Request } from 'express';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

export function renderErrorPage(req: Request, status: number, detail: string): string {
  const csrf = typeof req.session?.csrfToken === 'string' ? req.session.csrfToken : '';
  return renderPage(req, csrf, {
    title: req.t('error.title'),
    flash: false,
    body: html`<h1>${req.t('error.title')}</h1>
      <p class="error-detail" role="alert">${detail}</p>
      <p class="muted">HTTP ${status} · ${req.id}</p>
      <p><a href="/">${req.t('common.backHome')}</a></p>`,
  });
}
