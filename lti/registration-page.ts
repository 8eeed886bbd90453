import type { Request } from 'express';
import type { LtiPlatform } from '../server/src/domain/lms/lti-platform.js';
import { isMessageKey } from '../server/src/http/i18n/i18n.js';
import { html } from '../server/src/http/views/html.js';
import { renderEmbedDocument } from '../server/src/http/views/layout.view.js';

const pageScript = html`<script type="module" src="/assets/pages.js"></script>`;

/**
 * The page the LMS dialog shows once Lectern is registered. The page script (player/src/pages/
 * lti-close.ts) posts `{subject: 'org.imsglobal.lti.close'}` to the LMS, which closes its dialog;
 * the button does it again for whoever is still reading.
 */
export function renderRegistrationDone(req: Request, platform: LtiPlatform): string {
  const t = req.t;
  const state = platform.status === 'active' ? t('ltiRegister.active') : t('ltiRegister.pending');
  return renderEmbedDocument(
    req,
    t('ltiRegister.doneTitle'),
    html`<h1>${t('ltiRegister.doneTitle')}</h1>
      <p data-platform-status="${platform.status}">${t('ltiRegister.done', { name: platform.name })} ${state}</p>
      <p><button type="button" data-lti-close="auto">${t('ltiRegister.close')}</button></p>`,
    pageScript,
  );
}

/** A registration that failed: what happened, and the code for Lectern's administrators. */
export function renderRegistrationFailure(req: Request, code: string): string {
  const t = req.t;
  const key = `ltiRegister.failure.${code}`;
  return renderEmbedDocument(
    req,
    t('ltiRegister.failedTitle'),
    html`<h1>${t('ltiRegister.failedTitle')}</h1>
      <p>${isMessageKey(key) ? t(key) : t('ltiRegister.failure.other')}</p>
      <p>${t('ltiRegister.nothingRecorded')} <code>${code}</code> · <code>${req.id}</code></p>
      <p><button type="button" data-lti-close="manual">${t('ltiRegister.close')}</button></p>`,
    pageScript,
  );
}
