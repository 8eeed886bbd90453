import type { Request } from 'express';
import type { ApiToken } from '../../domain/tokens/api-token.js';
import { formatDate } from './format.js';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

export function renderTokensPage(req: Request, csrf: string, tokens: readonly ApiToken[], newKey?: string): string {
  const t = req.t;
  const rows = tokens.map(
    (token) => html`<tr>
      <th scope="row">${token.name || '—'}</th>
      <td><code>${token.prefix}…</code></td>
      <td>${formatDate(token.createdAt, req.locale)}</td>
      <td>${token.lastUsedAt ? formatDate(token.lastUsedAt, req.locale) : t('tokens.never')}</td>
      <td>${token.revokedAt
        ? t('tokens.revoked')
        : html`<form method="post" action="/my/tokens/${token.id}/revoke"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="danger">${t('tokens.revoke')}<span class="visually-hidden"> ${token.name || token.prefix}</span></button></form>`}</td>
    </tr>`,
  );
  return renderPage(req, csrf, {
    title: t('tokens.title'),
    body: html`<h1>${t('tokens.title')}</h1>
      <p>${t('tokens.intro')}</p>
      ${newKey ? html`<div class="flash flash-success" role="status"><p>${t('tokens.created')}</p><p><code class="token-key" id="new-token">${newKey}</code></p></div>` : ''}
      <form method="post" action="/my/tokens" class="inline">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label for="token-name">${t('tokens.name')}</label>
        <input id="token-name" name="name" maxlength="100">
        <button type="submit" class="primary">${t('tokens.create')}</button>
      </form>
      ${tokens.length
        ? html`<table><thead><tr><th scope="col">${t('tokens.name')}</th><th scope="col">${t('tokens.prefix')}</th><th scope="col">${t('videos.col.date')}</th><th scope="col">${t('tokens.lastUsed')}</th><th scope="col">${t('videos.col.actions')}</th></tr></thead><tbody>${rows}</tbody></table>`
        : html`<p class="empty">${t('tokens.empty')}</p>`}`,
  });
}
