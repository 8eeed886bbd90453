import type { Request } from 'express';
import { html } from './html.js';
import { renderEmbedDocument } from './layout.view.js';

const pageScript = html`<script type="module" src="/assets/pages.js"></script>`;

/**
 * A sign-in request for an IdP that takes it by HTTP-POST: pages.js submits the form at once
 * (data-autosubmit); without scripts, the button does. The response must allow the IdP's origin
 * in form-action (saml.routes.ts).
 */
export function renderSamlPostForm(req: Request, action: string, fields: Readonly<Record<string, string>>): string {
  const inputs = Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const body = html`<form id="saml-request" method="post" action="${action}" data-autosubmit>
      ${inputs}
      <p role="status">${req.t('samlSp.post.sending')}</p>
      <button type="submit" class="primary">${req.t('samlSp.post.continue')}</button>
    </form>`;
  return renderEmbedDocument(req, req.t('samlSp.post.title'), body, pageScript);
}
