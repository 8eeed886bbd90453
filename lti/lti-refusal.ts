import type { Request, Response } from 'express';
import type { MessageKey } from '../server/src/http/i18n/i18n.js';
import { html } from '../server/src/http/views/html.js';
import { renderEmbedDocument } from '../server/src/http/views/layout.view.js';

/** How a refused LTI request is answered: status, stable code (header and page), explanation. */
export interface RefusalShape {
  readonly status: number;
  readonly code: string;
  readonly message: MessageKey;
}

const EXPIRED = new Set(['expired_state', 'NONCE_ALREADY_RECEIVED', 'TOKEN_TOO_OLD', 'session_timeout', 'jwt expired']);
const PLATFORM: Record<string, RefusalShape> = {
  unknown_platform: { status: 401, code: 'lti_platform_unknown', message: 'lti.refused.unknown_platform' },
  unregistered_platform: { status: 401, code: 'lti_platform_unknown', message: 'lti.refused.unknown_platform' },
  lti_platform_unknown: { status: 401, code: 'lti_platform_unknown', message: 'lti.refused.unknown_platform' },
  lti_platform_pending: { status: 403, code: 'lti_platform_pending', message: 'lti.refused.pending_platform' },
  lti_platform_inactive: { status: 403, code: 'lti_platform_inactive', message: 'lti.refused.inactive_platform' },
  inactive_platform: { status: 403, code: 'lti_platform_inactive', message: 'lti.refused.inactive_platform' },
  lti_deployment_refused: { status: 403, code: 'lti_deployment_refused', message: 'lti.refused.deployment' },
  lti_video_not_found: { status: 404, code: 'lti_video_not_found', message: 'lti.refused.video_gone' },
  internal_error: { status: 500, code: 'lti_internal_error', message: 'lti.refused.internal' },
  lti_video_forbidden: { status: 403, code: 'lti_video_forbidden', message: 'lti.refused.forbidden' },
  // The deep-linking picker (deep-linking.ts).
  lti_deep_linking_not_teacher: { status: 403, code: 'lti_deep_linking_not_teacher', message: 'lti.refused.not_teacher' },
  lti_deep_linking_no_return_url: { status: 400, code: 'lti_deep_linking_no_return_url', message: 'lti.refused.no_return_url' },
  lti_deep_linking_unsupported_types: { status: 400, code: 'lti_deep_linking_unsupported_types', message: 'lti.picker.error.lti_deep_linking_unsupported_types' },
  lti_picker_video_forbidden: { status: 403, code: 'lti_picker_video_forbidden', message: 'lti.picker.error.lti_picker_video_forbidden' },
  lti_picker_expired: { status: 401, code: 'lti_picker_expired', message: 'lti.refused.picker_expired' },
  lti_picker_invalid: { status: 401, code: 'lti_picker_invalid', message: 'lti.refused.picker_invalid' },
};

/**
 * The answer to a refusal reason (ours, login-state's, or ltijs's error message such as
 * NONCE_ALREADY_RECEIVED or INVALID_SIGNATURE). Pure. Every other reason is an invalid launch:
 * its code carries the reason in lower case (`lti_invalid_signature`), for the logs and support.
 */
export function refusalShape(reason: string): RefusalShape {
  const known = PLATFORM[reason];
  if (known) return known;
  const code = `lti_${reason.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60)}`;
  if (EXPIRED.has(reason)) return { status: 401, code, message: 'lti.refused.expired' };
  return { status: 401, code, message: 'lti.refused.invalid_launch' };
}

/** Logs the refusal (with the request id) and answers a page the LMS iframe shows. */
export function refuse(reason: string, req: Request, res: Response, detail: Record<string, unknown> = {}): void {
  const shape = refusalShape(reason);
  req.log.warn({ reason, code: shape.code, path: req.path, ...detail }, 'LTI request refused');
  res.setHeader('X-Lectern-Error-Code', shape.code);
  res.setHeader('Cache-Control', 'no-store');
  res.status(shape.status).type('html').send(
    renderEmbedDocument(req, req.t('lti.refused.title'), html`<h1>${req.t('lti.refused.title')}</h1>
      <p>${req.t(shape.message)}</p>
      <p>${req.t('lti.refused.retry')} <code>${shape.code}</code> · <code>${req.id}</code></p>`),
  );
}
