import type { Request } from 'express';
import { formatBytes } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';

export interface UploadPageOptions {
  readonly maxSize: number;
  readonly storage: { used: number; quota: number | null };
  /** Upload a new source for this video instead of creating one. */
  readonly video?: { id: number; title: string };
}

/** The progress bar, status line, cancel button and error line the upload form's script drives. */
export function uploadProgressMarkup(req: Request): SafeHtml {
  return html`<div id="upload-progress" class="upload-progress" hidden>
        <label for="upload-bar">${req.t('upload.progress')}</label>
        <progress id="upload-bar" max="100" value="0"></progress>
        <p id="upload-status" role="status" aria-live="polite"></p>
        <button type="button" id="upload-cancel">${req.t('upload.cancel')}</button>
      </div>
      <p id="upload-error" class="flash flash-error" role="alert" hidden></p>`;
}

/** The texts the upload form's script shows (progress, resuming, errors), in the page's language. */
export function uploadTexts(req: Request): Record<string, string> {
  return {
    progressText: req.t('upload.progressText'),
    resuming: req.t('upload.resuming'),
    paused: req.t('upload.paused'),
    done: req.t('upload.done'),
    success: req.t('upload.success'),
    failed: req.t('upload.failed'),
    unfinished: req.t('upload.unfinished'),
    lost: req.t('upload.lost'),
    network: req.t('upload.network'),
  };
}

/**
 * Works without JavaScript (one multipart POST); with it, /assets/pages.js sends the file with
 * tus in chunks, shows progress, and resumes an interrupted upload, even after a reload.
 */
export function renderUploadPage(req: Request, csrf: string, options: UploadPageOptions): string {
  const { maxSize, storage, video } = options;
  const quota = storage.quota === null ? req.t('upload.unlimited') : formatBytes(storage.quota, req.locale);
  const texts = uploadTexts(req);
  const title = video ? `${req.t('edit.replaceSource')} · ${video.title}` : req.t('upload.title');
  return renderPage(req, csrf, {
    title,
    scripts: ['/assets/pages.js'],
    body: html`<h1>${title}</h1>
      <p id="upload-limits">${req.t('upload.limits', { max: formatBytes(maxSize, req.locale), used: formatBytes(storage.used, req.locale), quota })}</p>
      <div id="unfinished-uploads" aria-live="polite"></div>
      <form id="upload-form" class="stack narrow" method="post" enctype="multipart/form-data"
            action="/my/videos/upload?_csrf=${encodeURIComponent(csrf)}"
            data-csrf="${csrf}" data-endpoint="/api/v1/uploads" data-max-size="${maxSize}"
            data-texts="${JSON.stringify(texts)}" aria-describedby="upload-limits">
        ${video ? html`<input type="hidden" name="video_id" value="${video.id}">` : ''}
        <label for="file">${req.t('upload.file')}</label>
        <input id="file" name="file" type="file" required accept="video/*,audio/*,.mkv,.mts,.m2ts,.flv,.wmv">
        ${video ? '' : html`<label for="title">${req.t('upload.videoTitle')}</label><input id="title" name="title" maxlength="250">`}
        <button type="submit" class="primary">${req.t('upload.submit')}</button>
        <noscript><p class="muted">${req.t('upload.noscript')}</p></noscript>
      </form>
      ${uploadProgressMarkup(req)}`,
  });
}
