import type { Request } from 'express';
import type { VideoPage } from '../server/src/domain/videos/video-service.js';
import type { Video } from '../server/src/domain/videos/video.js';
import type { MessageKey } from '../server/src/http/i18n/i18n.js';
import { html, type SafeHtml } from '../server/src/http/views/html.js';
import { uploadProgressMarkup, uploadTexts } from '../server/src/http/views/upload.view.js';
import { renderEmbedDocument } from '../server/src/http/views/layout.view.js';
import { PICKER_FILTERS, type Choice, type PickerQuery } from './picker-selection.js';

/**
 * The deep-linking picker's pages (inside the LMS dialog). The picker works as plain forms
 * (search, filter, pages, preview in a frame, choice): every form carries the picker token in a
 * hidden field. /assets/pages.js adds the resumable upload, the live selection count and the
 * return form's automatic submission; no inline script (CSP).
 */
export interface PickerModel {
  readonly token: string;
  readonly acceptMultiple: boolean;
  readonly acceptLineItem: boolean;
  readonly query: PickerQuery;
  readonly page: VideoPage;
  readonly choices: readonly Choice[];
  readonly thumbnails: ReadonlyMap<number, string>;
  /** A refused submission's code (its explanation is shown above the form). */
  readonly error?: string;
}

export const PICKER_PATH = '/lti/picker';
const PREVIEW_FRAME = 'lectern-preview';
const pageScript = html`<script type="module" src="/assets/pages.js"></script>`;

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function optionsOf(req: Request, model: PickerModel, video: Pick<Video, 'id'>, choice: Choice | undefined): SafeHtml {
  const id = video.id;
  const grade = model.acceptLineItem
    ? html`<span><input type="checkbox" id="grade-${id}" name="grade_${id}" ${choice?.grade ? 'checked' : ''}> <label for="grade-${id}">${req.t('lti.picker.grade')}</label></span>`
    : '';
  return html`<span class="picker-options">${grade}
      <span><label for="completion-${id}">${req.t('lti.picker.completion')}</label>
      <input type="number" id="completion-${id}" name="completion_${id}" min="1" max="100" step="1" value="${choice?.completionPercent ?? 90}" inputmode="numeric"></span></span>`;
}

function row(req: Request, model: PickerModel, video: Video): SafeHtml {
  const choice = model.choices.find((one) => one.videoId === video.id);
  const thumbnail = model.thumbnails.get(video.id);
  const duration = formatDuration(video.durationSeconds);
  const facts = [req.t(`status.${video.status}` as MessageKey), duration ? req.t('lti.picker.duration', { duration }) : ''].filter(Boolean).join(' · ');
  const preview = video.media
    ? html`<button type="submit" formaction="${PICKER_PATH}/preview" formtarget="${PREVIEW_FRAME}" name="preview" value="${video.id}" aria-label="${req.t('lti.picker.previewOf', { title: video.title })}">${req.t('lti.picker.preview')}</button>`
    : '';
  return html`<li class="picker-item">
      <input type="${model.acceptMultiple ? 'checkbox' : 'radio'}" id="pick-${video.id}" name="video" value="${video.id}" ${choice ? 'checked' : ''} aria-describedby="facts-${video.id}">
      <label for="pick-${video.id}">${thumbnail ? html`<img src="${thumbnail}" alt="" width="96" height="54" loading="lazy">` : ''} <strong>${video.title}</strong></label>
      <span id="facts-${video.id}" class="muted">${facts}</span>
      ${preview}
      ${optionsOf(req, model, video, choice)}
    </li>`;
}

/** Choices made on other pages or searches stay in the form (hidden), so that paging does not lose them. */
function keptChoices(model: PickerModel): SafeHtml[] {
  const shown = new Set(model.page.items.map((video) => video.id));
  return model.choices
    .filter((choice) => !shown.has(choice.videoId))
    .map(
      (choice) => html`<input type="hidden" name="video" value="${choice.videoId}">
      ${choice.grade ? html`<input type="hidden" name="grade_${choice.videoId}" value="on">` : ''}
      <input type="hidden" name="completion_${choice.videoId}" value="${choice.completionPercent}">`,
    );
}

function searchBar(req: Request, query: PickerQuery): SafeHtml {
  const filters = (Object.keys(PICKER_FILTERS) as (keyof typeof PICKER_FILTERS)[]).map(
    (name) => html`<option value="${name}" ${query.filter === name ? 'selected' : ''}>${req.t(`lti.picker.filter.${name}`)}</option>`,
  );
  return html`<div role="search" class="picker-search">
      <label for="picker-q">${req.t('lti.picker.search')}</label>
      <input type="search" id="picker-q" name="q" value="${query.search}" maxlength="200">
      <label for="picker-filter">${req.t('lti.picker.filter')}</label>
      <select id="picker-filter" name="filter">${filters}</select>
      <button type="submit" id="picker-search" name="action" value="search">${req.t('lti.picker.searchSubmit')}</button>
    </div>`;
}

function pager(req: Request, page: VideoPage): SafeHtml | string {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages <= 1) return '';
  return html`<nav aria-label="${req.t('videos.pagination')}" class="picker-pages">
      ${page.page > 1 ? html`<button type="submit" name="page" value="${page.page - 1}">${req.t('lti.picker.previous')}</button>` : ''}
      <span>${req.t('lti.picker.pageOf', { page: page.page, pages })}</span>
      ${page.page < pages ? html`<button type="submit" name="page" value="${page.page + 1}">${req.t('lti.picker.next')}</button>` : ''}
    </nav>`;
}

function uploadSection(req: Request, token: string): SafeHtml {
  const texts = uploadTexts(req);
  return html`<section aria-labelledby="upload-heading" class="picker-upload">
      <h2 id="upload-heading">${req.t('lti.picker.upload')}</h2>
      <p id="upload-hint" class="muted">${req.t('lti.picker.uploadHint')}</p>
      <form id="upload-form" class="stack narrow" data-endpoint="${PICKER_PATH}/uploads" data-picker-token="${token}" data-after-upload="event"
            data-texts="${JSON.stringify(texts)}" aria-describedby="upload-hint">
        <label for="file">${req.t('upload.file')}</label>
        <input id="file" name="file" type="file" required accept="video/*,audio/*,.mkv,.mts,.m2ts,.flv,.wmv">
        <label for="title">${req.t('upload.videoTitle')}</label><input id="title" name="title" maxlength="250">
        <button type="submit">${req.t('upload.submit')}</button>
        <noscript><p class="muted">${req.t('lti.picker.uploadNoscript')}</p></noscript>
      </form>
      ${uploadProgressMarkup(req)}
    </section>`;
}

export function renderPicker(req: Request, model: PickerModel): string {
  const title = req.t('lti.picker.title');
  const error = model.error ? html`<p id="picker-error" class="flash flash-error" role="alert">${req.t(`lti.picker.error.${model.error}` as MessageKey)}</p>` : '';
  const items = model.page.items.map((video) => row(req, model, video));
  const body = html`<h1>${title}</h1>
    <p>${req.t(model.acceptMultiple ? 'lti.picker.intro' : 'lti.picker.introSingle')}</p>
    ${error}
    <form id="lti-picker" method="post" action="${PICKER_PATH}" data-count-text="${req.t('lti.picker.count')}">
      <input type="hidden" name="picker_token" value="${model.token}">
      ${searchBar(req, model.query)}
      <fieldset><legend>${req.t('lti.picker.results')}</legend>
        ${items.length ? html`<ul class="picker-list">${items}</ul>` : html`<p>${req.t('lti.picker.empty')}</p>`}
      </fieldset>
      ${keptChoices(model)}
      ${pager(req, model.page)}
      <p id="picker-count" role="status" aria-live="polite">${req.t('lti.picker.count', { count: model.choices.length })}</p>
      <button type="submit" id="picker-submit" class="primary" name="action" value="submit">${req.t('lti.picker.submit')}</button>
    </form>
    <iframe name="${PREVIEW_FRAME}" id="picker-preview" title="${req.t('lti.picker.previewFrame')}" width="640" height="400" class="picker-preview"></iframe>
    ${uploadSection(req, model.token)}`;
  return renderEmbedDocument(req, title, body, pageScript);
}

/** The answer to the platform: a form posting the signed JWT to its return URL, sent by pages.js (a button without it). */
export function renderReturnForm(req: Request, returnUrl: string, jwt: string): string {
  const body = html`<form id="lti-return" method="post" action="${returnUrl}" data-autosubmit>
      <input type="hidden" name="JWT" value="${jwt}">
      <p role="status">${req.t('lti.picker.sending')}</p>
      <button type="submit" class="primary">${req.t('lti.picker.continue')}</button>
    </form>`;
  return renderEmbedDocument(req, req.t('lti.picker.title'), body, pageScript);
}
