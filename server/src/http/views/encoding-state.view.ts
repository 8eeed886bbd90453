import type { Request } from 'express';
import { ENCODING_FAILURE_CODES } from '../../domain/encoding/encoding-failure.js';
import { ENCODING_STEPS } from '../../domain/encoding/encoding-job.js';
import { VIDEO_STATUSES, type Video, type VideoEncodingState, type VideoStatus } from '../../domain/videos/video.js';
import { isMessageKey, type MessageKey } from '../i18n/i18n.js';
import { formatTime } from './format.js';
import { html, type SafeHtml } from './html.js';

/**
 * A video's encoding as its managers see it, under its status badge. Queued and encoding
 * videos are "live": the page script (player/src/pages/encoding-progress.ts) polls them and
 * fills the parts rendered here, with the texts of `encodingAnnouncer`.
 */
const LIVE_STATUSES: readonly VideoStatus[] = ['queued', 'encoding'];

export const isLiveStatus = (status: VideoStatus): boolean => LIVE_STATUSES.includes(status);

/** The human reason for a failure code, in the page language; the worker's English message otherwise. */
export function failureReason(req: Request, code: string | null, message: string | null): string {
  const key = `encoding.error.${code}`;
  if (code && isMessageKey(key)) return req.t(key);
  return message ?? req.t('encoding.error.unknown');
}

export function stepName(req: Request, step: string | null): string {
  const key = `encoding.step.${step}`;
  return step && isMessageKey(key) ? req.t(key) : req.t('encoding.starting');
}

type RetryState = Pick<VideoEncodingState, 'retryAt' | 'errorCode' | 'errorMessage'>;

/** "Retrying at 14:05 — Last attempt: …" for a job waiting for its next attempt; '' otherwise. */
export function retryText(req: Request, state: RetryState | null): string {
  if (!state?.retryAt) return '';
  const retry = req.t('encoding.retryAt', { time: formatTime(state.retryAt, req.locale) });
  return state.errorCode ? `${retry} — ${req.t('encoding.lastFailure', { reason: failureReason(req, state.errorCode, state.errorMessage) })}` : retry;
}

/** The bar, named "Encoding: 42% — transcoding", and the same words beside it for sighted users. */
export function progressBar(req: Request, progress: number, step: string | null): SafeHtml {
  const params = { percent: Math.floor(progress), step: stepName(req, step) };
  return html`<progress max="100" value="${progress}" aria-label="${req.t('encoding.progress', params)}"></progress>
        <span class="encoding-step" data-encoding-step aria-hidden="true">${req.t('encoding.progressText', params)}</span>`;
}

/**
 * Attributes marking an element to update while the video encodes. `fragment`: a URL whose
 * HTML replaces the element once the encoding is over (ready or failed).
 */
export function liveAttributes(video: Video, fragment?: string): SafeHtml {
  if (!isLiveStatus(video.status)) return html``;
  return html` data-encoding-live="${video.id}" data-status="${video.status}" data-title="${video.title}"${fragment ? html` data-fragment="${fragment}"` : ''}`;
}

/** Failure reason, retry time or progress bar; nothing for other states (the badge says it). */
export function encodingState(req: Request, video: Video): SafeHtml {
  const state = video.encoding;
  if (video.status === 'failed') {
    return html`<p class="encoding-error">${failureReason(req, state?.errorCode ?? null, state?.errorMessage ?? null)}</p>`;
  }
  if (!isLiveStatus(video.status)) return html``;
  const encoding = video.status === 'encoding';
  const retry = video.status === 'queued' ? retryText(req, state) : '';
  return html`<div class="encoding-state">
      <p class="encoding-retry" data-encoding-retry ${retry ? '' : 'hidden'}>${retry}</p>
      <div class="encoding-progress" data-encoding-progress ${encoding ? '' : 'hidden'}>
        ${progressBar(req, encoding ? (state?.progress ?? 0) : 0, state?.step ?? null)}
      </div>
    </div>`;
}

/** A button posting to the video's encode route, which then goes back to `next`. */
export function encodeButton(req: Request, csrf: string, video: Pick<Video, 'id' | 'title'>, options: { label: MessageKey; next: string; titled?: boolean }): SafeHtml {
  return html`<form method="post" action="/my/videos/${video.id}/encode" class="encode-form">
      <input type="hidden" name="_csrf" value="${csrf}">
      <input type="hidden" name="next" value="${options.next}">
      <button type="submit">${req.t(options.label)}${options.titled ? html`<span class="visually-hidden"> ${video.title}</span>` : ''}</button>
    </form>`;
}

/** "Retry" after a failure; with `reencode`, also "Re-encode" a ready video and "Encode" one never encoded. */
export function encodeForm(req: Request, csrf: string, video: Video, options: { next: string; reencode?: boolean; titled?: boolean }): SafeHtml {
  const labels: Partial<Record<VideoStatus, MessageKey>> = options.reencode ? { failed: 'encoding.retry', ready: 'encoding.reencode', uploaded: 'encoding.start' } : { failed: 'encoding.retry' };
  const label = labels[video.status];
  if (!label || !video.source) return html``;
  return encodeButton(req, csrf, video, { label, next: options.next, titled: options.titled });
}

/** Every text the page script needs, in the page language. */
function scriptTexts(req: Request) {
  const t = req.t;
  return {
    status: Object.fromEntries(VIDEO_STATUSES.map((status) => [status, t(`status.${status}`)])),
    step: Object.fromEntries(ENCODING_STEPS.map(({ step }) => [step, t(`encoding.step.${step}`)])),
    error: Object.fromEntries(ENCODING_FAILURE_CODES.map((code) => [code, t(`encoding.error.${code}`)])),
    unknownError: t('encoding.error.unknown'),
    starting: t('encoding.starting'),
    progress: t('encoding.progress'),
    progressText: t('encoding.progressText'),
    retryAt: t('encoding.retryAt'),
    lastFailure: t('encoding.lastFailure'),
    announce: {
      queued: t('encoding.announce.queued'),
      encoding: t('encoding.announce.encoding'),
      ready: t('encoding.announce.ready'),
      failed: t('encoding.announce.failed'),
    },
  };
}

/** The polite live region the script speaks through, carrying its texts. */
export function encodingAnnouncer(req: Request): SafeHtml {
  return html`<div id="encoding-announcer" class="visually-hidden" aria-live="polite" data-texts="${JSON.stringify(scriptTexts(req))}"></div>`;
}
